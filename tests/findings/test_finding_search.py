"""Finding things: the findings page searches the inspectors' words (full-text search with ranking
on PostgreSQL, every word on SQLite) and filters by polarity, area and event, as shareable URLs."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from findings.models import AreaOfConcern, Finding
from findings.selectors.search import search_findings
from findings.views.board import FINDINGS_PER_PAGE
from tests.support.factories import FindingFactory, InspectionEventFactory
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

ALLEGATIONS = "Response to allegations against professionals"


def search(client, **params):
    response = client.get(reverse("finding-search"), params)
    assert response.status_code == 200
    return response


def found(response) -> list[Finding]:
    return list(response.context["results"].object_list)


def test_the_findings_page_lists_every_finding_newest_event_first(client, sefton, board_member):
    client.force_login(board_member)
    response = search(client)
    assert response.context["results"].paginator.count == 47
    first_page = found(response)
    assert len(first_page) == FINDINGS_PER_PAGE
    assert {f.event.visit_number for f in first_page[:21]} == {6}
    assert [f.order for f in first_page[:21]] == sorted(f.order for f in first_page[:21])
    assert "47 findings" in response.content.decode()


def test_a_search_finds_the_words_and_marks_them(client, sefton, board_member):
    client.force_login(board_member)
    response = search(client, q="allegations professionals")
    results = found(response)
    assert results
    for finding in results:
        text = finding.text.lower()
        assert "allegation" in text and "professional" in text
    content = response.content.decode()
    assert '<mark class="app-mark">allegations</mark>' in content
    assert "matching “allegations professionals”" in content


def test_postgresql_matches_other_forms_of_a_word_and_ranks_the_best_first(sefton):
    findings = Finding.objects.filter(event__authority=sefton)
    if connection.vendor == "postgresql":
        # "allegation" is stemmed: it finds "allegations" too.
        assert search_findings(findings, "allegation").exists()
        best = FindingFactory(
            event=InspectionEvent.objects.get(visit_number=6),
            area=None,
            text="Consent, consent and consent: consent is now sought before sharing.",
        )
        ranked = list(search_findings(Finding.objects.all(), "consent"))
        assert ranked[0] == best
        assert len(ranked) > 1
    else:
        # Elsewhere every word must appear as written (in any case).
        assert list(search_findings(findings, "ALLEGATIONS")) == list(
            findings.filter(text__icontains="allegations")
        )
        assert not search_findings(findings, "allegationz").exists()


def test_the_search_index_serves_the_query_on_postgresql():
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            assert "findings_finding_text_search" not in {row[0] for row in cursor.fetchall()}
            return
        sql, params = search_findings(Finding.objects.all(), "consent").query.sql_with_params()
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "findings_finding_text_search" in plan


def test_findings_filter_by_polarity_area_and_event(client, sefton, board_member):
    client.force_login(board_member)
    sixth = InspectionEvent.objects.get(visit_number=6)
    area = AreaOfConcern.objects.get(title__startswith="Parental consent")
    results = found(search(client, polarity="strength", area=area.pk, event=sixth.pk))
    expected = Finding.objects.filter(event=sixth, area=area, polarity="strength")
    assert sorted(f.pk for f in results) == sorted(f.pk for f in expected)
    assert len(results) >= 3


def test_filters_and_search_combine(client, sefton, board_member):
    client.force_login(board_member)
    results = found(search(client, q="consent", polarity="mixed"))
    assert results
    assert all(f.polarity == "mixed" and "consent" in f.text.lower() for f in results)


def test_a_bad_filter_value_is_named_against_its_field(client, sefton, board_member):
    client.force_login(board_member)
    content = search(client, polarity="neutral", event="99999", q="x" * 201).content.decode()
    assert 'href="#id_polarity">Choose strength, weakness or mixed from the list</a>' in content
    assert 'href="#id_event">Choose an inspection or visit from the list</a>' in content
    assert 'href="#id_q">Search text must be 200 characters or fewer</a>' in content
    assert "47 findings" in content  # nothing valid was asked for, so everything shows


def test_a_draft_events_findings_are_kept_from_the_board(client, sefton, board_member, officer):
    draft = InspectionEventFactory(authority=sefton, status=InspectionEvent.Status.DRAFT)
    FindingFactory(event=draft, area=None, text="A draft finding about supervision.")

    client.force_login(board_member)
    assert not found(search(client, q="supervision draft"))
    assert "Choose an inspection or visit" in search(client, event=draft.pk).content.decode()

    client.force_login(officer)
    response = search(client, event=draft.pk)
    assert [f.text for f in found(response)] == ["A draft finding about supervision."]
    assert "Draft" in response.content.decode()


def test_another_authoritys_findings_are_not_mixed_in(client, sefton, board_member):
    FindingFactory(text="Findings elsewhere about allegations against professionals.")
    client.force_login(board_member)
    assert all(f.event.authority == sefton for f in found(search(client, q="allegations")))


def test_the_list_is_paginated_and_page_links_keep_the_filters(client, sefton, board_member):
    client.force_login(board_member)
    response = search(client, polarity="weakness")
    weaknesses = Finding.objects.filter(polarity="weakness").count()
    assert response.context["results"].paginator.count == weaknesses
    more = FindingFactory.create_batch(
        FINDINGS_PER_PAGE,
        event=InspectionEvent.objects.get(visit_number=6),
        area=None,
        polarity="weakness",
    )
    total = weaknesses + len(more)
    response = search(client, polarity="weakness")
    content = response.content.decode()
    assert response.context["results"].paginator.num_pages == -(-total // FINDINGS_PER_PAGE)
    assert 'href="?polarity=weakness&amp;page=2"' in content
    second = search(client, polarity="weakness", page=2)
    assert len(found(second)) == min(FINDINGS_PER_PAGE, total - FINDINGS_PER_PAGE)
    assert all(f.polarity == "weakness" for f in found(second))
    assert "Previous" in second.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, sefton, board_member):
    client.force_login(board_member)
    response = search(client, page=99)
    assert response.context["results"].number == 3


def test_no_match_says_what_to_try(client, sefton, board_member):
    client.force_login(board_member)
    content = search(client, q="zebra").content.decode()
    assert "0 findings" in content and "No findings match" in content


def test_a_board_member_without_the_view_permission_is_refused(client, sefton):
    from tests.support.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("finding-search")).status_code == 403


def test_an_events_date_shows_beside_its_findings(client, sefton, board_member):
    client.force_login(board_member)
    event = InspectionEventFactory(
        authority=sefton,
        visit_number=7,  # not the factory's next number, which may be one Sefton has
        fieldwork_start=datetime.date(2025, 1, 14),
        fieldwork_end=datetime.date(2025, 1, 15),
    )
    FindingFactory(event=event, area=None, text="Leaders now have a clear line of sight.")
    content = search(client, q="line of sight").content.decode()
    assert f"{event.title}</a>, January 2025" in content


def test_the_highlight_marks_searched_words_and_escapes_the_rest():
    from findings.templatetags.findings_text import highlight

    marked = highlight(
        "Allegation <b>records</b> & allegations or consent", '"allegations" or -consent'
    )
    assert marked == (
        '<mark class="app-mark">Allegation</mark> &lt;b&gt;records&lt;/b&gt; &amp; '
        '<mark class="app-mark">allegations</mark> or consent'
    )
    assert highlight("<i>plain</i>", "") == "&lt;i&gt;plain&lt;/i&gt;"


def test_a_minus_sign_leaves_a_word_out(client, sefton, board_member):
    client.force_login(board_member)
    with_consent = found(search(client, q="consent"))
    without_children = found(search(client, q="consent -children"))
    assert without_children
    assert len(without_children) < len(with_consent)
    assert all("children" not in f.text.lower() for f in without_children)


def test_the_search_hint_describes_the_search_this_database_does(client, sefton, board_member):
    client.force_login(board_member)
    content = search(client).content.decode()
    if connection.vendor == "postgresql":
        assert "Use quotation marks for a phrase" in content
    else:
        assert "Every word must appear in the finding." in content


# Typographic punctuation: Ofsted's letters use curly quotes and dashes, people type straight ones.

TYPOGRAPHIC = {
    "curly": "Leaders now put children’s welfare first; work is “child–centred” and timely.",
    "straight": "Managers check that the children's welfare plans are child-centred.",
    "other": "Supervision is regular.",
}


@pytest.fixture
def typographic_findings(sefton):
    sixth = InspectionEvent.objects.get(visit_number=6)
    return {
        label: FindingFactory(event=sixth, area=None, text=text)
        for label, text in TYPOGRAPHIC.items()
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("children's welfare", {"curly", "straight"}),
        ("children’s welfare", {"curly", "straight"}),
        ("children‘s welfare", {"curly", "straight"}),
        ("child-centred", {"curly", "straight"}),
        ("child–centred", {"curly", "straight"}),
        ("child—centred", {"curly", "straight"}),
    ],
)
def test_quotes_apostrophes_and_dashes_match_in_either_form(
    client, board_member, typographic_findings, query, expected
):
    ours = {f.pk: label for label, f in typographic_findings.items()}
    findings = Finding.objects.filter(pk__in=ours)
    assert {ours[f.pk] for f in search_findings(findings, query)} == expected

    client.force_login(board_member)
    on_the_page = {ours[f.pk] for f in found(search(client, q=query)) if f.pk in ours}
    assert on_the_page == expected

    from tests.support.api import api_client

    response = api_client(board_member).get("/api/v1/findings/", {"q": query})
    assert response.status_code == 200
    assert {ours[r["id"]] for r in response.json()["results"] if r["id"] in ours} == expected


def test_the_search_marks_a_word_typed_with_a_straight_apostrophe():
    from findings.templatetags.findings_text import highlight

    assert highlight("For children’s welfare", "children's") == (
        'For <mark class="app-mark">children’s</mark> welfare'
    )


def test_the_search_index_serves_a_query_with_typographic_punctuation(sefton):
    if connection.vendor != "postgresql":
        pytest.skip("the search index is PostgreSQL's")
    with connection.cursor() as cursor:
        query = search_findings(Finding.objects.all(), "children’s “welfare” child—centred")
        sql, params = query.query.sql_with_params()
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "findings_finding_text_search" in plan


def test_the_search_index_translates_the_characters_the_search_does():
    """Migration 0004 writes out the character lists of its index; the search's must match."""
    from importlib import import_module

    from sefton_tracker.core.punctuation import FROM, TO

    migration = import_module("findings.migrations.0004_finding_text_search_plain_punctuation")
    assert (migration.FROM, migration.TO) == (FROM, TO)
