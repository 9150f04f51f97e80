"""Each rule's message, through the forms an officer uses: shown in the error summary, linked to
the field it is about, with nothing saved and everything typed kept."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from findings.models import RAG, AreaOfConcern, AreaReview, Finding, ImprovementAction
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    InspectionEventFactory,
    LocalAuthorityFactory,
)
from tests.support.forms import date_fields, error_summary, event_data, management, summary_text
from visits.models import InspectionEvent, Judgement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def post_event(client, **overrides):
    return client.post(reverse("event-create"), event_data(**overrides))


def test_it_rejects_fieldwork_that_ends_before_it_starts(signed_in, sefton):
    response = post_event(signed_in, **date_fields("fieldwork_end", datetime.date(2025, 1, 20)))
    assert response.status_code == 200
    assert error_summary(response) == [
        ("id_fieldwork_end_day", "Fieldwork end must be the same as or after fieldwork start.")
    ]
    assert not InspectionEvent.objects.filter(visit_number=7).exists()


def test_it_rejects_fieldwork_in_the_future(signed_in, sefton):
    response = post_event(
        signed_in,
        **date_fields("fieldwork_start", TODAY + datetime.timedelta(days=1)),
        **date_fields("fieldwork_end", TODAY + datetime.timedelta(days=2)),
        **date_fields("published_on", None),
    )
    assert error_summary(response) == [
        ("id_fieldwork_start_day", "Fieldwork start must be today or in the past."),
        ("id_fieldwork_end_day", "Fieldwork end must be today or in the past."),
    ]


def test_it_rejects_a_visit_number_already_used_for_the_authority(signed_in, sefton):
    response = post_event(signed_in, visit_number="6")
    assert error_summary(response) == [
        ("id_visit_number", "This monitoring visit number is already used for this authority.")
    ]
    assert InspectionEvent.objects.filter(visit_number=6).count() == 1


def test_the_same_visit_number_is_fine_for_another_authority(signed_in, sefton):
    InspectionEventFactory(authority=LocalAuthorityFactory(), visit_number=7)
    response = post_event(signed_in)
    assert response.status_code == 302
    assert InspectionEvent.objects.get(authority=sefton, visit_number=7).status == "draft"


@pytest.mark.parametrize(
    "day,month,year,message,target",
    [
        ("31", "2", "2025", "Fieldwork start must be a real date", "id_fieldwork_start_day"),
        ("21", "", "2025", "Fieldwork start must include a month", "id_fieldwork_start_month"),
        ("", "", "2025", "Fieldwork start must include a day and month", "id_fieldwork_start_day"),
        ("21", "1", "25", "Fieldwork start year must include 4 numbers", "id_fieldwork_start_year"),
        ("21", "one", "2025", "Fieldwork start must be a real date", "id_fieldwork_start_month"),
        ("", "", "", "Enter the date fieldwork started", "id_fieldwork_start_day"),
    ],
)
def test_a_date_is_checked_part_by_part(signed_in, sefton, day, month, year, message, target):
    response = post_event(
        signed_in,
        fieldwork_start_day=day,
        fieldwork_start_month=month,
        fieldwork_start_year=year,
    )
    assert error_summary(response) == [(target, message)]
    # The part in error is highlighted, and what was typed is kept.
    content = response.content.decode()
    assert re.search(rf'class="[^"]*govuk-input--error" id="{target}"', content)
    assert f'name="fieldwork_start_year" type="text" inputmode="numeric" value="{year}"' in content


def test_a_rejected_event_form_keeps_everything_typed(signed_in, sefton):
    response = post_event(
        signed_in,
        visit_number="6",
        headline_summary="Leaders have taken decisive action.",
        fieldwork_start_day="31",
        fieldwork_start_month="2",
    )
    content = response.content.decode()
    assert 'name="fieldwork_start_day" type="text" inputmode="numeric" value="31"' in content
    assert 'value="Lisa Summers, Rachel Fairhurst"' in content
    assert "Leaders have taken decisive action.</textarea>" in content
    assert 'value="monitoring" checked' in content
    assert 'value="6"' in content


def test_a_graded_inspection_takes_either_layout_of_judgements_but_not_both(signed_in, sefton):
    graded = {
        "kind": "standard",
        "visit_number": "",
        **date_fields("fieldwork_start", datetime.date(2019, 1, 14)),
        **date_fields("fieldwork_end", datetime.date(2019, 1, 25)),
        **date_fields("published_on", datetime.date(2019, 3, 1)),
    }
    both = post_event(
        signed_in,
        **graded,
        children_in_care_and_care_leavers="good",
        children_in_care="good",
    )
    assert error_summary(both) == [
        (
            "id_children_in_care_and_care_leavers",
            "Give either the combined judgement for children in care and care leavers (reports "
            "before 2023) or the two separate judgements (from 2023), not both.",
        )
    ]
    combined = post_event(
        signed_in, **graded, overall_effectiveness="good", children_in_care_and_care_leavers="good"
    )
    assert combined.status_code == 302
    event = InspectionEvent.objects.get(kind="standard", fieldwork_start=datetime.date(2019, 1, 14))
    assert sorted(event.judgements.values_list("judgement", flat=True)) == [
        "children_in_care_and_care_leavers",
        "overall_effectiveness",
    ]


def test_a_monitoring_visit_has_no_judgements(signed_in, sefton):
    response = post_event(signed_in, overall_effectiveness="good")
    assert error_summary(response) == [
        (
            "id_overall_effectiveness",
            "Only graded inspections (standard or short ILACS) have judgements. Leave this blank.",
        )
    ]
    # The judgements section is open, so the error summary's link leads to a visible field.
    assert '<details class="govuk-details" id="judgements" open>' in response.content.decode()


def test_a_judgement_problem_is_shown_with_the_other_problems_at_once(signed_in, sefton):
    response = post_event(
        signed_in, overall_effectiveness="good", fieldwork_start_day="31", fieldwork_start_month="2"
    )
    anchors = [anchor for anchor, _ in error_summary(response)]
    assert anchors[0].startswith("id_fieldwork_start") and anchors[1:] == [
        "id_overall_effectiveness"
    ]


def test_an_inspection_changed_to_a_visit_loses_its_judgements(signed_in, sefton):
    inspection = InspectionEvent.objects.get(kind="standard")
    data = event_data(version=str(inspection.version), visit_number="9")
    response = signed_in.post(reverse("event-edit", args=[inspection.pk]), data)
    assert response.status_code == 302
    assert not Judgement.objects.filter(event=inspection).exists()


def _area_screen(client, review, **rating):
    url = reverse("event-area", args=[review.event_id, review.area_id])
    data = {
        **management("findings", 1, 0),
        "findings-0-text": "",
        "findings-0-polarity": "",
        "findings-0-section": "findings",
        "findings-0-paragraph": "",
        "rating-version": str(review.version),
        "rating-rag": "",
        "rating-rationale": "",
    }
    data.update(rating)
    return client.post(url, data)


def test_it_rejects_a_rating_without_a_rationale(signed_in):
    review = AreaReviewFactory(rag="", rationale="")
    response = _area_screen(signed_in, review, **{"rating-rag": "amber"})
    assert error_summary(response) == [
        ("id_rating-rationale", "Enter the rationale for this rating: what evidence supports it.")
    ]
    assert AreaReview.objects.get(pk=review.pk).rag == ""


def test_it_rejects_a_red_rating_whose_rationale_is_not_a_sentence(signed_in):
    review = AreaReviewFactory(rag="", rationale="")
    response = _area_screen(
        signed_in, review, **{"rating-rag": "red", "rating-rationale": "Too slow."}
    )
    assert error_summary(response) == [
        (
            "id_rating-rationale",
            "A red rating's rationale must say what risk remains for children, in at least one "
            "full sentence.",
        )
    ]
    assert "Too slow.</textarea>" in response.content.decode()


def test_it_rejects_a_finding_with_no_text(signed_in):
    review = AreaReviewFactory()
    response = _area_screen(
        signed_in,
        review,
        **{"findings-0-polarity": "weakness", "findings-0-text": "   "},
        # The published visit's rating, as the screen shows it.
        **{"rating-rag": review.rag, "rating-rationale": review.rationale},
    )
    assert error_summary(response) == [
        ("id_findings-0-text", "Finding 1: Enter the finding's quoted text.")
    ]
    on_its_own = signed_in.post(
        reverse("finding-create", args=[review.event_id]),
        {"area": review.area_id, "text": "", "polarity": "weakness", "section": "findings"},
    )
    assert error_summary(on_its_own) == [("id_text", "Enter the finding's quoted text.")]
    assert not Finding.objects.exists()


def test_it_rejects_a_finding_for_an_area_of_another_authority(signed_in):
    event = InspectionEventFactory()
    elsewhere = AreaOfConcernFactory()  # another authority's area
    response = signed_in.post(
        reverse("finding-create", args=[event.pk]),
        {
            "area": elsewhere.pk,
            "text": "Responses to allegations are now timely.",
            "polarity": "strength",
            "section": "findings",
            "paragraph": "15",
        },
    )
    assert error_summary(response) == [
        ("id_area", "Choose an area of concern of the event's own local authority.")
    ]
    assert not Finding.objects.exists()
    # The list offers only the event's own authority's areas.
    assert elsewhere.title not in response.content.decode()
    assert "Responses to allegations are now timely.</textarea>" in response.content.decode()


def test_an_existing_action_may_run_past_its_due_date(signed_in):
    area = AreaOfConcernFactory()
    action = ImprovementAction.objects.create(
        area=area, title="Audit", lead_name="Head of service", due_date=TODAY
    )
    response = signed_in.post(
        reverse("action-edit", args=[action.pk]),
        {
            "title": "Audit",
            "lead_name": "Head of service",
            **date_fields("due_date", TODAY - datetime.timedelta(days=3)),
            "status": "in_progress",
            "version": str(action.version),
        },
    )
    assert response.status_code == 302
    assert ImprovementAction.objects.get(pk=action.pk).status == "in_progress"


def test_a_choice_left_unmade_is_named(signed_in):
    area = AreaOfConcernFactory()
    response = signed_in.post(reverse("action-create", args=[area.pk]), {})
    assert error_summary(response) == [
        ("id_title", "Enter the action"),
        (
            "id_lead_user",
            "Choose the lead from the tracker's users, or name the lead in a partner agency.",
        ),
        ("id_due_date_day", "Enter the date the action is due"),
        ("id_status_0", "Select the action's status"),
    ]
    assert "Error: " in response.content.decode().split("</title>")[0]


def test_a_rating_is_shown_as_a_tag_with_its_word(signed_in):
    review = AreaReviewFactory(
        rag=RAG.RED, rationale="Risk remains for children at the front door."
    )
    content = signed_in.get(reverse("event-area", args=[review.event_id, review.area_id])).content
    assert b'<strong class="govuk-tag govuk-tag--red app-rag">Red</strong>' in content
    assert summary_text(signed_in.get(reverse("home"))) == ""


# Every problem at once, one message per field, in the page's order.


def test_a_visit_number_in_words_gets_one_message(signed_in, sefton):
    response = post_event(signed_in, visit_number="seven")
    assert error_summary(response) == [
        ("id_visit_number", "Enter the visit number as a number, like 6")
    ]


def test_three_mistakes_are_all_reported_by_one_submit_in_the_pages_order(signed_in, sefton):
    response = post_event(
        signed_in,
        visit_number="6",  # already used for Sefton: a rule of the database
        **date_fields("fieldwork_end", datetime.date(2025, 1, 20)),  # before the start
        published_on_day="31",
        published_on_month="2",  # not a real date
    )
    assert error_summary(response) == [
        ("id_visit_number", "This monitoring visit number is already used for this authority."),
        ("id_fieldwork_end_day", "Fieldwork end must be the same as or after fieldwork start."),
        ("id_published_on_day", "Letter or publication date must be a real date"),
    ]


def test_a_date_typed_wrongly_is_not_compared_with_the_one_saved_before(signed_in, sefton):
    event = InspectionEventFactory(authority=sefton, visit_number=9)  # fieldwork from 25 June 2024
    response = signed_in.post(
        reverse("event-edit", args=[event.pk]),
        event_data(
            version=str(event.version),
            visit_number="9",
            fieldwork_start_day="31",
            fieldwork_start_month="2",
            fieldwork_start_year="2024",
            **date_fields("fieldwork_end", datetime.date(2024, 3, 2)),
            **date_fields("published_on", datetime.date(2024, 4, 1)),
        ),
    )
    assert error_summary(response) == [
        ("id_fieldwork_start_day", "Fieldwork start must be a real date")
    ]


def test_a_new_areas_title_already_used_is_reported_with_its_other_problems(signed_in, sefton):
    event = InspectionEvent.objects.get(visit_number=6)
    taken = AreaOfConcern.objects.filter(authority=sefton).first()
    response = signed_in.post(
        reverse("event-area-create", args=[event.pk]),
        {"title": taken.title, "description": "", "theme": ""},
    )
    assert error_summary(response) == [
        ("id_title", "This authority already has an area of concern with this title."),
        ("id_description", "Enter the area in the inspection's words"),
        ("id_theme", "Select the area's theme"),
    ]


def test_the_area_screen_lists_its_problems_in_the_pages_order(signed_in):
    review = AreaReviewFactory(rag="", rationale="")
    response = _area_screen(
        signed_in,
        review,
        **{
            "findings-0-text": "Strategy meetings are timely.",
            "findings-0-paragraph": "four",
            "rating-rag": "red",
            "rating-rationale": "Too slow.",
        },
    )
    assert error_summary(response) == [
        (
            "id_findings-0-polarity_0",
            "Finding 1: Select whether the finding is a strength, a weakness or mixed",
        ),
        ("id_findings-0-paragraph", "Finding 1: Paragraph number must be a whole number, like 4"),
        (
            "id_rating-rationale",
            "A red rating's rationale must say what risk remains for children, in at least one "
            "full sentence.",
        ),
    ]
