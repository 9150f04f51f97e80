"""Authority scope: each user belongs to one or more local authorities (administrators set them);
administrators and superusers act on every authority.

An officer sees drafts of their own authorities only, and records and changes only their own
authorities' events, judgements, areas, ratings, findings and actions; another authority's
published records, and the national reference data, they read like everyone else. A draft of an
authority outside their scope is invisible to them everywhere; a write to another authority is
refused with the app's 403 page, naming the authority.

(The tests' own convention, tests/conftest.py: officers belong to every authority unless a test
says otherwise, as these do by setting the officer's authorities after making them.)"""

import datetime
import html
import importlib
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from findings.models import (
    AreaOfConcern,
    AreaReview,
    Finding,
    ImprovementAction,
    readable_in_history,
)
from reports.models import Report
from sefton_tracker.core.roles import OFFICER
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    InspectionFactory,
    LetterFactory,
    LocalAuthorityFactory,
    UserFactory,
)
from tests.support.forms import event_data
from tests.support.importing import SIXTH_VISIT_LETTER, read
from visits.models import InspectionEvent, visible_through
from visits.scope import acts_on_all, authority_ids_of, in_scope, may_write

pytestmark = pytest.mark.django_db

DRAFT_WORDS = "Embargoed Wirral finding"
DRAFT_AREA = "Wirral's embargoed area"


def journey(authority, prefix: str, draft_number: int = 7) -> SimpleNamespace:
    """An authority's published monitoring visit (a rated area, a finding, an action) and a draft
    visit that raised a new area (rated, with a finding and an action)."""
    inspection = InspectionFactory(authority=authority)
    published = InspectionEventFactory(authority=authority, visit_number=6)
    draft = InspectionEventFactory(
        authority=authority,
        visit_number=draft_number,
        status=InspectionEvent.Status.DRAFT,
        fieldwork_start=datetime.date(2025, 3, 4),
        fieldwork_end=datetime.date(2025, 3, 5),
        published_on=None,
    )
    area = AreaOfConcernFactory(authority=authority, raised_by=inspection, title=f"{prefix} area")
    draft_area = AreaOfConcernFactory(
        authority=authority, raised_by=draft, title=f"{prefix}'s embargoed area"
    )
    review = AreaReviewFactory(event=published, area=area)
    # A second area the visit reviewed, so that one rating can be removed.
    second_review = AreaReviewFactory(
        event=published, area=AreaOfConcernFactory(authority=authority, raised_by=inspection)
    )
    draft_review = AreaReviewFactory(event=draft, area=draft_area)
    return SimpleNamespace(
        authority=authority,
        published=published,
        draft=draft,
        area=area,
        draft_area=draft_area,
        review=review,
        second_review=second_review,
        draft_review=draft_review,
        finding=FindingFactory(event=published, area=area),
        draft_finding=FindingFactory(
            event=draft, area=draft_area, text=f"Embargoed {prefix} finding."
        ),
        action=ImprovementActionFactory(area=area),
        draft_action=ImprovementActionFactory(area=draft_area, title=f"{prefix} embargoed action"),
        letter=LetterFactory(event=draft),
    )


@pytest.fixture
def world(officer):
    """Sefton (the officer's authority) and Wirral (not theirs), each with a published visit and
    a draft."""
    own = journey(LocalAuthorityFactory(name="Sefton", ons_code="E08000014"), "Sefton")
    other = journey(LocalAuthorityFactory(name="Wirral", ons_code="E08000015"), "Wirral", 8)
    officer.authorities.set([own.authority])
    return SimpleNamespace(own=own, other=other)


# --- The rule ------------------------------------------------------------------------------------


def test_an_officer_acts_on_their_own_authorities_and_an_administrator_on_all(
    world, officer, administrator, board_member
):
    own, other = world.own.authority, world.other.authority
    assert authority_ids_of(officer) == {own.pk}
    assert in_scope(officer, own) and not in_scope(officer, other)
    assert authority_ids_of(administrator) is None and acts_on_all(administrator)
    assert in_scope(administrator, other)
    superuser = UserFactory(username="root", is_superuser=True)
    assert authority_ids_of(superuser) is None
    board_member.authorities.set([own])
    assert authority_ids_of(board_member) == {own.pk}


def test_writing_needs_the_permission_and_the_authority(
    world, officer, board_member, administrator
):
    own, other = world.own.authority, world.other.authority
    change = "visits.change_inspectionevent"
    assert may_write(officer, own, change)
    assert not may_write(officer, other, change)
    assert not may_write(officer, own, "visits.delete_inspectionevent")  # administrators only
    board_member.authorities.set([own])
    assert not may_write(board_member, own, change)
    assert may_write(administrator, other, change)
    assert may_write(administrator, other, "visits.delete_inspectionevent")


def test_an_officer_sees_the_drafts_of_their_own_authorities_only(world, officer):
    own, other = world.own, world.other
    events = set(InspectionEvent.objects.visible_to(officer))
    assert {own.draft, own.published, other.published} <= events
    assert other.draft not in events
    areas = set(AreaOfConcern.objects.visible_to(officer))
    assert own.draft_area in areas and other.area in areas and other.draft_area not in areas
    assert set(AreaOfConcern.objects.hidden_from(officer)) == {other.draft_area}
    ratings = set(AreaReview.objects.filter(visible_through(officer)))
    assert own.draft_review in ratings and other.review in ratings
    assert other.draft_review not in ratings
    findings = set(Finding.objects.filter(visible_through(officer)))
    assert own.draft_finding in findings and other.draft_finding not in findings
    letters = set(Report.objects.visible_to(officer))
    assert own.letter in letters and other.letter not in letters


def test_a_board_member_sees_published_records_whatever_their_authorities(world, board_member):
    board_member.authorities.set([world.own.authority])
    events = set(InspectionEvent.objects.visible_to(board_member))
    assert world.own.draft not in events and world.own.published in events
    assert world.own.draft_area not in set(AreaOfConcern.objects.visible_to(board_member))


def test_an_administrator_sees_every_draft(world, administrator):
    events = set(InspectionEvent.objects.visible_to(administrator))
    assert {world.own.draft, world.other.draft} <= events
    assert readable_in_history(administrator) == {}
    assert not AreaOfConcern.objects.hidden_from(administrator).exists()


def test_history_never_names_another_authority_s_draft_to_an_officer(world, officer):
    readable = readable_in_history(officer)
    events, _ = readable[InspectionEvent]
    areas, _ = readable[AreaOfConcern]
    assert world.own.draft in events and world.other.draft not in events
    assert world.own.draft_area in areas and world.other.draft_area not in areas


# --- Another authority's drafts are invisible on every page -------------------------------------


def test_another_authority_s_draft_is_not_found_on_its_pages(client, world, officer):
    client.force_login(officer)
    other = world.other
    for url in (
        other.draft.get_absolute_url(),
        reverse("event-history", args=[other.draft.pk]),
        other.draft_area.get_absolute_url(),
        reverse("area-history", args=[other.draft_area.pk]),
        reverse("finding-history", args=[other.draft_finding.pk]),
        reverse("review-history", args=[other.draft_review.pk]),
        reverse("action-history", args=[other.draft_action.pk]),
        reverse("event-edit", args=[other.draft.pk]),
        reverse("finding-edit", args=[other.draft_finding.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # Their own drafts they see.
    assert client.get(world.own.draft.get_absolute_url()).status_code == 200
    assert client.get(world.own.draft_area.get_absolute_url()).status_code == 200


def test_another_authority_s_draft_leaves_no_trace_on_the_board_s_pages(client, world, officer):
    client.force_login(officer)
    other = world.other.authority
    for url in (
        f"/dashboard/?authority={other.pk}",
        f"/findings/?authority={other.pk}",
        f"/findings/?authority={other.pk}&q=embargoed",
        world.other.area.get_absolute_url(),
        world.other.published.get_absolute_url(),
        reverse("report-list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        content = html.unescape(response.content.decode())
        for trace in (DRAFT_WORDS, DRAFT_AREA, "Wirral embargoed action", "Eighth"):
            assert trace not in content, (url, trace)
    # The same pages show the officer's own draft.
    content = client.get(f"/findings/?authority={world.own.authority.pk}").content.decode()
    assert "Embargoed Sefton finding" in html.unescape(content)


# --- Writes are for the officer's own authorities -----------------------------------------------


def write_pages(journey) -> list[str]:
    """Every page that records or changes something of the journey's published records."""
    event, area = journey.published, journey.area
    return [
        reverse("event-edit", args=[event.pk]),
        reverse("event-areas", args=[event.pk]),
        reverse("event-area-create", args=[event.pk]),
        reverse("event-area", args=[event.pk, area.pk]),
        reverse("event-unpublish", args=[event.pk]),
        reverse("event-findings", args=[event.pk]),
        reverse("finding-create", args=[event.pk]),
        reverse("finding-edit", args=[journey.finding.pk]),
        reverse("finding-delete", args=[journey.finding.pk]),
        reverse("area-edit", args=[area.pk]),
        reverse("action-create", args=[area.pk]),
        reverse("action-edit", args=[journey.action.pk]),
    ]


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (InspectionEvent, AreaOfConcern, AreaReview, Finding, ImprovementAction)
    ]


def test_an_officer_may_not_record_or_change_another_authority_s_records(client, world, officer):
    client.force_login(officer)
    before = snapshot()
    for url in write_pages(world.other):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 403, (method, url)
    assert snapshot() == before


def test_the_refusal_is_the_app_s_403_page_naming_the_authority(client, world, officer):
    client.force_login(officer)
    response = client.get(reverse("event-edit", args=[world.other.published.pk]))
    assert response.status_code == 403
    content = html.unescape(response.content.decode())
    assert "You do not have permission to see or change this" in content
    assert "Wirral is not one of your local authorities" in content


def test_an_officer_records_and_changes_their_own_authority_s_records(client, world, officer):
    client.force_login(officer)
    for url in write_pages(world.own):
        assert client.get(url).status_code == 200, url


def test_an_administrator_records_and_changes_any_authority_s_records(client, world, administrator):
    client.force_login(administrator)
    for url in write_pages(world.other):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("event-delete", args=[world.other.draft.pk])).status_code == 200


def test_another_authority_s_published_pages_offer_no_change_controls(client, world, officer):
    client.force_login(officer)
    for journey, shown in ((world.other, False), (world.own, True)):
        event, area = journey.published, journey.area
        pages = {
            event.get_absolute_url(): [
                reverse("event-edit", args=[event.pk]),
                reverse("finding-create", args=[event.pk]),
                reverse("finding-edit", args=[journey.finding.pk]),
                reverse("event-area", args=[event.pk, area.pk]),
                reverse("event-unpublish", args=[event.pk]),
            ],
            area.get_absolute_url(): [
                reverse("area-edit", args=[area.pk]),
                reverse("action-create", args=[area.pk]),
                reverse("action-edit", args=[journey.action.pk]),
            ],
        }
        for url, controls in pages.items():
            content = client.get(url).content.decode()
            for control in controls:
                assert (control in content) is shown, (url, control)
            assert "/history/" in content


def test_a_visit_is_recorded_for_the_officer_s_own_authority(client, world, officer):
    officer.authorities.set([world.other.authority])
    client.force_login(officer)
    page = client.get(reverse("event-create"))
    assert page.status_code == 200 and "Wirral" in page.content.decode()
    response = client.post(reverse("event-create"), event_data(visit_number="9"))
    assert response.status_code == 302
    assert InspectionEvent.objects.get(visit_number=9).authority == world.other.authority
    # Nor can they choose another authority.
    chosen = f"{reverse('event-create')}?authority={world.own.authority.pk}"
    assert client.get(chosen).status_code == 403
    assert client.post(chosen, event_data(visit_number="10")).status_code == 403
    assert not InspectionEvent.objects.filter(visit_number=10).exists()


def test_an_officer_of_no_authority_records_nothing(client, world, officer):
    officer.authorities.clear()
    client.force_login(officer)
    response = client.get(reverse("event-create"))
    assert response.status_code == 403
    assert "not a member of any local authority" in html.unescape(response.content.decode())


# --- The import ----------------------------------------------------------------------------------


def test_the_import_offers_only_the_officer_s_authorities(client, world, officer):
    client.force_login(officer)
    content = client.get(reverse("import-start")).content.decode()
    assert ">Sefton<" in content and ">Wirral<" not in content
    response = client.post(
        reverse("import-start"),
        {"text": read(SIXTH_VISIT_LETTER), "authority": world.other.authority.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_document_about_another_authority_is_not_read_into_a_draft(
    client, officer, tmp_path, monkeypatch
):
    from django.db import transaction

    from tests.support.importing import sefton_2022_only

    sefton_2022_only(tmp_path)
    # The pages run outside a transaction: a reading starts as soon as it is saved.
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    wirral = LocalAuthorityFactory(name="Wirral", ons_code="E08000015")
    officer.authorities.set([wirral])
    client.force_login(officer)
    response = client.post(reverse("import-start"), {"text": read(SIXTH_VISIT_LETTER)})
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert "Sefton is not one of your local authorities" in content


def test_a_kept_draft_of_another_authority_is_not_saved(client, world, officer):
    from findings.importer.parsing.draft import Draft
    from findings.importer.views import SESSION_KEY

    client.force_login(officer)
    session = client.session
    draft = Draft.from_dict(
        {
            "document": "letter",
            "event": {"kind": "monitoring", "authority_ons_code": "E08000015"},
            "areas": [],
            "findings": [],
            "judgements": [],
        }
    )
    session[SESSION_KEY] = {
        "kept": {"draft": draft.to_dict(), "authority": world.other.authority.pk}
    }
    session.save()
    before = snapshot()
    assert client.get(reverse("import-review", args=["kept"])).status_code == 403
    assert client.post(reverse("import-review", args=["kept"]), {}).status_code == 403
    assert snapshot() == before


# --- Reference data, and who sets the authorities -----------------------------------------------


def test_everyone_signed_in_reads_the_national_reference_data(officer, board_member):
    for user in (officer, board_member):
        user = User.objects.get(pk=user.pk)  # permissions read afresh
        for model in apps.get_app_config("national").get_models():
            codename = f"national.view_{model._meta.model_name}"
            assert user.has_perm(codename), (user, codename)
            assert not user.has_perm(f"national.change_{model._meta.model_name}")


def test_authorities_are_reference_data_officers_no_longer_add():
    officers = Group.objects.get(name=OFFICER)
    assert not officers.permissions.filter(codename="add_localauthority").exists()
    assert officers.permissions.filter(codename="change_inspectionevent").exists()


def test_the_national_reference_data_is_read_only_in_the_admin_but_for_superusers(
    client, administrator
):
    from tests.support.factories import OfstedOutcomeFactory

    outcome = OfstedOutcomeFactory()
    url = f"/admin/national/ofstedoutcome/{outcome.pk}/change/"
    client.force_login(administrator)
    assert client.get("/admin/national/ofstedoutcome/").status_code == 200
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get("/admin/national/ofstedoutcome/add/").status_code == 403
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert 'name="_save"' in client.get(url).content.decode()


def test_an_administrator_sets_a_user_s_authorities_in_the_admin(
    client, world, administrator, board_member
):
    client.force_login(administrator)
    url = f"/admin/auth/user/{board_member.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="authorities"' in page and "selectfilter" in page  # searchable, side by side
    response = client.post(
        url,
        {
            "username": "board",
            "first_name": "Bev",
            "last_name": "Board",
            "email": "board@example.org",
            "role": OFFICER,
            "authorities": [world.own.authority.pk, world.other.authority.pk],
            "is_active": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert authority_ids_of(board_member) == {world.own.authority.pk, world.other.authority.pk}
    listing = client.get("/admin/auth/user/").content.decode()
    rows = {
        row.split('class="field-username">')[1].split("</a>")[0].rsplit(">", 1)[-1]: row
        for row in listing.split("<tr")[1:]
        if 'class="field-username"' in row
    }
    assert '<td class="field-authority_names">Sefton, Wirral</td>' in rows["board"]
    assert '<td class="field-authority_names">All authorities</td>' in rows["admin"]


def test_a_new_user_is_given_their_authorities_when_added(client, world, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "newofficer",
            "role": OFFICER,
            "authorities": [world.other.authority.pk],
            "usable_password": "true",
            "password1": "a-long-new-password-1",
            "password2": "a-long-new-password-1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert authority_ids_of(User.objects.get(username="newofficer")) == {world.other.authority.pk}


def test_demo_users_belong_to_sefton(settings, sefton):
    settings.DEBUG = True
    LocalAuthorityFactory(name="Wirral", ons_code="E08000015")
    output = StringIO()
    call_command("create_demo_users", stdout=output)
    for username in ("board", "officer", "admin"):
        user = User.objects.get(username=username)
        assert list(user.authorities.values_list("ons_code", flat=True)) == ["E08000014"]
    assert "Sefton" in output.getvalue()


def test_existing_users_join_the_authorities_that_have_events(administrator, board_member):
    """The data migration that keeps a single-council install working."""
    migration = importlib.import_module("visits.migrations.0006_members_of_recorded_authorities")
    recorded = InspectionEventFactory().authority
    LocalAuthorityFactory(name="Unrecorded")  # no events: nobody joins it
    officer = UserFactory(username="olu")
    officer.groups.add(Group.objects.get(name=OFFICER))
    for user in (officer, board_member):
        user.authorities.clear()
    administrator.authorities.clear()
    migration.join_recorded_authorities(apps, None)
    assert authority_ids_of(officer) == {recorded.pk}
    assert authority_ids_of(board_member) == {recorded.pk}
    assert not administrator.authorities.exists()  # administrators act on all already
