"""No lost updates: when two officers edit the same event, finding, rating or action, the second
save is refused with what changed meanwhile — field, the value when they opened it, the value
now, who and when — their typing is kept, and nothing is overwritten until they save again."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from findings.models import AreaReview, Finding, ImprovementAction
from sefton_tracker.core.roles import OFFICER
from tests.support.factories import (
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    JudgementFactory,
    UserFactory,
)
from tests.support.forms import date_fields, event_data, form_values, management, summary_text
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_officers(officer):
    other = UserFactory(username="officer2", first_name="Tia", last_name="Tanaka")
    other.groups.add(Group.objects.get(name=OFFICER))
    first, second = Client(), Client()
    first.force_login(officer)
    second.force_login(other)
    return first, second


def version_on(page, name="version") -> str:
    return re.search(rf'name="{name}" value="(\d+)"', page.content.decode()).group(1)


def test_a_second_save_of_an_event_is_refused_and_shows_what_changed(two_officers):
    first, second = two_officers
    event = InspectionEventFactory(visit_number=7, headline_summary="First draft.")
    url = reverse("event-edit", args=[event.pk])
    seen = version_on(first.get(url))

    assert (
        second.post(
            url, event_data(version=version_on(second.get(url)), headline_summary="Summary by Tia.")
        ).status_code
        == 302
    )
    refused = first.post(url, event_data(version=seen, headline_summary="Summary by Olu."))

    assert refused.status_code == 200
    said = summary_text(refused)
    assert "Tia Tanaka changed this inspection event after you opened the page" in said
    assert "your changes have not been saved" in said
    assert "Headline summary : Tia Tanaka changed it at" in said
    assert "When you opened the page it was “First draft.”; it is now “Summary by Tia.”" in said
    assert InspectionEvent.objects.get(pk=event.pk).headline_summary == "Summary by Tia."
    # What Olu typed is still there, and the form now carries the version Olu has been shown.
    assert "Summary by Olu.</textarea>" in refused.content.decode()
    assert version_on(refused) == str(int(seen) + 1)

    again = first.post(
        url, event_data(version=version_on(refused), headline_summary="Final summary by Olu.")
    )
    assert again.status_code == 302
    assert InspectionEvent.objects.get(pk=event.pk).headline_summary == "Final summary by Olu."


def test_a_second_save_of_a_finding_is_refused(two_officers):
    first, second = two_officers
    finding = FindingFactory(text="Original words.")
    url = reverse("finding-edit", args=[finding.pk])
    seen = version_on(first.get(url))

    def data(version, text):
        return {
            "area": finding.area_id,
            "text": text,
            "polarity": "strength",
            "section": "findings",
            "paragraph": "3",
            "version": version,
        }

    assert second.post(url, data(version_on(second.get(url)), "Words by Tia.")).status_code == 302
    refused = first.post(url, data(seen, "Words by Olu."))
    said = summary_text(refused)
    assert "Tia Tanaka changed this finding" in said
    assert "“Original words.”; it is now “Words by Tia.”" in said
    assert Finding.objects.get(pk=finding.pk).text == "Words by Tia."
    assert "Words by Olu.</textarea>" in refused.content.decode()


def test_a_second_change_of_a_rating_is_refused(two_officers):
    first, second = two_officers
    review = AreaReviewFactory(rag="amber")
    url = reverse("event-area", args=[review.event_id, review.area_id])
    seen = version_on(first.get(url), "rating-version")

    def data(version, rag, rationale):
        return {
            **management("findings", 1, 0),
            "findings-0-section": "findings",
            "rating-version": version,
            "rating-rag": rag,
            "rating-rationale": rationale,
        }

    theirs = "Timely responses out of hours, with strong oversight by managers."
    second_seen = version_on(second.get(url), "rating-version")
    assert second.post(url, data(second_seen, "green", theirs)).status_code == 302
    refused = first.post(url, data(seen, "red", "Children still wait too long for a response."))
    said = summary_text(refused)
    assert said.count("Tia Tanaka changed this rating") == 1
    assert "<title>Error: " in refused.content.decode()
    assert "RAG rating : Tia Tanaka changed it" in said and "“Amber”; it is now “Green”" in said
    saved = AreaReview.objects.get(pk=review.pk)
    assert (saved.rag, saved.rationale, saved.rated_by.username) == ("green", theirs, "officer2")


def test_a_second_change_of_an_action_is_refused(two_officers):
    first, second = two_officers
    action = ImprovementActionFactory(lead_name="Head of service")
    url = reverse("action-edit", args=[action.pk])
    seen = version_on(first.get(url))

    def data(version, owner):
        return {
            "title": action.title,
            "lead_name": owner,
            **date_fields("due_date", action.due_date),
            "status": "in_progress",
            "version": version,
        }

    assert second.post(url, data(version_on(second.get(url)), "Tia")).status_code == 302
    refused = first.post(url, data(seen, "Olu"))
    assert "“Head of service”; it is now “Tia”" in summary_text(refused)
    assert ImprovementAction.objects.get(pk=action.pk).lead_name == "Tia"


def test_a_finding_changed_meanwhile_on_the_area_screen_refuses_the_whole_screen(two_officers):
    first, second = two_officers
    finding = FindingFactory(text="Original words.")
    review = AreaReviewFactory(event=finding.event, area=finding.area, rag="")
    url = reverse("event-area", args=[review.event_id, review.area_id])
    seen = version_on(first.get(url), "findings-0-version")
    finding.text = "Words by Tia."
    finding.version += 1
    finding.save()

    refused = first.post(
        url,
        {
            **management("findings", 2, 1),
            "findings-0-id": finding.pk,
            "findings-0-version": seen,
            "findings-0-text": "Words by Olu.",
            "findings-0-polarity": "strength",
            "findings-0-section": "findings",
            "findings-0-paragraph": "1",
            "findings-1-text": "A new finding Olu added.",
            "findings-1-polarity": "weakness",
            "findings-1-section": "findings",
            "rating-version": review.version,
            "rating-rag": "green",
            "rating-rationale": "Effective help out of hours.",
        },
    )
    assert "changed this finding (1)" in summary_text(refused)
    # Nothing on the screen was saved: not the new finding, not the rating.
    assert list(Finding.objects.values_list("text", flat=True)) == ["Words by Tia."]
    assert AreaReview.objects.get(pk=review.pk).rag == ""
    assert "A new finding Olu added.</textarea>" in refused.content.decode()


def test_deleting_an_event_changed_meanwhile_is_refused(client, administrator):
    event = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    client.force_login(administrator)
    url = reverse("event-delete", args=[event.pk])
    seen = version_on(client.get(url))
    event.headline_summary = "Changed after the page was opened."
    event.version += 1
    event.save()
    refused = client.post(url, {"version": seen})
    assert refused.status_code == 200
    assert "changed this inspection event" in summary_text(refused)
    assert InspectionEvent.objects.filter(pk=event.pk).exists()


def test_history_names_who_made_each_change(two_officers):
    first, second = two_officers
    event = InspectionEventFactory(visit_number=7)
    url = reverse("event-edit", args=[event.pk])
    second.post(url, event_data(version=version_on(second.get(url)), lead_inspector="L. S."))
    latest = event.history.order_by("-history_date").first()
    assert latest.history_user.username == "officer2"
    assert latest.history_date <= timezone.now()
    assert latest.fieldwork_start == datetime.date(2025, 1, 21)


def test_a_letters_wording_changed_meanwhile_is_not_overwritten(two_officers):
    first, second = two_officers
    review = AreaReviewFactory(area_wording="The front door.")
    url = reverse("event-areas", args=[review.event_id])
    seen = version_on(first.get(url), f"version_{review.area_id}")

    def data(version, wording):
        return {
            "areas": [review.area_id],
            f"wording_{review.area_id}": wording,
            f"version_{review.area_id}": version,
        }

    second_seen = version_on(second.get(url), f"version_{review.area_id}")
    assert (
        second.post(url, data(second_seen, "Arrangements for the front door.")).status_code == 302
    )
    refused = first.post(url, data(seen, "The front door and CHAT."))
    assert "“The front door.”; it is now “Arrangements for the front door.”" in summary_text(
        refused
    )
    assert AreaReview.objects.get(pk=review.pk).area_wording == "Arrangements for the front door."
    again = first.post(url, data(version_on(refused, f"version_{review.area_id}"), "Mine."))
    assert again.status_code == 302
    assert AreaReview.objects.get(pk=review.pk).area_wording == "Mine."


# Resolving a conflict: the refused form shows their current value of every field you did not
# change, yours of every field you did, and marks a field you both changed; saving it again keeps
# both people's changes.


def field_value(response, name) -> str | list[str] | None:
    return form_values(response).get(name)


def caption(response) -> str:
    return re.search(
        r'<span class="govuk-caption-l">(.*?)</span>', response.content.decode()
    ).group(1)


def test_a_refused_event_shows_their_changes_and_yours_and_saving_again_keeps_both(two_officers):
    first, second = two_officers
    event = InspectionEventFactory(
        visit_number=7,
        headline_summary="First draft.",
        lead_inspector="Lisa Summers",
        source_reference="Ofsted letter",
    )
    stored_dates = event.fieldwork_dates
    url = reverse("event-edit", args=[event.pk])
    mine = form_values(first.get(url))
    theirs = form_values(second.get(url))
    theirs.update(headline_summary="Summary by Tia.", lead_inspector="Rachel Fairhurst")
    assert second.post(url, theirs).status_code == 302

    mine.update(
        headline_summary="Summary by Olu.",
        source_reference="Ofsted monitoring visit letter, 25 July 2024",
        **date_fields("fieldwork_start", datetime.date(2024, 6, 24)),
    )
    refused = first.post(url, mine)

    assert refused.status_code == 200
    # Not changed by Olu: Tia's value. Changed by Olu only: Olu's. Changed by both: Olu's, marked.
    assert field_value(refused, "lead_inspector") == "Rachel Fairhurst"
    assert field_value(refused, "source_reference") == (
        "Ofsted monitoring visit letter, 25 July 2024"
    )
    assert field_value(refused, "fieldwork_start_day") == "24"
    assert field_value(refused, "headline_summary") == "Summary by Olu."
    said = summary_text(refused)
    assert "it is now “Rachel Fairhurst”. The form now shows their version." in said
    assert "it is now “Summary by Tia.”. You changed it too: the form keeps yours." in said
    content = " ".join(refused.content.decode().split())
    assert "Also changed by Tia Tanaka to “Summary by Tia.”" in content
    assert 'id="id_headline_summary_conflict"' in content
    # The caption says what is saved, not what Olu typed.
    assert caption(refused).endswith(stored_dates)

    assert first.post(url, form_values(refused)).status_code == 302
    saved = InspectionEvent.objects.get(pk=event.pk)
    assert (saved.lead_inspector, saved.source_reference, saved.headline_summary) == (
        "Rachel Fairhurst",
        "Ofsted monitoring visit letter, 25 July 2024",
        "Summary by Olu.",
    )
    assert saved.fieldwork_start == datetime.date(2024, 6, 24)


def test_a_refused_event_keeps_a_judgement_changed_meanwhile(two_officers):
    first, second = two_officers
    inspection = JudgementFactory(grade="inadequate").event
    url = reverse("event-edit", args=[inspection.pk])
    mine = form_values(first.get(url))
    theirs = form_values(second.get(url))
    theirs["overall_effectiveness"] = "requires_improvement"
    assert second.post(url, theirs).status_code == 302

    mine["headline_summary"] = "Leaders have made progress."
    refused = first.post(url, mine)
    assert "Overall effectiveness" in summary_text(refused)
    assert field_value(refused, "overall_effectiveness") == "requires_improvement"
    assert field_value(refused, "headline_summary") == "Leaders have made progress."

    assert first.post(url, form_values(refused)).status_code == 302
    assert inspection.judgements.get().grade == "requires_improvement"
    assert InspectionEvent.objects.get(pk=inspection.pk).headline_summary == (
        "Leaders have made progress."
    )


def test_a_refused_finding_shows_their_polarity_and_your_words(two_officers):
    first, second = two_officers
    finding = FindingFactory(text="Original words.", polarity="strength", paragraph=3)
    url = reverse("finding-edit", args=[finding.pk])
    mine = form_values(first.get(url))
    theirs = form_values(second.get(url))
    theirs["polarity"] = "weakness"
    assert second.post(url, theirs).status_code == 302

    mine["text"] = "Words by Olu."
    refused = first.post(url, mine)
    assert "Tia Tanaka changed this finding" in summary_text(refused)
    assert field_value(refused, "polarity") == "weakness"
    assert field_value(refused, "text") == "Words by Olu."
    assert "Also changed by" not in refused.content.decode()

    assert first.post(url, form_values(refused)).status_code == 302
    saved = Finding.objects.get(pk=finding.pk)
    assert (saved.text, saved.polarity) == ("Words by Olu.", "weakness")


def test_a_refused_rating_shows_their_rationale_with_your_rating(two_officers):
    first, second = two_officers
    review = AreaReviewFactory(rag="amber", rationale="Some progress, not yet consistent.")
    url = reverse("event-area", args=[review.event_id, review.area_id])
    mine = form_values(first.get(url))
    theirs = form_values(second.get(url))
    theirs["rating-rationale"] = "Some progress; strategy meetings are still late."
    assert second.post(url, theirs).status_code == 302

    mine["rating-rag"] = "green"
    refused = first.post(url, mine)
    assert "Tia Tanaka changed this rating" in summary_text(refused)
    assert field_value(refused, "rating-rag") == "green"
    assert field_value(refused, "rating-rationale") == (
        "Some progress; strategy meetings are still late."
    )

    assert first.post(url, form_values(refused)).status_code == 302
    saved = AreaReview.objects.get(pk=review.pk)
    assert (saved.rag, saved.rationale) == (
        "green",
        "Some progress; strategy meetings are still late.",
    )


def test_a_rating_both_changed_keeps_yours_and_says_what_theirs_was(two_officers):
    first, second = two_officers
    review = AreaReviewFactory(rag="amber")
    url = reverse("event-area", args=[review.event_id, review.area_id])
    mine = form_values(first.get(url))
    theirs = form_values(second.get(url))
    theirs["rating-rag"] = "green"
    assert second.post(url, theirs).status_code == 302

    mine["rating-rag"] = "red"
    mine["rating-rationale"] = "Children still wait too long for a response to be decided."
    refused = first.post(url, mine)
    assert field_value(refused, "rating-rag") == "red"
    assert "Also changed by Tia Tanaka to “Green”" in " ".join(refused.content.decode().split())


def test_a_refused_action_shows_their_owner_and_your_status(two_officers):
    first, second = two_officers
    action = ImprovementActionFactory(lead_name="Head of service", status="not_started")
    url = reverse("action-edit", args=[action.pk])
    mine = form_values(first.get(url))
    theirs = form_values(second.get(url))
    theirs["lead_name"] = "Service manager, MASH"
    assert second.post(url, theirs).status_code == 302

    mine["status"] = "in_progress"
    refused = first.post(url, mine)
    assert field_value(refused, "lead_name") == "Service manager, MASH"
    assert field_value(refused, "status") == "in_progress"

    assert first.post(url, form_values(refused)).status_code == 302
    saved = ImprovementAction.objects.get(pk=action.pk)
    assert (saved.lead_name, saved.status) == ("Service manager, MASH", "in_progress")
