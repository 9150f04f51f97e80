"""When CI asks for the real stack (REQUIRE_SERVICES=1), prove the tests really ran on it."""

import os

import pytest
from django.db import connection

from tests.conftest import REQUIRE_SERVICES

pytestmark = pytest.mark.skipif(
    not REQUIRE_SERVICES, reason="only meaningful with REQUIRE_SERVICES=1"
)


@pytest.mark.django_db
def test_the_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_the_broker_is_redis_and_reachable():
    import redis

    url = os.environ["CELERY_BROKER_URL"]
    assert url.startswith("redis://")
    assert redis.Redis.from_url(url).ping()
