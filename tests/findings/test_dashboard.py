"""The board's dashboard: where each area stands at each event, the headline figures, whether
things are getting better, filters that make shareable URLs, and drafts kept from the board."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from findings.models import RAG, AreaOfConcern, ImprovementAction, Theme
from findings.selectors.dashboard import expected_next_visit
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    InspectionFactory,
    JudgementFactory,
    LocalAuthorityFactory,
)
from tests.support.html_tables import table_rows
from visits.models import InspectionEvent, Judgement

pytestmark = pytest.mark.django_db

FRONT_DOOR = "Parental consent before information-sharing in the MASH"
INITIAL_RESPONSES = "Urgency and robustness of the child protection response"
ALLEGATIONS = "Response to allegations against professionals"
OUT_OF_HOURS = "Caseloads and management oversight, including out of hours"


def dashboard(client, **params):
    response = client.get(reverse("dashboard"), params)
    assert response.status_code == 200
    return response.content.decode()


def squeezed(content: str) -> str:
    """The page with runs of white space made one space, for matching phrases across lines."""
    return " ".join(content.split())


def matrix(content) -> dict[str, list[str]]:
    """The matrix as {area title: [its cells after the title]}."""
    rows = table_rows(content, "app-matrix")
    header, body = rows[0], rows[1:]
    assert header[0] == "Area of concern"
    by_title = {}
    for row in body:
        title = next(a.title for a in AreaOfConcern.objects.all() if row[0].startswith(a.title))
        by_title[title] = row[1:]
    return by_title


def test_the_matrix_has_an_event_per_column_in_date_order(client, sefton, board_member):
    client.force_login(board_member)
    header = table_rows(dashboard(client), "app-matrix")[0]
    # Each area's latest rating and direction come first: on a phone, or with many events, they
    # are in view before the events, which scroll sideways.
    assert header == [
        "Area of concern",
        "Latest rating",
        "Direction of travel",
        "Inspection Feb 2022",
        "Visit 4 Nov 2023",
        "Visit 6 Jun 2024",
    ]


def test_the_matrix_shows_the_sixth_visits_four_areas_and_their_ratings(
    client, sefton, board_member
):
    client.force_login(board_member)
    rows = matrix(dashboard(client))
    assert len(rows) == 14
    not_reviewed = "Not reviewed"
    # The latest rating and direction, then the rating at each event.
    assert rows[FRONT_DOOR] == ["Amber", "Better", "Red", not_reviewed, "Amber"]
    assert rows[INITIAL_RESPONSES] == ["Red", "Same", "Red", not_reviewed, "Red"]
    assert rows[ALLEGATIONS] == ["Amber", "Better", "Red", not_reviewed, "Amber"]
    assert rows[OUT_OF_HOURS] == ["Green", "Better", "Red", not_reviewed, "Green"]
    assert rows["Response to vulnerable children"] == [
        "Amber",
        "Better",
        "Red",
        "Amber",
        not_reviewed,
    ]
    assert rows["Access to care leaving support"] == [
        "Red",
        "No earlier rating",
        "Red",
        not_reviewed,
        not_reviewed,
    ]


def test_areas_are_rows_in_the_inspections_list_order(client, sefton, board_member):
    client.force_login(board_member)
    titles = list(matrix(dashboard(client)))
    assert titles == list(
        AreaOfConcern.objects.filter(authority=sefton)
        .order_by("position")
        .values_list("title", flat=True)
    )


def test_the_headline_figures_answer_where_we_are_red(client, sefton, board_member):
    client.force_login(board_member)
    content = squeezed(dashboard(client))
    figures = [
        ("10", "Red</strong> areas at the latest review"),
        ("3", "Amber</strong> areas at the latest review"),
        ("1", "Green</strong> area at the latest review"),
        ("9", "areas have not been reviewed since the standard ILACS inspection"),
        ("0", "overdue improvement actions"),
    ]
    for number, label in figures:
        assert f'<span class="app-stat__figure">{number}</span>' in content
        assert label in content
    days = (timezone.localdate() - datetime.date(2024, 6, 26)).days
    assert f'<span class="app-stat__figure">{days}</span>' in content
    assert "since the last visit ended, on 26 June 2024" in content


def test_the_next_visit_is_not_known_when_the_expected_date_has_passed(
    client, sefton, board_member
):
    client.force_login(board_member)
    content = dashboard(client)
    assert "Not known" in content
    # The fourth (15 November 2023) and sixth (25 June 2024) visits: 223 days for two intervals.
    assert "about every 16 weeks, so one was due around October 2024" in content


def test_the_share_of_areas_at_each_rating_is_charted_and_tabled(client, sefton, board_member):
    client.force_login(board_member)
    content = dashboard(client)
    assert 'role="img"' in content and "<desc" in content
    assert "Show as a table" in content
    shares = table_rows(content, "govuk-table--small-text-until-tablet")
    assert shares[1:] == [
        ["Standard ILACS inspection, February 2022", "14", "0", "0", "14"],
        ["Fourth monitoring visit, November 2023", "13", "1", "0", "14"],
        ["Sixth monitoring visit, June 2024", "10", "3", "1", "14"],
    ]


def test_what_changed_lists_the_latest_visits_areas_against_their_previous_ratings(
    client, sefton, board_member
):
    client.force_login(board_member)
    content = dashboard(client)
    changes = content[content.index('id="what-changed"') : content.index('id="matrix"')]
    for title in (FRONT_DOOR, INITIAL_RESPONSES, ALLEGATIONS, OUT_OF_HOURS):
        assert title in changes
    assert "Response to vulnerable children" not in changes


def test_the_latest_visits_headline_findings_are_quoted(client, sefton, board_member):
    client.force_login(board_member)
    content = dashboard(client)
    said = content[content.index('id="latest-findings"') :]
    assert "Leaders have not taken sufficient action to tackle some of the weaknesses" in said
    sixth = InspectionEvent.objects.get(visit_number=6)
    strengths = sixth.findings.filter(polarity="strength").count()
    assert f"?event={sixth.pk}&amp;polarity=strength" in said
    assert f"{strengths} strengths" in said


def test_the_headline_summary_is_not_repeated_by_the_first_finding(client, sefton, board_member):
    # The sixth visit's summary is the first sentence of its first headline finding: said once.
    client.force_login(board_member)
    said = dashboard(client)
    said = said[said.index('id="latest-findings"') : said.index("Search every finding")]
    assert said.count("Leaders have not taken sufficient action to tackle some of the") == 1
    assert "The pace of improvement in some areas is too slow" in said  # the finding, in full


def test_a_headline_summary_no_finding_quotes_is_shown(client, sefton, board_member):
    InspectionEvent.objects.filter(visit_number=6).update(
        headline_summary="Progress is too slow in the areas this visit looked at."
    )
    client.force_login(board_member)
    said = dashboard(client)
    said = said[said.index('id="latest-findings"') : said.index("Search every finding")]
    assert "Progress is too slow in the areas this visit looked at." in said
    assert said.count("Leaders have not taken sufficient action to tackle some of the") == 1


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"theme": Theme.FRONT_DOOR}, [FRONT_DOOR]),
        ({"rag": RAG.AMBER}, [FRONT_DOOR, "Response to vulnerable children", ALLEGATIONS]),
        ({"rag": RAG.GREEN}, [OUT_OF_HOURS]),
        ({"theme": Theme.HELP_PROTECTION, "rag": RAG.RED}, [INITIAL_RESPONSES]),
        (
            {"reviewed": "yes"},
            [OUT_OF_HOURS, FRONT_DOOR, INITIAL_RESPONSES, "Response to vulnerable children"]
            + [ALLEGATIONS],
        ),
    ],
)
def test_the_matrix_filters_by_theme_latest_rating_and_review(
    client, sefton, board_member, params, expected
):
    client.force_login(board_member)
    content = dashboard(client, **params)
    assert sorted(matrix(content)) == sorted(expected)
    assert f"Showing {len(expected)} of 14 areas." in content


def test_not_reviewed_since_the_inspection_lists_the_nine_others(client, sefton, board_member):
    client.force_login(board_member)
    rows = matrix(dashboard(client, reviewed="no"))
    assert len(rows) == 9 and FRONT_DOOR not in rows


def test_a_bad_filter_value_is_named_and_the_matrix_still_shows(client, sefton, board_member):
    client.force_login(board_member)
    content = dashboard(client, theme="nonsense", rag="green")
    assert "There is a problem" in content
    assert 'href="#id_theme">Choose a theme from the list</a>' in content
    assert 'aria-describedby="id_theme_error"' in content
    assert '<p id="id_theme_error" class="govuk-error-message">' in content
    assert list(matrix(content)) == [OUT_OF_HOURS]  # the valid filter still applies


def test_no_area_matching_says_so(client, sefton, board_member):
    client.force_login(board_member)
    content = dashboard(client, theme=Theme.CARE_LEAVERS, rag=RAG.GREEN)
    assert "No areas match these filters." in content


def test_another_authority_is_chosen_by_its_id(client, sefton, board_member):
    other = AreaReviewFactory(rag=RAG.GREEN).event.authority
    client.force_login(board_member)
    content = dashboard(client, authority=other.pk)
    assert f"{other.name} children's services" in content
    assert len(matrix(content)) == 1
    assert f'name="authority" value="{other.pk}"' in content  # filtering keeps the authority


@pytest.mark.parametrize("authority", ["999999", "sefton"])
def test_an_unknown_authority_is_not_found(client, sefton, board_member, authority):
    client.force_login(board_member)
    assert client.get(reverse("dashboard"), {"authority": authority}).status_code == 404


def test_with_no_authority_the_dashboard_explains_how_to_load_data(client, board_member):
    client.force_login(board_member)
    assert "No local authority has been set up yet" in dashboard(client)


def test_a_draft_visit_is_kept_from_the_board_but_shown_to_officers(
    client, sefton, board_member, officer
):
    area = AreaOfConcern.objects.get(title=INITIAL_RESPONSES)
    draft = InspectionEventFactory(
        authority=sefton,
        visit_number=7,
        fieldwork_start=datetime.date(2024, 11, 5),
        fieldwork_end=datetime.date(2024, 11, 6),
        status=InspectionEvent.Status.DRAFT,
    )
    AreaReviewFactory(event=draft, area=area, rag=RAG.GREEN)

    client.force_login(board_member)
    content = dashboard(client)
    assert "Visit 7" not in content
    assert matrix(content)[INITIAL_RESPONSES][:2] == ["Red", "Same"]
    assert '<span class="app-stat__figure">10</span>' in content

    client.force_login(officer)
    content = dashboard(client)
    assert "Visit 7" in content and "Draft" in content
    assert matrix(content)[INITIAL_RESPONSES][:2] == ["Green", "Better"]
    assert '<span class="app-stat__figure">9</span>' in content  # nine red now


def test_overdue_actions_are_counted_and_listed(client, sefton, board_member):
    area = AreaOfConcern.objects.get(title=ALLEGATIONS)
    late = ImprovementActionFactory(
        area=area, title="Train managers in LADO referrals", due_date=datetime.date(2024, 1, 31)
    )
    ImprovementActionFactory(
        area=area,
        due_date=datetime.date(2024, 1, 31),
        status=ImprovementAction.Status.COMPLETE,
    )
    ImprovementActionFactory(area=area)  # due in the future
    client.force_login(board_member)
    content = dashboard(client)
    assert (
        '<span class="app-stat__figure">1</span> <span class="app-stat__label">overdue '
        "improvement action</span>"
    ) in squeezed(content)
    overdue = table_rows(content[content.index('id="overdue-actions"') :], "govuk-table")
    assert overdue[1:] == [
        [late.title, ALLEGATIONS, late.lead_name, "31 January 2024", "Not started"]
    ]


def test_signing_in_lands_on_the_dashboard(client, board_member):
    response = client.post(
        reverse("login"), {"username": "board", "password": "a-good-test-password"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_the_service_navigation_links_to_the_dashboard_and_findings(client, sefton, board_member):
    client.force_login(board_member)
    content = dashboard(client)
    assert 'href="/dashboard/" aria-current="page"' in content
    assert 'href="/findings/"' in content


def test_someone_without_a_role_may_not_see_the_dashboard(client, sefton):
    from tests.support.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("dashboard")).status_code == 403


# --- When the next monitoring visit is expected -------------------------------------------


def _inadequate_inspection(authority, grade=Judgement.Grade.INADEQUATE):
    inspection = InspectionFactory(authority=authority)
    JudgementFactory(event=inspection, grade=grade)
    return inspection


def _visit(authority, number, start):
    return InspectionEventFactory(
        authority=authority, visit_number=number, fieldwork_start=start, fieldwork_end=start
    )


def _events(authority):
    return list(
        InspectionEvent.objects.filter(authority=authority)
        .prefetch_related("judgements")
        .order_by("fieldwork_start", "id")
    )


def test_the_next_visit_is_estimated_from_the_average_interval_between_visits():
    authority = LocalAuthorityFactory()
    _inadequate_inspection(authority)
    _visit(authority, 1, datetime.date(2022, 9, 1))
    _visit(authority, 3, datetime.date(2023, 3, 1))  # 181 days after the first: 2 intervals
    estimate = expected_next_visit(_events(authority), today=datetime.date(2023, 4, 1))
    assert estimate.expected == datetime.date(2023, 3, 1) + datetime.timedelta(days=90)
    assert "first to third monitoring visits came about every 13 weeks" in estimate.explanation


def test_a_passed_estimate_is_not_shown_as_a_date():
    authority = LocalAuthorityFactory()
    _inadequate_inspection(authority)
    _visit(authority, 1, datetime.date(2022, 9, 1))
    _visit(authority, 2, datetime.date(2022, 12, 1))
    estimate = expected_next_visit(_events(authority), today=datetime.date(2024, 1, 1))
    assert estimate.expected is None
    assert "one was due around March 2023; none has been recorded since" in estimate.explanation


@pytest.mark.parametrize(
    "grade,visits,why",
    [
        (None, 2, "No graded inspection has been recorded."),
        (Judgement.Grade.GOOD, 2, "Monitoring visits follow an inadequate judgement"),
        (Judgement.Grade.INADEQUATE, 1, "Fewer than two monitoring visits"),
        (Judgement.Grade.INADEQUATE, 0, "Fewer than two monitoring visits"),
    ],
)
def test_the_next_visit_is_not_known_without_the_data_to_support_it(grade, visits, why):
    authority = LocalAuthorityFactory()
    if grade:
        _inadequate_inspection(authority, grade)
    for number in range(1, visits + 1):
        _visit(authority, number, datetime.date(2022, 6, 1) + datetime.timedelta(days=90 * number))
    estimate = expected_next_visit(_events(authority), today=datetime.date(2022, 10, 1))
    assert estimate.expected is None
    assert why in estimate.explanation


def test_visits_before_a_newer_inspection_do_not_count(sefton):
    # A fresh graded inspection resets the pattern: the earlier visits followed the old judgement.
    newer = InspectionFactory(
        authority=sefton,
        fieldwork_start=datetime.date(2025, 3, 3),
        fieldwork_end=datetime.date(2025, 3, 14),
    )
    JudgementFactory(event=newer)
    estimate = expected_next_visit(_events(sefton), today=datetime.date(2025, 4, 1))
    assert estimate.expected is None and "Fewer than two" in estimate.explanation


def test_an_overdue_action_of_another_authority_is_not_counted(client, sefton, board_member):
    ImprovementActionFactory(
        area=AreaOfConcernFactory(), due_date=datetime.date(2024, 1, 31)
    )  # another authority's
    client.force_login(board_member)
    assert '0</span> <span class="app-stat__label">overdue' in squeezed(dashboard(client))


def test_an_authority_with_nothing_recorded_yet_has_a_plain_dashboard(client, board_member):
    authority = LocalAuthorityFactory(name="Newtown")
    client.force_login(board_member)
    content = squeezed(dashboard(client, authority=authority.pk))
    assert "0 areas of concern" in content
    assert "No graded inspection has been recorded" in content
    assert "No inspection or visit has been recorded" in content
    assert "No areas of concern have been recorded yet." in content
    assert "No areas match" not in content
