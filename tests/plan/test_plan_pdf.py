"""The improvement plan as a PDF: the panel that offers it, the request (a page's POST and the API),
the report it makes, and what the rendered PDF says, read back as text."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from findings.models import AreaOfConcern, ImprovementAction, LeadRAG
from findings.plan.models import ImpactMeasure, ProgressUpdate
from reports import services
from reports.models import Report
from reports.plan import plan_context
from reports.rendering import render_pdf
from tests.indicators.making import local_indicator
from tests.support.api import api_client
from tests.support.factories import (
    AreaOfConcernFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
)
from tests.support.pdf_text import pdf_text
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

AS_AT = datetime.date(2026, 11, 29)
D = datetime.date


def render_panel(authority, user):
    template = Template("{% load reports_tags %}{% plan_pdf_panel authority user %}")
    return template.render(Context({"authority": authority, "user": user, "csrf_token": "t0ken"}))


def test_the_panel_offers_an_officer_the_button(officer, sefton):
    html = render_panel(sefton, officer)
    assert "Improvement plan (PDF)" in html
    assert f'action="/reports/plan/{sefton.pk}/"' in html
    assert "Prepare the plan as a PDF" in html and 'value="t0ken"' in html
    assert "No PDF of the improvement plan has been prepared yet." in html


def test_the_panel_shows_a_plan_being_prepared(officer, sefton):
    Report.objects.create(kind=Report.Kind.PLAN, title="Plan", authority=sefton)
    html = render_panel(sefton, officer)
    assert "Queued" in html and "being prepared" in html
    assert "Prepare the plan as a PDF" not in html


def test_the_panel_gives_a_board_member_no_button(board_member, sefton):
    html = render_panel(sefton, board_member)
    assert "Improvement plan (PDF)" in html and "<form" not in html


def test_the_panel_links_a_ready_plan_with_its_size_and_date(board_member, sefton):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    report = Report.objects.create(
        kind=Report.Kind.PLAN,
        title="Plan",
        authority=sefton,
        status=Report.Status.READY,
        size_bytes=52_000,
        page_count=3,
        finished_at=timezone.make_aware(datetime.datetime(2026, 11, 29, 9, 30)),
    )
    report.pdf.save(report.storage_name, ContentFile(b"%PDF-1.7\n"))
    html = render_panel(sefton, board_member)
    assert f'href="/reports/{report.pk}/download/"' in html
    assert "(PDF, 50.8\xa0KB, prepared 29 November 2026)" in html


@pytest.fixture
def plan(sefton, officer):
    """Sefton's journey with a plan: a user's action with updates and measures, a partner's
    overdue one, a complete one, and an action on an area raised by a draft (never shown)."""
    areas = list(AreaOfConcern.objects.filter(authority=sefton).order_by("position"))
    front_door, missing = areas[0], areas[1]
    officer.first_name, officer.last_name = "Olu", "Officer"
    officer.save()
    led = ImprovementActionFactory(
        area=front_door,
        title="Publish the threshold guidance to partners",
        lead_user=officer,
        lead_name="",
        due_date=AS_AT + datetime.timedelta(days=10),
        status=ImprovementAction.Status.IN_PROGRESS,
        rag=LeadRAG.AT_RISK,
        rag_reason="Two partners have not yet signed off.",
    )
    ProgressUpdate.objects.create(
        action=led, date=D(2026, 10, 1), note="Draft shared.", rag="green", author=officer
    )
    ProgressUpdate.objects.create(
        action=led,
        date=D(2026, 11, 20),
        note="Police and health have signed off; schools next.",
        rag="amber",
        author=officer,
    )
    indicator = local_indicator(sefton)
    ImpactMeasure.objects.create(
        action=led, description="More contacts decided within a day", indicator=indicator
    )
    ImpactMeasure.objects.create(action=led, description="Fewer repeat contacts")
    overdue = ImprovementActionFactory(
        area=missing,
        title="Agree the joint missing-from-home protocol",
        lead_name="DI Rob Jones",
        lead_agency="Merseyside Police",
        due_date=AS_AT - datetime.timedelta(days=12),
        rag=LeadRAG.OFF_TRACK,
        rag_reason="Awaiting the police's legal review.",
    )
    done = ImprovementActionFactory(
        area=missing, title="Recruit two return-interview workers", lead_name="Head of service"
    )
    ImprovementAction.objects.filter(pk=done.pk).update(
        status="complete", completed_on=D(2026, 9, 30), due_date=D(2026, 10, 31)
    )
    draft = InspectionEventFactory(
        authority=sefton, visit_number=9, status=InspectionEvent.Status.DRAFT
    )
    secret = AreaOfConcernFactory(authority=sefton, raised_by=draft, title="An embargoed area")
    ImprovementActionFactory(area=secret, title="An action nobody may see yet")
    return {"led": led, "overdue": overdue, "done": done, "front_door": front_door}


def test_the_context_counts_the_plan_and_groups_it_by_area(sefton, plan):
    context = plan_context(sefton.pk, AS_AT)
    counts = context["counts"]
    assert (counts["total"], counts["open"], counts["overdue"], counts["complete"]) == (3, 2, 1, 1)
    assert (counts["due_soon"], counts["at_risk"], counts["off_track"]) == (1, 1, 1)
    titles = [item.action.title for area in context["areas"] for item in area.actions]
    assert "An action nobody may see yet" not in titles and len(titles) == 3
    first = context["areas"][0]
    assert first.area == plan["front_door"] and first.latest_rating.rag == "red"
    overdue = next(i for a in context["areas"] for i in a.actions if i.action == plan["overdue"])
    assert overdue.is_overdue and overdue.days_overdue == 12


def test_the_plan_is_answered_in_a_fixed_number_of_queries(sefton, plan, django_assert_num_queries):
    # The authority, counts, ratings, actions (with area and lead), latest updates, measures.
    with django_assert_num_queries(6):
        plan_context(sefton.pk, AS_AT)


@pytest.fixture
def rendered(sefton, plan):
    return render_pdf("pdf/plan.html", plan_context(sefton.pk, AS_AT))


def test_the_pdf_holds_every_action_with_its_lead_due_date_status_and_rag(rendered):
    text = pdf_text(rendered.data)
    for expected in (
        "Improvement plan, 29 November 2026",
        "Generated on 29 November 2026",
        "The plan at a glance",
        "Publish the threshold guidance to partners",
        "Olu Officer",
        "9 December 2026",
        "Due in 10 days",
        "AT RISK",
        "Two partners have not yet signed off.",
        "20 November 2026 Police and health have signed off; schools next.",
        "More contacts decided within a day (indicator: Assessments completed within 45 working "
        "days); Fewer repeat contacts.",
        "Agree the joint missing-from-home protocol",
        "DI Rob Jones, Merseyside Police",
        "Overdue by 12 days",
        "OFF TRACK",
        "No update yet",
        "Recruit two return-interview workers",
        "Completed 30 September 2026",
        f"Page 1 of {rendered.page_count}",
    ):
        assert expected in text, expected
    assert "An action nobody may see yet" not in text
    assert "An embargoed area" not in text


def test_each_area_shows_the_boards_latest_rating(rendered, plan):
    text = pdf_text(rendered.data)
    assert f"{plan['front_door'].title} The board's latest rating: RED" in text


def test_an_authority_without_a_plan_says_so(sefton):
    text = pdf_text(render_pdf("pdf/plan.html", plan_context(sefton.pk, AS_AT)).data)
    assert "No improvement actions are recorded for Sefton's published areas of concern." in text


# The request ------------------------------------------------------------------------------------


def test_an_officer_requests_the_plan_and_it_is_rendered(
    client, officer, sefton, plan, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report-request-plan", args=[sefton.pk]))
    report = Report.objects.get(kind=Report.Kind.PLAN)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.is_ready and report.requested_by == officer  # rendered eagerly in tests
    assert report.title == "Sefton improvement plan"
    today = report.plan_date
    assert report.download_name == f"sefton-improvement-plan-{today:%Y-%m-%d}.pdf"
    text = pdf_text(report.pdf.read())
    assert "Publish the threshold guidance to partners" in text
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Improvement plan" in page and "Sefton's improvement plan, as at" in page


def test_the_download_name_is_the_plans_date(sefton):
    from django.utils import timezone

    report = Report.objects.create(kind=Report.Kind.PLAN, title="Plan", authority=sefton)
    Report.objects.filter(pk=report.pk).update(
        started_at=timezone.make_aware(datetime.datetime(2026, 11, 29, 8, 0))
    )
    report.refresh_from_db()
    assert report.download_name == "sefton-improvement-plan-2026-11-29.pdf"


def test_a_board_member_may_not_request_it(client, board_member, sefton):
    client.force_login(board_member)
    assert client.post(reverse("report-request-plan", args=[sefton.pk])).status_code == 403
    assert client.get(reverse("report-request-plan", args=[sefton.pk])).status_code == 405


def test_a_second_request_while_one_is_prepared_returns_that_one(officer, sefton):
    first = Report.objects.create(kind=Report.Kind.PLAN, title="Plan", authority=sefton)
    report, created = services.request_plan(sefton, officer)
    assert (report, created) == (first, False)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(kind=Report.Kind.PLAN, title="Plan again", authority=sefton)


def test_a_plan_has_no_event_or_period(sefton):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            kind=Report.Kind.PLAN,
            title="Plan",
            authority=sefton,
            period_start=AS_AT,
            period_end=AS_AT,
        )


def test_the_plan_is_requested_over_the_api(
    officer, board_member, sefton, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(officer).post(
            "/api/v1/reports/", {"kind": "plan", "authority": sefton.pk}, format="json"
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["kind"] == "plan" and body["kind_display"] == "Improvement plan"
    assert body["status"] == "queued" and body["download_name"].startswith(
        "sefton-improvement-plan-"
    )
    listed = api_client(board_member).get("/api/v1/reports/", {"kind": "plan"}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    missing = api_client(officer).post("/api/v1/reports/", {"kind": "plan"}, format="json")
    assert missing.status_code == 400 and missing.json() == {
        "authority": ["This field is required."]
    }
    refused = api_client(board_member).post(
        "/api/v1/reports/", {"kind": "plan", "authority": sefton.pk}, format="json"
    )
    assert refused.status_code == 403


def test_the_reports_list_shows_the_plan(client, board_member, officer, sefton):
    services.request_plan(sefton, officer)
    client.force_login(board_member)
    page = client.get("/reports/?kind=plan").content.decode()
    assert "Sefton improvement plan" in page and "Sefton's improvement plan, as at" in page


def test_the_areas_with_no_actions_are_listed_but_not_an_embargoed_one(sefton, plan):
    context = plan_context(sefton.pk, AS_AT)
    without = list(context["areas_without_actions"])
    planned = {area.area for area in context["areas"]}
    published = set(AreaOfConcern.objects.published().filter(authority=sefton))
    assert set(without) == published - planned
    assert "An embargoed area" not in {area.title for area in without}
