"""The columns of the ratings and findings downloads: what an analyst would otherwise copy by hand."""

from sefton_tracker.core.display import person_name
from sefton_tracker.core.exports import Column

from .models import RAG


def _rag_label(rag):
    return RAG(rag).label if rag else ""


EVENT_COLUMNS = [
    Column("Local authority", lambda row: row.event.authority.name, 18),
    Column("Event", lambda row: row.event.title, 28),
    Column("Fieldwork start", lambda row: row.event.fieldwork_start, 14),
    Column("Fieldwork end", lambda row: row.event.fieldwork_end, 14),
    Column("Letter date", lambda row: row.event.published_on, 14),
]

RATING_COLUMNS = [
    Column("Rating id", lambda review: review.pk, 10),
    *EVENT_COLUMNS,
    Column("Area of concern", lambda review: review.area.title, 36),
    Column("Theme", lambda review: review.area.get_theme_display(), 24),
    Column("Area as worded by the letter", lambda review: review.area_wording, 40),
    Column("RAG rating", lambda review: review.get_rag_display(), 10),
    Column("Rationale", lambda review: review.rationale, 60),
    Column("Reason not rated", lambda review: review.not_rated_reason, 40),
    Column("Rated by", lambda review: person_name(review.rated_by), 18),
    Column("Rated at", lambda review: review.rated_at, 18),
]

FINDING_COLUMNS = [
    Column("Finding id", lambda finding: finding.pk, 10),
    *EVENT_COLUMNS,
    Column("Area of concern", lambda finding: finding.area.title if finding.area else "", 36),
    Column("Theme", lambda finding: finding.area.get_theme_display() if finding.area else "", 24),
    Column("RAG at this event", lambda finding: _rag_label(finding.area_rag), 12),
    Column("Polarity", lambda finding: finding.get_polarity_display(), 10),
    Column("Letter section", lambda finding: finding.get_section_display(), 22),
    Column("Paragraph", lambda finding: finding.paragraph, 10),
    Column("Quoted text", lambda finding: finding.text, 80),
]
