"""Board pages are cached per authority revision: a repeat view skips the selectors, and any change
to the authority's data, any difference in the reader's permissions, filters or the day gives a
fresh page."""

import datetime

import pytest
from django.test import RequestFactory

from findings.models import RAG, AreaReview, Finding
from sefton_tracker.core.page_cache import page_cache
from tests.support.factories import (
    AreaOfConcernFactory,
    AreaReviewFactory,
    FindingFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    JudgementFactory,
    LocalAuthorityFactory,
)
from visits.models import InspectionEvent, LocalAuthority

pytestmark = pytest.mark.django_db


def main(response) -> str:
    """The page's main content: the shell around it carries a fresh CSRF token on every view."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def revision(authority) -> int:
    return LocalAuthority.objects.get(pk=authority.pk).revision


# --- The revision ------------------------------------------------------------------------------


def _event(authority):
    return InspectionEventFactory(authority=authority)


def _area(authority):
    return AreaOfConcernFactory(authority=authority)


MAKERS = {
    "event": _event,
    "judgement": lambda a: JudgementFactory(event__authority=a),
    "area": _area,
    "rating": lambda a: AreaReviewFactory(event=_event(a), area=_area(a)),
    "finding": lambda a: FindingFactory(event=_event(a), area=_area(a)),
    "action": lambda a: ImprovementActionFactory(area=_area(a)),
}


@pytest.mark.parametrize("kind", MAKERS)
def test_saving_or_deleting_a_row_moves_on_its_authoritys_revision_only(kind):
    authority, other = LocalAuthorityFactory(), LocalAuthorityFactory()
    row = MAKERS[kind](authority)
    other_before = revision(other)

    before = revision(authority)
    row.save()
    after_save = revision(authority)
    row.delete()
    after_delete = revision(authority)

    assert before < after_save < after_delete
    assert revision(other) == other_before


def test_deleting_an_event_moves_on_the_revision_for_its_cascaded_rows():
    authority = LocalAuthorityFactory()
    finding = FindingFactory(event=_event(authority), area=_area(authority))
    before = revision(authority)
    finding.event.delete()
    assert revision(authority) > before
    assert not Finding.objects.filter(pk=finding.pk).exists()


# --- The key -----------------------------------------------------------------------------------


def _key(user, authority, query="", *parts):
    request = RequestFactory().get("/dashboard/?" + query)
    request.user = user
    return page_cache(request, authority, *parts).key


def test_the_key_varies_with_revision_permissions_filters_day_and_page(
    board_member, officer, monkeypatch
):
    authority = LocalAuthorityFactory()
    key = _key(board_member, authority)
    assert _key(board_member, authority) == key
    assert _key(officer, authority) != key
    assert _key(board_member, authority, "rag=red") != key
    assert _key(board_member, authority, "", 7) != key
    _area(authority)
    authority.refresh_from_db()
    assert _key(board_member, authority) != key

    fresh = _key(board_member, authority)
    monkeypatch.setattr(
        "sefton_tracker.core.page_cache.timezone.localdate", lambda: datetime.date(2030, 1, 1)
    )
    assert _key(board_member, authority) != fresh


# --- The pages ---------------------------------------------------------------------------------


def test_a_repeat_view_of_the_dashboard_skips_its_selectors(
    client, board_member, sefton, django_assert_num_queries
):
    client.force_login(board_member)
    first = main(client.get("/dashboard/"))
    # The session, the user, the user's and groups' permissions, and the authority.
    with django_assert_num_queries(5):
        again = main(client.get("/dashboard/"))
    assert again == first
    assert "Showing 14 of 14 areas" in again


def test_a_repeat_view_of_an_area_page_skips_its_selectors(
    client, board_member, sefton, django_assert_num_queries
):
    area = sefton.areas.get(position=1)
    client.force_login(board_member)
    first = main(client.get(area.get_absolute_url()))
    with django_assert_num_queries(5):  # as above, with the area and its authority in one
        again = main(client.get(area.get_absolute_url()))
    assert again == first
    assert area.description[:60] in again


def test_a_new_area_shows_on_the_dashboard_at_once(client, board_member, sefton):
    client.force_login(board_member)
    assert "Showing 14 of 14 areas" in client.get("/dashboard/").content.decode()
    AreaOfConcernFactory(authority=sefton, title="Sufficiency of placements", position=15)
    page = client.get("/dashboard/").content.decode()
    assert "Showing 15 of 15 areas" in page
    assert "Sufficiency of placements" in page


def test_a_changed_rating_and_a_deleted_finding_show_on_the_area_page_at_once(
    client, board_member, sefton
):
    sixth = sefton.events.get(visit_number=6)
    review = AreaReview.objects.filter(event=sixth).select_related("area").first()
    finding = Finding.objects.filter(event=sixth, area=review.area).first()
    url = review.area.get_absolute_url()
    client.force_login(board_member)
    page = client.get(url).content.decode()
    assert finding.text[:60] in page

    review.rationale = "Re-rated after the board's deep dive in September."
    review.save()
    finding.delete()
    page = client.get(url).content.decode()
    assert "Re-rated after the board&#x27;s deep dive in September." in page
    assert finding.text[:60] not in page


def test_a_draft_cached_for_an_officer_is_never_shown_to_the_board(
    client, officer, board_member, sefton
):
    draft = InspectionEventFactory(
        authority=sefton,
        visit_number=7,
        status=InspectionEvent.Status.DRAFT,
        fieldwork_start=datetime.date(2025, 3, 4),
        fieldwork_end=datetime.date(2025, 3, 5),
    )
    AreaReviewFactory(event=draft, area=sefton.areas.get(position=1), rag=RAG.GREEN)
    client.force_login(officer)
    assert "Seventh monitoring visit" in client.get("/dashboard/").content.decode()

    client.force_login(board_member)
    assert "Seventh monitoring visit" not in client.get("/dashboard/").content.decode()


def test_filters_are_cached_separately(client, board_member, sefton):
    client.force_login(board_member)
    assert "Showing 14 of 14 areas" in client.get("/dashboard/").content.decode()
    filtered = client.get("/dashboard/?rag=green").content.decode()
    assert "Showing 1 of 14 areas" in filtered


@pytest.fixture
def redis_cache(settings):
    """The shared cache production uses (CACHE_URL), on the Redis that CI's broker runs on."""
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith("redis://"):
        pytest.skip("set CELERY_BROKER_URL to a Redis URL to test the page cache on Redis")
    import redis

    location = "/".join(broker.split("/")[:3]) + "/14"
    try:
        redis.Redis.from_url(location, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {location} is not reachable: {exc}")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_on_a_shared_redis_cache_a_repeat_view_is_served_from_it_and_a_change_is_not_missed(
    redis_cache, client, board_member, sefton, django_assert_num_queries
):
    client.force_login(board_member)
    first = main(client.get("/dashboard/"))
    with django_assert_num_queries(5):
        assert main(client.get("/dashboard/")) == first
    AreaOfConcernFactory(authority=sefton, title="Sufficiency of placements", position=15)
    assert "Showing 15 of 15 areas" in main(client.get("/dashboard/"))


def test_an_authoritys_own_edit_moves_its_revision_on_and_never_back(client, board_member, sefton):
    stale = LocalAuthority.objects.get(pk=sefton.pk)  # read before the change below
    AreaOfConcernFactory(authority=sefton, position=15)
    moved_on = revision(sefton)
    assert moved_on > stale.revision

    stale.name = "Sefton Metropolitan Borough"
    stale.save()
    assert revision(sefton) == moved_on + 1

    client.force_login(board_member)
    assert "Sefton Metropolitan Borough children's services" in main(client.get("/dashboard/"))
