"""Finding findings: an authority's findings the user may see, and searching their quoted text."""

from django.db import connections
from django.db.models import F

from sefton_tracker.core.punctuation import PlainPunctuation, plain_punctuation

from ..models import Finding, recorded_visible_through

# The text search configuration of findings' full-text search and of its index (migration 0004).
SEARCH_CONFIG = "english"


def searchable_findings(authority, user):
    """An authority's findings the user may see (drafts and the areas they raised are embargoed),
    with what a results list shows."""
    return (
        Finding.objects.filter(recorded_visible_through(user), event__authority=authority)
        .select_related("event", "area")
        .order_by("-event__fieldwork_start", "event_id", "order", "id")
    )


def full_text_search(using: str = "default") -> bool:
    """Whether searches are full-text (ranked, stemmed, with a search syntax): on PostgreSQL."""
    return connections[using].vendor == "postgresql"


def search_findings(findings, text: str):
    """Findings whose quoted text matches `text`. PostgreSQL: English full-text search (stemmed,
    websearch syntax: "quoted phrases", or, -exclusions), best matches first, served by the GIN
    index of migration 0004. Elsewhere: every word must appear in the text, in any case, and a
    word with a leading minus must not. Either way typographic quotes, apostrophes and dashes
    match their typed forms: the query and the text are both searched in the plain form."""
    text = plain_punctuation(text or "").strip()
    if not text:
        return findings
    if full_text_search(findings.db):
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return (
            findings.alias(search=SearchVector(PlainPunctuation("text"), config=SEARCH_CONFIG))
            .filter(search=query)
            .annotate(rank=SearchRank(F("search"), query))
            .order_by("-rank", "-event__fieldwork_start", "event_id", "order", "id")
        )
    findings = findings.alias(plain_text=PlainPunctuation("text"))
    for word in text.replace('"', " ").split():
        if word.startswith("-") and len(word) > 1:
            findings = findings.exclude(plain_text__icontains=word[1:])
        else:
            findings = findings.filter(plain_text__icontains=word)
    return findings
