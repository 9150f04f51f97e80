"""The API refuses what the forms refuse, with the same messages, field by field, and saves
nothing; what the database refuses is a 400 naming the rule, never a 500."""

import datetime

import pytest

from findings.models import AREA_OF_OTHER_AUTHORITY, AreaOfConcern, AreaReview, Finding
from tests.support.api import api_client
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    InspectionEventFactory,
    InspectionFactory,
    JudgementFactory,
    LocalAuthorityFactory,
)
from visits.models import ONLY_GRADED_HAVE_JUDGEMENTS, InspectionEvent, Judgement

pytestmark = pytest.mark.django_db
YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


@pytest.fixture
def officer_client(officer):
    return api_client(officer)


def new_visit(authority, **changes):
    return {
        "authority": authority.pk,
        "kind": "monitoring",
        "visit_number": 7,
        "fieldwork_start": "2024-10-01",
        "fieldwork_end": "2024-10-02",
        **changes,
    }


def post(client, path, body):
    return client.post(path, body, format="json")


def test_it_refuses_fieldwork_that_ends_before_it_starts(officer_client):
    authority = LocalAuthorityFactory()
    response = post(
        officer_client, "/api/v1/events/", new_visit(authority, fieldwork_end="2024-09-30")
    )
    assert response.status_code == 400
    assert response.json() == {
        "fieldwork_end": ["Fieldwork end must be the same as or after fieldwork start."]
    }
    assert not InspectionEvent.objects.exists()


def test_it_refuses_fieldwork_in_the_future(officer_client):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = post(
        officer_client,
        "/api/v1/events/",
        new_visit(LocalAuthorityFactory(), fieldwork_start=tomorrow, fieldwork_end=tomorrow),
    )
    assert response.status_code == 400
    assert response.json()["fieldwork_start"] == ["Fieldwork start must be today or in the past."]


def test_it_asks_for_a_monitoring_visits_number(officer_client):
    response = post(
        officer_client, "/api/v1/events/", new_visit(LocalAuthorityFactory(), visit_number=None)
    )
    assert response.status_code == 400
    assert response.json() == {
        "visit_number": ["Enter the monitoring visit number, for example 6 for the sixth visit."]
    }


def test_it_refuses_a_visit_number_already_used(officer_client):
    first = InspectionEventFactory(visit_number=7)
    response = post(officer_client, "/api/v1/events/", new_visit(first.authority))
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This monitoring visit number is already used for this authority."]
    }


def test_it_refuses_judgements_for_a_monitoring_visit_and_saves_nothing(officer_client):
    body = new_visit(
        LocalAuthorityFactory(),
        judgements=[{"judgement": "overall_effectiveness", "grade": "good"}],
    )
    response = post(officer_client, "/api/v1/events/", body)
    assert response.status_code == 400
    assert response.json() == {"judgements": [f"{ONLY_GRADED_HAVE_JUDGEMENTS} Leave this blank."]}
    assert not InspectionEvent.objects.exists()


def test_it_refuses_a_judgement_listed_twice(officer_client):
    body = new_visit(
        LocalAuthorityFactory(),
        kind="standard",
        visit_number=None,
        judgements=[
            {"judgement": "overall_effectiveness", "grade": "good"},
            {"judgement": "overall_effectiveness", "grade": "inadequate"},
        ],
    )
    response = post(officer_client, "/api/v1/events/", body)
    assert response.status_code == 400
    assert response.json() == {"judgements": ["'Overall effectiveness' is listed more than once."]}


def test_it_names_the_judgement_whose_grade_is_not_a_grade(officer_client):
    body = new_visit(
        LocalAuthorityFactory(),
        kind="standard",
        visit_number=None,
        judgements=[
            {"judgement": "overall_effectiveness", "grade": "good"},
            {"judgement": "care_leavers", "grade": "excellent"},
        ],
    )
    response = post(officer_client, "/api/v1/events/", body)
    assert response.status_code == 400
    assert response.json() == {
        "judgements": {"1": {"grade": ['"excellent" is not a valid choice.']}}
    }


def test_a_graded_inspection_is_recorded_with_its_judgements(officer_client):
    body = new_visit(
        LocalAuthorityFactory(),
        kind="standard",
        visit_number=None,
        judgements=[{"judgement": "overall_effectiveness", "grade": "inadequate"}],
    )
    response = post(officer_client, "/api/v1/events/", body)
    assert response.status_code == 201, response.content
    assert response.json()["judgements"] == [
        {"judgement": "overall_effectiveness", "grade": "inadequate"}
    ]
    assert response.json()["status"] == "draft" and response.json()["version"] == 1


def test_a_red_rating_must_say_what_risk_remains(officer_client):
    review = AreaReviewFactory(rag="amber")
    response = officer_client.patch(
        f"/api/v1/ratings/{review.pk}/",
        {"rag": "red", "rationale": "Slow.", "version": review.version},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "rationale": [
            "A red rating's rationale must say what risk remains for children, in at least "
            "one full sentence."
        ]
    }
    assert AreaReview.objects.get(pk=review.pk).rag == "amber"


def test_a_rating_records_who_rated_it_and_when(officer_client, officer):
    event = InspectionEventFactory()
    area = AreaOfConcernFactory(authority=event.authority)
    response = post(
        officer_client,
        "/api/v1/ratings/",
        {"event": event.pk, "area": area.pk, "rag": "green", "rationale": "Effective."},
    )
    assert response.status_code == 201, response.content
    assert response.json()["rated_by"] == "Olu Officer"
    review = AreaReview.objects.get(pk=response.json()["id"])
    assert review.rated_by == officer and review.rated_at is not None


def test_changing_only_the_letters_wording_leaves_the_rater_alone(officer_client, board_member):
    review = AreaReviewFactory(rated_by=board_member)
    response = officer_client.patch(
        f"/api/v1/ratings/{review.pk}/",
        {"area_wording": "The front door.", "version": review.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert AreaReview.objects.get(pk=review.pk).rated_by == board_member


def test_the_rater_cannot_be_set_by_the_client(officer_client, board_member, officer):
    review = AreaReviewFactory()
    officer_client.patch(
        f"/api/v1/ratings/{review.pk}/",
        {"rag": "green", "rationale": "Effective.", "rated_by": board_member.pk, "version": 1},
        format="json",
    )
    assert AreaReview.objects.get(pk=review.pk).rated_by == officer


def test_a_rating_must_be_of_an_area_of_the_events_authority(officer_client):
    event = InspectionEventFactory()
    elsewhere = AreaOfConcernFactory()
    response = post(
        officer_client,
        "/api/v1/ratings/",
        {"event": event.pk, "area": elsewhere.pk, "rag": "green", "rationale": "Effective."},
    )
    assert response.status_code == 400
    assert response.json() == {"area": [AREA_OF_OTHER_AUTHORITY]}


def test_an_area_is_reviewed_once_per_event(officer_client):
    review = AreaReviewFactory()
    response = post(
        officer_client,
        "/api/v1/ratings/",
        # Rated: the event is published.
        {"event": review.event_id, "area": review.area_id, "rag": "green", "rationale": "Good."},
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This area already has a review at this event."]
    }


def test_a_finding_needs_its_text(officer_client):
    event = InspectionEventFactory()
    response = post(
        officer_client,
        "/api/v1/findings/",
        {"event": event.pk, "text": "   ", "polarity": "strength", "section": "findings"},
    )
    assert response.status_code == 400
    assert response.json() == {"text": ["This field may not be blank."]}
    assert not Finding.objects.exists()


def test_a_new_finding_goes_to_the_end_of_the_letter(officer_client):
    first = FindingFactory(order=4)
    response = post(
        officer_client,
        "/api/v1/findings/",
        {"event": first.event_id, "text": "Next.", "polarity": "mixed", "section": "findings"},
    )
    assert response.status_code == 201
    assert response.json()["order"] == 5


def test_an_area_raised_by_another_authoritys_inspection_is_refused(officer_client):
    authority = LocalAuthorityFactory()
    response = post(
        officer_client,
        "/api/v1/areas/",
        {
            "authority": authority.pk,
            "title": "Care leavers' accommodation",
            "description": "Suitable accommodation for care leavers.",
            "theme": "care_leavers",
            "raised_by": InspectionFactory().pk,
        },
    )
    assert response.status_code == 400
    assert response.json() == {"raised_by": ["Choose an inspection of the same local authority."]}
    assert not AreaOfConcern.objects.exists()


def test_a_new_action_may_be_due_in_the_past_with_a_warning(officer_client):
    """An existing plan is loaded as it stands: an action already past its due date is overdue."""
    area = AreaOfConcernFactory()
    response = post(
        officer_client,
        "/api/v1/actions/",
        {
            "area": area.pk,
            "title": "Audit",
            "lead": {"name": "Head of service"},
            "due_date": str(YESTERDAY),
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["due_date"] == str(YESTERDAY) and body["is_overdue"] is True
    assert body["warnings"] == ["The due date is in the past: this action shows as overdue."]
    on_time = post(
        officer_client,
        "/api/v1/actions/",
        {
            "area": area.pk,
            "title": "Plan",
            "lead": {"name": "Head of service"},
            "due_date": "2999-01-01",
        },
    )
    assert on_time.status_code == 201 and on_time.json()["warnings"] == []


def test_an_authority_name_is_unique_with_the_admins_message(api_admin):
    authority = LocalAuthorityFactory()
    response = post(
        api_admin,
        "/api/v1/authorities/",
        {"name": authority.name, "ons_code": "E09000001", "region": ""},
    )
    assert response.status_code == 400
    assert response.json() == {"name": ["Local authority with this Name already exists."]}


def test_an_update_must_say_which_version_it_changes(officer_client):
    event = InspectionEventFactory()
    response = officer_client.patch(
        f"/api/v1/events/{event.pk}/", {"headline_summary": "New."}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "version": [
            "Send the version you last read, so that changes saved meanwhile are not overwritten."
        ]
    }


def test_a_rule_only_the_database_holds_is_a_400_naming_it(officer_client):
    inspection = InspectionFactory()
    JudgementFactory(event=inspection)
    body = {"kind": "monitoring", "visit_number": 3, "version": inspection.version}
    response = officer_client.patch(f"/api/v1/events/{inspection.pk}/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "kind": [
            "This inspection has judgements, so it must stay a graded inspection: remove its "
            "judgements first."
        ]
    }
    assert InspectionEvent.objects.get(pk=inspection.pk).kind == "standard"


def test_removing_the_judgements_in_the_same_change_lets_an_inspection_change_kind(
    officer_client,
):
    inspection = InspectionFactory()
    JudgementFactory(event=inspection)
    body = {"kind": "focused", "judgements": [], "version": inspection.version}
    response = officer_client.patch(f"/api/v1/events/{inspection.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["judgements"] == []
    assert not Judgement.objects.filter(event=inspection).exists()


def test_leaving_judgements_out_keeps_them(officer_client):
    inspection = InspectionFactory()
    JudgementFactory(event=inspection)
    body = {"headline_summary": "Inadequate.", "version": inspection.version}
    response = officer_client.patch(f"/api/v1/events/{inspection.pk}/", body, format="json")
    assert response.status_code == 200
    assert len(response.json()["judgements"]) == 1


@pytest.fixture
def api_admin(administrator):
    return api_client(administrator)


def test_an_authority_with_events_cannot_be_deleted(api_admin):
    event = InspectionEventFactory()
    response = api_admin.delete(f"/api/v1/authorities/{event.authority_id}/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This cannot be deleted while other records refer to it (1 inspection event). "
        "Delete or move those first."
    }
    assert InspectionEvent.objects.filter(pk=event.pk).exists()


def test_an_area_with_findings_cannot_be_deleted(api_admin):
    finding = FindingFactory()
    response = api_admin.delete(f"/api/v1/areas/{finding.area_id}/?version={finding.area.version}")
    assert response.status_code == 409
    assert "1 finding" in response.json()["detail"]


def test_a_filter_value_that_is_not_allowed_is_a_400(officer_client):
    response = officer_client.get("/api/v1/findings/", {"rag": "purple"})
    assert response.status_code == 400
    assert response.json() == {
        "rag": ["Select a valid choice. purple is not one of the available choices."]
    }


def test_an_event_of_a_kind_that_does_not_exist_is_refused(officer_client):
    response = post(officer_client, "/api/v1/events/", new_visit(LocalAuthorityFactory(), kind="x"))
    assert response.status_code == 400
    assert response.json() == {"kind": ['"x" is not a valid choice.']}


def test_the_api_reads_json_only(officer_client):
    response = officer_client.post(
        "/api/v1/events/", {"kind": "monitoring", "fieldwork_start": "2025-01-06"}
    )
    assert response.status_code == 415


def test_a_number_no_field_can_hold_is_refused_by_the_field_it_was_sent_in(officer_client):
    # 1e999 is valid JSON that Python reads as infinity: an id given it used to be a 500.
    body = '{"authority": 1e999, "kind": "monitoring", "judgements": [{"grade": -1e999}]}'
    response = officer_client.post("/api/v1/events/", body, content_type="application/json")
    assert response.status_code == 400
    out_of_range = (
        "A valid number is required: {} is out of range (numbers must lie between "
        "-9223372036854775808 and 9223372036854775807)."
    )
    assert response.json() == {
        "authority": [out_of_range.format("1e999")],
        "judgements": {"0": {"grade": [out_of_range.format("-1e999")]}},
    }
    assert not InspectionEvent.objects.exists()
