"""Every PDF the tracker renders is tagged for screen readers (PDF/UA-1), read back from the PDF: the
document is marked, in British English, titled (and shows its title); its structure tree holds the
headings in order without a skipped level, tables with header cells and their scope, lists as
lists, RAG ratings as words and each chart with the words of its title and description; running
headers and footers are artefacts, outside the structure tree. The sixth visit's letter and both
kinds of digest (a month's, and one on demand for a theme and any dates) are rendered once for the
module, with indicators, the national picture, overdue and open actions, and the improvement plan as
a PDF, so that every PDF template is rendered; a template no test renders, or a table without header cells and their scope
in any template, fails here."""

import datetime
import functools
import html as html_module
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test.signals import template_rendered
from django.utils import timezone

from findings.models import AreaOfConcern, AreaReview, Theme
from reports.digests import digest_context
from reports.letters import letter_context
from reports.models import Cadence
from reports.periods import Period
from reports.plan import plan_context
from reports.rendering import html_to_pdf, render_pdf
from tests.indicators.making import agency_rate, workforce_publication, yearly_value
from tests.support.factories import (
    ImprovementActionFactory,
    LocalAuthorityFactory,
    OfstedOutcomeFactory,
    StatisticalNeighbourFactory,
)
from tests.support.pdf_tags import TaggedPDF
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

D = datetime.date
JULY_2024 = Period(Cadence.MONTHLY, D(2024, 7, 1), D(2024, 7, 31))
# On demand: any dates, one theme; no event was reported in them (the short digest).
ON_DEMAND = Period.from_dates(D(2024, 8, 1), D(2024, 10, 15))
PDF_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "pdf"
PLAN_DAY = D(2026, 11, 29)
KINDS = ["letter", "monthly digest", "themed digest on demand", "improvement plan"]
TITLES = {
    "letter": "Sixth monitoring visit: progress letter – Sefton Council",
    "monthly digest": "Monthly digest: July 2024 – Sefton Council",
    "themed digest on demand": f"Digest: {ON_DEMAND.label} – Sefton Council",
    "improvement plan": "Improvement plan, 29 November 2026 – Sefton Council",
}


def words(text: str) -> str:
    """Text to compare, whatever the line breaks and spaces between its words."""
    return re.sub(r"\s+", "", text)


@dataclass
class Rendered:
    html: str
    data: bytes
    templates: set[str]

    @functools.cached_property
    def pdf(self) -> TaggedPDF:
        return TaggedPDF(self.data)


def add_national_picture_indicators_and_actions(sefton):
    """Ofsted's outcomes and statistical neighbours (the digest's national section), DfE's agency
    rate linked to an area the sixth visit reviewed (the indicator tables), an open and an overdue
    action on that area, and an action on a leadership area overdue by 30 September 2024."""
    sixth = InspectionEvent.objects.get(authority=sefton, visit_number=6)
    area = AreaReview.objects.filter(event=sixth).order_by("area__position").first().area
    wirral = LocalAuthorityFactory(name="Wirral", ons_code="E08000015")
    OfstedOutcomeFactory(authority=sefton, start_date=D(2022, 2, 21))
    OfstedOutcomeFactory(authority=wirral, start_date=D(2022, 1, 10), overall_effectiveness="good")
    StatisticalNeighbourFactory(authority=sefton, neighbour=wirral, rank=1)
    publication = workforce_publication()
    agency = agency_rate(publication)
    agency.areas.add(area)
    for year, ours, england in ((2022, "38.1", "15.9"), (2023, "30.2", "15.5")):
        yearly_value(agency, year, ours, authority=sefton, publication=publication)
        yearly_value(agency, year, "20.0", authority=wirral, publication=publication)
        yearly_value(agency, year, england, publication=publication)
    ImprovementActionFactory(area=area, title="Train managers in supervision")
    leadership = AreaOfConcern.objects.filter(authority=sefton, theme=Theme.LEADERSHIP).first()
    for on, title, due in (
        (area, "Audit strategy discussions", D(2024, 5, 31)),
        (leadership, "Report to the board each quarter", D(2024, 9, 30)),
    ):
        action = ImprovementActionFactory(area=on, title=title)
        type(action).objects.filter(pk=action.pk).update(due_date=due)  # (a past date)
    add_to_the_plan(sefton, area)
    return sixth


def add_to_the_plan(sefton, area):
    """The improvement plan's own parts: an action completed in July 2024 (the digest's
    "completed" list), one with progress updates, the lead's RAG and impact measures, and enough
    actions across the areas for the plan to run over more than one page."""
    from findings.plan.models import ImpactMeasure, ProgressUpdate
    from tests.support.factories import UserFactory

    done = ImprovementActionFactory(area=area, title="Recruit two LADO officers")
    type(done).objects.filter(pk=done.pk).update(
        status="complete", completed_on=D(2024, 7, 12), due_date=D(2024, 7, 31)
    )
    author = UserFactory(username="plan-author", first_name="Pat", last_name="Lead")
    rated = ImprovementActionFactory(
        area=area,
        title="Publish the threshold guidance to partners",
        lead_name="DI Rob Jones",
        lead_agency="Merseyside Police",
        rag="amber",
        rag_reason="Two partners have not yet signed off.",
    )
    ProgressUpdate.objects.create(
        action=rated,
        date=D(2026, 11, 20),
        note="Police and health signed off.",
        rag="amber",
        author=author,
    )
    ImpactMeasure.objects.create(action=rated, description="More contacts decided within a day")
    for number, other in enumerate(AreaOfConcern.objects.filter(authority=sefton)[:8]):
        ImprovementActionFactory(
            area=other,
            title=f"Embed practice standard {number + 1} in every locality team",
            rag="green",
            rag_reason="On plan.",
        )


def render(template_name: str, context: dict) -> Rendered:
    templates = set()

    def record(sender, template, **kwargs):
        templates.add(template.name)

    template_rendered.connect(record)
    try:
        data = render_pdf(template_name, context).data
        html = render_to_string(
            template_name,
            {
                "council_name": settings.COUNCIL_NAME,
                "generated_on": timezone.localdate(),
                **context,
            },
        )
    finally:
        template_rendered.disconnect(record)
    return Rendered(html=html, data=data, templates=templates)


@pytest.fixture(scope="module")
def cache():
    return {}


@pytest.fixture
def documents(request, cache):
    """The three PDFs, rendered once for the module (the seeded data is the same in every test)."""
    if not cache:
        sefton = request.getfixturevalue("sefton")
        sixth = add_national_picture_indicators_and_actions(sefton)
        cache["letter"] = render("pdf/letter.html", letter_context(sixth.pk))
        cache["monthly digest"] = render("pdf/digest.html", digest_context(sefton.pk, JULY_2024))
        cache["themed digest on demand"] = render(
            "pdf/digest.html", digest_context(sefton.pk, ON_DEMAND, theme=Theme.LEADERSHIP)
        )
        cache["improvement plan"] = render("pdf/plan.html", plan_context(sefton.pk, PLAN_DAY))
    return cache


# --- The document --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_it_is_tagged_pdf_ua_1_in_british_english_and_shows_its_title(documents, kind):
    pdf = documents[kind].pdf
    catalog = pdf.catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert pdf.struct_tree_root is not None
    assert catalog["/Lang"] == "en-GB"
    assert pdf.reader.metadata.title == TITLES[kind]
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = pdf.reader.xmp_metadata
    assert xmp.dc_title["x-default"] == TITLES[kind]
    assert b'pdfuaid:part="1"' in xmp.stream.get_data()  # claims PDF/UA-1


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) not installed")
@pytest.mark.parametrize("kind", KINDS)
def test_pdfinfo_says_it_is_tagged(documents, kind, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(documents[kind].data)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info


# --- Structure ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_its_headings_come_in_order_from_one_h1_without_skipping_a_level(documents, kind):
    headings = documents[kind].pdf.headings()
    levels = [level for level, _ in headings]
    assert levels[0] == 1 and levels.count(1) == 1, headings
    for (before, _), (level, text) in zip(headings, headings[1:], strict=False):
        assert level <= before + 1, f"H{level} {text!r} follows an H{before}: {headings}"


def test_the_digests_headings_include_every_section_and_the_national_picture(documents):
    headings = [text for _, text in documents["monthly digest"].pdf.headings()]
    for section in (
        "RAG summary",
        "Changes since the previous digest",
        "Trajectories",
        "Improvement plan",
        "Overdue actions",
        "Completed since the last digest",
        "Performance indicators",
        "New findings in the period",
        "National picture",
    ):
        assert section in headings


@pytest.mark.parametrize("kind", KINDS)
def test_every_table_has_header_cells_with_their_scope_and_every_data_cell_its_headers(
    documents, kind
):
    tables = documents[kind].pdf.root.find("Table")
    assert tables
    for table in tables:
        headers = {str(cell.obj["/ID"]): cell.attributes.get("/Scope") for cell in table.find("TH")}
        assert headers, f"a table without header cells: {table.text[:80]!r}"
        assert set(headers.values()) <= {"/Row", "/Column"}, (table.text[:80], headers)
        for cell in table.find("TD"):
            referenced = [str(header) for header in cell.attributes.get("/Headers", [])]
            assert referenced, f"a data cell without headers: {cell.text!r}"
            assert set(referenced) <= set(headers)


@pytest.mark.parametrize("kind", ["letter", "monthly digest", "improvement plan"])
def test_a_header_cells_scope_is_the_one_the_template_gives_it(documents, kind):
    rendered = documents[kind]
    in_html = {
        words(re.sub(r"<[^>]+>", "", html_module.unescape(text))): scope
        for scope, text in re.findall(r'<th scope="(row|col)"[^>]*>(.*?)</th>', rendered.html, re.S)
    }
    in_pdf = {
        words(cell.text): {"/Row": "row", "/Column": "col"}[cell.attributes["/Scope"]]
        for table in rendered.pdf.root.find("Table")
        for cell in table.find("TH")
    }
    assert in_pdf == in_html
    # Both kinds are there: the letter's facts are row headers, its judgements' columns headed.
    assert set(in_pdf.values()) == {"row", "col"}


def test_each_chart_has_the_words_of_its_title_and_description_as_alternative_text(documents):
    rendered = documents["monthly digest"]
    charts = [
        (html_module.unescape(title), html_module.unescape(description))
        for title, description in re.findall(
            r"<svg[^>]*>\s*<title[^>]*>(.*?)</title>\s*<desc[^>]*>(.*?)</desc>", rendered.html, re.S
        )
    ]
    assert len(charts) >= 2  # the share of areas at each rating, and an area whose rating changed
    figures = rendered.pdf.root.find("Figure")
    assert [figure.alt for figure in figures] == [f"{title}. {desc}" for title, desc in charts]


@pytest.mark.parametrize("kind", KINDS)
def test_every_figure_says_in_words_what_it_shows(documents, kind):
    svgs = re.findall(r"<svg\b.*?</svg>", documents[kind].html, re.S)
    pdf = documents[kind].pdf
    figures = pdf.root.find("Figure")
    assert len(figures) == len(svgs)
    for figure in figures:
        assert figure.alt and len(figure.alt.split(". ")) > 1, figure.alt
        # Where it is on its page, in the page's coordinates (points from the bottom left).
        [(page, _)] = figure.content
        left, bottom, right, top = (float(n) for n in pdf.reader.pages[page].mediabox)
        x1, y1, x2, y2 = (float(n) for n in figure.attributes["/BBox"])
        assert left <= x1 < x2 <= right and bottom <= y1 < y2 <= top, (x1, y1, x2, y2)


def test_a_charts_words_are_its_title_then_its_description_whatever_it_lacks():
    def svg(inside):
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">{inside}</svg>'

    html = (
        '<html lang="en-GB"><head><title>Charts</title></head><body><h1>Charts</h1>'
        + svg("<title>Ratings, 2024</title><desc>Red at each visit.</desc>")
        + svg("<title>Better or worse?</title><desc>Better.</desc>")
        + svg("<desc>Amber, then green.</desc>")
        + "</body></html>"
    )
    figures = TaggedPDF(html_to_pdf(html).data).root.find("Figure")
    assert [figure.alt for figure in figures] == [
        "Ratings, 2024. Red at each visit.",
        "Better or worse? Better.",
        "Amber, then green.",
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_running_headers_and_footers_are_artefacts_outside_the_structure_tree(documents, kind):
    pdf = documents[kind].pdf
    title = TITLES[kind].split(" – ")[0]
    if kind == "letter":
        title = "Sixth monitoring visit"
    pages = len(pdf.pages)
    assert pages > 1
    for index in range(pages):
        footer = f"Page {index + 1} of {pages}"
        assert footer in pdf.artefact_text(index)
        assert footer not in pdf.tagged_text(index)
        if index > 0:  # the first page has the masthead instead of a running header
            assert pdf.artefact_text(index).startswith(f"Sefton Council {title}")
    assert not any(footer in pdf.root.text for footer in ("Page 1 of", "Page 2 of"))


@pytest.mark.parametrize("kind", KINDS)
def test_all_marked_content_is_in_the_structure_tree_or_an_artefact(documents, kind):
    pdf = documents[kind].pdf
    owned = {content for _, element in pdf.root.walk() for content in element.content}
    marked = {
        (page, sequence.mcid)
        for page, sequences in enumerate(pdf.pages)
        for sequence in sequences
        if sequence.mcid is not None
    }
    assert marked == owned
    assert not any(pdf.unmarked), f"text neither tagged nor an artefact: {pdf.unmarked}"
    for page, sequences in enumerate(pdf.pages):
        unnumbered = {sequence.tag for sequence in sequences if sequence.mcid is None}
        assert unnumbered <= {"/Artifact", ""}, (page, unnumbered)
    for page, parents in pdf.parent_tree().items():
        assert len(parents) == len([mcid for p, mcid in marked if p == page])
        assert all(parent.idnum in pdf.reachable for parent in parents)


# --- What a screen reader reads ----------------------------------------------------------------


def test_a_letters_ratings_are_read_as_words(documents):
    ratings = [
        element.text
        for element in documents["letter"].pdf.root.find("P")
        if element.text.startswith("Rating:")
    ]
    assert ratings
    for rating in ratings:
        assert re.match(r"Rating: (RED|AMBER|GREEN) · Direction of travel: \w+", rating), rating


def test_a_digests_rag_summary_reads_each_rating_as_a_word(documents):
    tables = documents["monthly digest"].pdf.root.find("Table")
    summary = next(table for table in tables if table.find("TH")[0].text == "Area of concern")
    ratings = [row.find("TD")[1].text for row in summary.find("TR") if row.find("TD")]
    assert ratings and set(ratings) <= {"RED", "AMBER", "GREEN", "NOT RATED"}, ratings


@pytest.mark.parametrize("kind", ["monthly digest", "themed digest on demand"])
def test_a_digests_counts_at_each_rating_are_a_list(documents, kind):
    pdf = documents[kind].pdf
    counts = pdf.root.find("L")[0]
    items = [item.text for item in counts.find("LI")]
    assert len(items) == 4, items
    assert re.fullmatch(r"\d+ RED .+", items[0]), items
    assert re.fullmatch(r"\d+ NOT RATED", items[3]), items


def test_the_plans_leads_rag_is_read_as_words_in_each_row(documents):
    tables = documents["improvement plan"].pdf.root.find("Table")
    statuses = [
        row.find("TD")[2].text for table in tables for row in table.find("TR") if row.find("TD")
    ]
    assert statuses
    for status in statuses:
        # A complete action the lead never rated shows its status alone.
        assert status == "Complete" or re.search(
            r"(ON TRACK|AT RISK|OFF TRACK|NOT RATED)", status
        ), status
    rows = [cell.text for table in tables for cell in table.find("TH")]
    assert "Publish the threshold guidance to partners" in " ".join(rows)


def test_overdue_and_open_actions_are_lists(documents):
    digest = documents["monthly digest"].pdf.root
    overdue = [
        item.text
        for lst in digest.find("L")
        for item in lst.find("LI")
        if "Audit strategy" in item.text
    ]
    assert overdue and "due 31 May 2024" in overdue[0]
    letter = documents["letter"].pdf.root
    open_actions = [item.text for lst in letter.find("L") for item in lst.find("LI")]
    assert any(text.startswith("Train managers in supervision") for text in open_actions)


# --- Templates --------------------------------------------------------------------------------


def test_every_pdf_template_is_rendered_by_these_tests(documents):
    """A new template under templates/pdf/ must be rendered here, so that its tables, charts and
    headings are checked too: add what it needs to the documents above."""
    rendered = set().union(*(document.templates for document in documents.values()))
    templates = {
        str(path.relative_to(PDF_TEMPLATES.parent)) for path in PDF_TEMPLATES.rglob("*.html")
    }
    assert templates - rendered == set()


@pytest.mark.parametrize(
    "path",
    sorted(PDF_TEMPLATES.rglob("*.html")),
    ids=lambda path: str(path.relative_to(PDF_TEMPLATES)),
)
def test_no_template_has_a_table_without_scoped_header_cells_or_a_chart_without_words(path):
    source = path.read_text(encoding="utf-8")
    for table in re.findall(r"<table\b.*?</table>", source, re.S):
        assert "<th " in table, f"a table without header cells (<th scope=…>): {table[:120]}"
    for cell in re.findall(r"<th\b[^>]*>", source):
        assert re.search(r'\bscope="(row|col)"', cell), f"a header cell without its scope: {cell}"
    for svg in re.findall(r"<svg\b.*?</svg>", source, re.S):
        assert "<title" in svg and "<desc" in svg, "a chart without a title and a description"
    for image in re.findall(r"<img\b[^>]*>", source):
        assert re.search(r'\balt="[^"]+"', image), f"an image without alternative text: {image}"
