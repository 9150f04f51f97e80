"""What a digest says, from Sefton's data: RAG summary, changes since the previous digest, overdue
actions and the findings reported in the period."""

import datetime

import pytest

from findings.models import RAG, AreaOfConcern, Theme
from reports.digests import digest_context
from reports.models import Cadence
from reports.periods import Period
from reports.rendering import render_pdf
from tests.support.factories import ImprovementActionFactory, InspectionEventFactory
from tests.support.pdf_text import pdf_text
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

JULY_2024 = Period(Cadence.MONTHLY, datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))


@pytest.fixture
def overdue_action(sefton):
    area = AreaOfConcern.objects.get(authority=sefton, title__icontains="allegations")
    action = ImprovementActionFactory(
        area=area,
        title="Tell the LADO about every investigation decision",
        lead_name="LADO manager",
    )
    type(action).objects.filter(pk=action.pk).update(due_date=datetime.date(2024, 7, 15))
    return action


def test_the_rag_summary_counts_each_areas_latest_rating(sefton):
    context = digest_context(sefton.pk, JULY_2024)
    counts = {item["rag"]: item["count"] for item in context["rag_counts"]}
    assert counts == {"red": 10, "amber": 3, "green": 1}
    assert context["unrated_count"] == 0


def test_changes_are_the_ratings_reported_since_the_previous_digest(sefton):
    context = digest_context(sefton.pk, JULY_2024)
    changes = context["changes"]
    assert len(changes) == 3
    by_direction = sorted(status.change_direction for status in changes)
    assert by_direction == ["better", "better", "better"]
    # The sixth visit rated child protection Red again: rated again, not changed.
    assert [status.area.title for status in context["rated_again"]] == [
        "Urgency and robustness of the child protection response"
    ]
    # June's digest saw nothing new: the fourth visit's rating was reported in November 2023.
    june = Period(Cadence.MONTHLY, datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
    assert digest_context(sefton.pk, june)["changes"] == []


def test_new_findings_are_those_of_events_reported_in_the_period(sefton):
    context = digest_context(sefton.pk, JULY_2024)
    assert [group.event.visit_number for group in context["new_findings"]] == [6]
    assert context["new_finding_count"] == 21


def test_a_draft_event_stays_out_of_the_digest(sefton):
    InspectionEvent.objects.filter(visit_number=6).update(status=InspectionEvent.Status.DRAFT)
    context = digest_context(sefton.pk, JULY_2024)
    assert context["new_findings"] == [] and context["changes"] == []


def test_overdue_actions_are_open_ones_due_by_the_end_of_the_period(sefton, overdue_action):
    context = digest_context(sefton.pk, JULY_2024)
    assert context["overdue_actions"] == [overdue_action]
    june = Period(Cadence.MONTHLY, datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
    assert digest_context(sefton.pk, june)["overdue_actions"] == []


def test_a_digest_limited_to_a_theme_covers_only_its_areas(sefton):
    context = digest_context(sefton.pk, JULY_2024, theme=Theme.LEADERSHIP)
    assert {status.area.theme for status in context["area_statuses"]} == {Theme.LEADERSHIP}
    assert context["scope"] == "Theme: Leadership and governance"
    assert context["new_finding_count"] == 0


def test_the_trajectories_end_with_the_period(sefton):
    context = digest_context(sefton.pk, JULY_2024)
    front_door = next(s for s in context["area_statuses"] if "MASH" in s.area.title)
    assert [r.rag for r in context["trajectories"][front_door.area.pk]] == [RAG.RED, RAG.AMBER]
    june = Period(Cadence.MONTHLY, datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
    assert [r.rag for r in digest_context(sefton.pk, june)["trajectories"][front_door.area.pk]] == [
        RAG.RED
    ]


def test_the_pdf_holds_every_section(sefton, overdue_action):
    rendered = render_pdf("pdf/digest.html", digest_context(sefton.pk, JULY_2024))
    text = pdf_text(rendered.data)
    for expected in (
        "Monthly digest: July 2024",
        "RAG summary",
        "Changes since the previous digest",
        "Overdue actions",
        "Tell the LADO about every investigation decision",
        "New findings in the period",
        "Children who need early help receive an effective and timely response from FAST.",
        f"Page 1 of {rendered.page_count}",
    ):
        assert expected in text, expected


def test_the_digest_draws_the_dashboards_charts(sefton):
    context = digest_context(sefton.pk, JULY_2024)
    assert context["share_chart"].startswith("<svg")
    assert 'id="digest-rag-share"' in context["share_chart"]
    charted = [area.title for area, _ in context["trajectory_charts"]]
    assert charted == [status.area.title for status in context["changes"]]
    assert all(chart.startswith("<svg") for _, chart in context["trajectory_charts"])


def test_charts_keep_to_the_last_six_events(sefton):
    for number in range(7, 12):
        InspectionEventFactory(
            authority=sefton,
            visit_number=number,
            fieldwork_start=datetime.date(2024, number, 1),
            fieldwork_end=datetime.date(2024, number, 2),
            published_on=datetime.date(2024, number, 20),
        )
    november = Period(Cadence.MONTHLY, datetime.date(2024, 11, 1), datetime.date(2024, 11, 30))
    context = digest_context(sefton.pk, november)
    assert context["charted_events"] == 6 and not context["all_events_charted"]
    assert "Visit 11" in context["share_chart"] and "Visit 4" not in context["share_chart"]


def test_the_pdf_shows_the_trajectories(sefton):
    text = pdf_text(render_pdf("pdf/digest.html", digest_context(sefton.pk, JULY_2024)).data)
    section = text[text.index("Trajectories") :]
    assert "All 14 areas of concern" in section
    assert "Response to allegations against professionals" in section
    assert "Visit 6" in section  # the charts' own text


# The improvement plan section ------------------------------------------------------------------


def _action(area, title, *, due, status="in_progress", completed_on=None, **fields):
    from findings.models import ImprovementAction

    action = ImprovementActionFactory(area=area, title=title, **fields)
    ImprovementAction.objects.filter(pk=action.pk).update(
        due_date=due, status=status, completed_on=completed_on
    )
    action.refresh_from_db()
    return action


@pytest.fixture
def plan(sefton, overdue_action):
    """Besides the action overdue since 15 July 2024: one completed in July 2024 (after its due
    date in June), one completed in August (open, and overdue, at the end of July), one due in
    August (due soon), one completed in June (before the period), one on a leadership area, and
    one on an area raised by a draft (never in a digest)."""
    allegations = overdue_action.area
    leadership = AreaOfConcern.objects.filter(authority=sefton, theme=Theme.LEADERSHIP).first()
    ImprovementActionFactory._meta.model.objects.filter(pk=overdue_action.pk).update(
        rag="red", rag_reason="The LADO post is vacant."
    )
    draft = InspectionEventFactory(
        authority=sefton, visit_number=9, status=InspectionEvent.Status.DRAFT
    )
    secret = AreaOfConcern.objects.create(
        authority=sefton, title="An embargoed area", raised_by=draft, theme=Theme.LEADERSHIP
    )
    return {
        "july": _action(
            allegations,
            "Train every team manager on allegations",
            due=datetime.date(2024, 6, 30),
            status="complete",
            completed_on=datetime.date(2024, 7, 10),
        ),
        "august": _action(
            allegations,
            "Publish the LADO annual report",
            due=datetime.date(2024, 7, 20),
            status="complete",
            completed_on=datetime.date(2024, 8, 5),
            lead_name="LADO",
            lead_agency="Sefton LSCP",
        ),
        "soon": _action(allegations, "Audit LADO referrals", due=datetime.date(2024, 8, 10)),
        "june": _action(
            allegations,
            "Agree the allegations procedure",
            due=datetime.date(2024, 6, 1),
            status="complete",
            completed_on=datetime.date(2024, 6, 20),
        ),
        "leadership": _action(
            leadership,
            "Report to the board each quarter",
            due=datetime.date(2024, 7, 1),
            status="complete",
            completed_on=datetime.date(2024, 7, 25),
        ),
        "secret": _action(
            secret,
            "An action nobody may see yet",
            due=datetime.date(2024, 7, 2),
            status="complete",
            completed_on=datetime.date(2024, 7, 3),
        ),
    }


def test_the_plan_is_counted_as_it_stood_at_the_end_of_the_period(sefton, overdue_action, plan):
    section = digest_context(sefton.pk, JULY_2024)["plan"]
    assert section.counts == {
        "total": 6,
        "open": 3,  # overdue_action, "august" (completed after July), "soon"
        "overdue": 2,
        "due_soon": 1,
        "complete": 3,
    }


def test_the_overdue_actions_are_named_with_their_days_overdue(sefton, overdue_action, plan):
    context = digest_context(sefton.pk, JULY_2024)
    overdue = context["plan"].overdue
    assert [item.action for item in overdue] == [overdue_action, plan["august"]]
    assert [item.days_overdue for item in overdue] == [17, 12]  # counted on 1 August 2024
    assert overdue[0].rag.label == "Off track"
    assert context["overdue_actions"] == [overdue_action, plan["august"]]


def test_completed_since_the_last_digest_are_those_completed_in_the_period(
    sefton, overdue_action, plan
):
    completed = digest_context(sefton.pk, JULY_2024)["plan"].completed
    assert completed == [plan["july"], plan["leadership"]]
    themed = digest_context(sefton.pk, JULY_2024, theme=Theme.LEADERSHIP)["plan"]
    assert themed.completed == [plan["leadership"]] and themed.overdue == []
    one_area = digest_context(sefton.pk, JULY_2024, area_id=overdue_action.area_id)["plan"]
    assert one_area.completed == [plan["july"]] and one_area.counts["total"] == 5


def test_the_pdf_has_the_improvement_plan_section(sefton, overdue_action, plan):
    text = pdf_text(render_pdf("pdf/digest.html", digest_context(sefton.pk, JULY_2024)).data)
    for expected in (
        "Improvement plan",
        "Overdue actions",
        "Tell the LADO about every investigation decision",
        "due 15 July 2024 · 17 days overdue · Not started · lead's RAG: OFF TRACK",
        "Publish the LADO annual report",
        "LADO, Sefton LSCP",
        "Completed since the last digest",
        "Train every team manager on allegations",
        "completed 10 July 2024",
        "Report to the board each quarter",
    ):
        assert expected in text, expected
    assert "An action nobody may see yet" not in text
    assert "Agree the allegations procedure" not in text
    squeezed = text.replace(" ", "")
    assert "6actions3open2overdue1duesoon3complete" in squeezed


def test_a_quiet_period_still_shows_the_plan(sefton, overdue_action, plan):
    june = Period(Cadence.MONTHLY, datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
    text = pdf_text(render_pdf("pdf/digest.html", digest_context(sefton.pk, june)).data)
    assert "Improvement plan" in text and "Completed since the last digest" in text
    assert "completed 20 June 2024" in text  # "Agree the allegations procedure"
    # Completed on 10 July, due on 30 June: overdue on 1 July.
    assert "due 30 June 2024 · 1 day overdue · Complete" in text
