"""How the letter and digests fall on the page, read back from the PDF: no page holds only a closing
line, a heading and its introduction are not left at the foot of a page without what they
introduce, a chart's title says which areas it shows, and only real changes of rating are listed."""

import datetime
import re

import pytest
from django.template import Context, Template

from findings.models import RAG, AreaOfConcern, AreaReview, Theme
from reports.digests import digest_context
from reports.letters import letter_context
from reports.models import Cadence
from reports.periods import Period
from reports.rendering import html_to_pdf, render_pdf
from tests.support.factories import InspectionEventFactory
from tests.support.pdf_text import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

JULY_2024 = Period(Cadence.MONTHLY, datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))
AUGUST_2024 = Period(Cadence.MONTHLY, datetime.date(2024, 8, 1), datetime.date(2024, 8, 31))
COLOPHON = "Ofsted findings quoted in this document"


def body(page: str, *, title: str) -> str:
    """What a page says besides its running header, page number and the closing colophon."""
    page = page.split(COLOPHON)[0]
    page = re.sub(rf"Sefton Council|{re.escape(title)}|Page \d+ of \d+", "", page)
    return " ".join(page.split())


def test_the_letter_does_not_end_on_a_page_of_its_own_for_no_actions(sixth_visit):
    pages = pdf_pages(render_pdf("pdf/letter.html", letter_context(sixth_visit.pk)).data)
    last = body(pages[-1], title="Sixth monitoring visit")
    assert "No open improvement actions" in last
    rest = last.replace(
        "No open improvement actions are recorded for the areas this event reviewed.", ""
    )
    # A finding (or more) comes over with it: the page is not spent on one line.
    assert len(rest.strip()) > 100, last


def test_a_digests_last_page_holds_more_than_the_copyright_line(sefton):
    pages = pdf_pages(render_pdf("pdf/digest.html", digest_context(sefton.pk, AUGUST_2024)).data)
    assert COLOPHON in pages[-1]
    assert len(body(pages[-1], title="Monthly digest: August 2024")) > 100, pages[-1]


def test_a_heading_and_its_introduction_stay_with_what_they_introduce(sefton):
    context = digest_context(sefton.pk, JULY_2024, theme=Theme.LEADERSHIP)
    pages = pdf_pages(render_pdf("pdf/digest.html", context).data)
    heading = next(i for i, page in enumerate(pages) if "Trajectories" in page)
    chart = next(i for i, page in enumerate(pages) if "0%" in page and "100%" in page)
    assert heading == chart


def test_a_themed_digests_chart_says_which_areas_it_shows(sefton):
    context = digest_context(sefton.pk, JULY_2024, theme=Theme.LEADERSHIP)
    text = pdf_text(render_pdf("pdf/digest.html", context).data)
    section = text[text.index("Trajectories") :]
    assert "All areas of concern" not in section
    assert "The 2 areas of concern in the theme Leadership and governance" in section
    chart_title = "2 areas of concern in the theme Leadership and governance at each rating"
    assert chart_title in context["share_chart"]


def test_a_themed_digest_does_not_deny_the_visit_it_reports(sefton):
    # The sixth visit was reported in July 2024, but none of its findings is about leadership.
    context = digest_context(sefton.pk, JULY_2024, theme=Theme.LEADERSHIP)
    text = pdf_text(render_pdf("pdf/digest.html", context).data)
    assert "No inspection event was reported in July 2024" not in text
    assert (
        "No finding reported in July 2024 is about the areas of concern this digest covers." in text
    )


def test_an_authority_wide_digests_chart_counts_every_area(sefton):
    context = digest_context(sefton.pk, JULY_2024)
    text = pdf_text(render_pdf("pdf/digest.html", context).data)
    assert "All 14 areas of concern" in text[text.index("Trajectories") :]


def test_a_rating_that_stayed_the_same_is_not_listed_as_a_change(sefton):
    # The sixth visit rated child protection Red again, as the inspection had; and a later visit
    # rates the out-of-hours service Green again, as the sixth visit had.
    caseloads = AreaOfConcern.objects.get(authority=sefton, title__startswith="Caseloads")
    seventh = InspectionEventFactory(
        authority=sefton,
        visit_number=7,
        fieldwork_start=datetime.date(2024, 9, 10),
        fieldwork_end=datetime.date(2024, 9, 11),
        published_on=datetime.date(2024, 10, 8),
    )
    AreaReview.objects.create(event=seventh, area=caseloads, rag=RAG.GREEN, rationale="Still good.")
    october = Period(Cadence.MONTHLY, datetime.date(2024, 10, 1), datetime.date(2024, 10, 31))

    for period, area in ((JULY_2024, "Urgency and robustness"), (october, "Caseloads")):
        context = digest_context(sefton.pk, period)
        assert all(status.change_direction != "same" for status in context["changes"])
        assert not any(status.area.title.startswith(area) for status in context["changes"])
        text = pdf_text(render_pdf("pdf/digest.html", context).data)
        changes = text[text.index("Changes since the previous digest") : text.index("Trajectories")]
        for rag in ("RED", "AMBER", "GREEN"):
            assert f"Was {rag}, now {rag}" not in changes


@pytest.mark.parametrize("closing_note", [False, True])
def test_a_closing_line_never_stands_alone_on_a_page(closing_note):
    """Whatever the length of what precedes them, the copyright line (and a letter's closing note)
    come onto the last page with some of it."""
    note = '<p class="closing-note">No open improvement actions are recorded.</p>'
    for paragraphs in range(24, 40):
        html = Template(
            '{% extends "pdf/base.html" %}{% block heading %}Layout{% endblock %}'
            "{% block content %}{% for i in paragraphs %}<p>Paragraph {{ i }} of the body.</p>"
            "{% endfor %}{{ note|safe }}{% endblock %}"
        ).render(
            Context(
                {
                    "council_name": "Sefton Council",
                    "generated_on": datetime.date(2024, 7, 31),
                    "paragraphs": range(1, paragraphs + 1),
                    "note": note if closing_note else "",
                }
            )
        )
        pages = pdf_pages(html_to_pdf(html).data)
        last = body(pages[-1], title="Layout")
        assert "Paragraph" in last, f"{paragraphs} paragraphs: {pages[-1]!r}"
