"""Stored values as history pages and conflict messages show them."""

import datetime

import pytest
from django.utils import timezone

from findings.models import AreaReview
from sefton_tracker.core.display import display_value, person_name
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def field(name):
    return AreaReview._meta.get_field(name)


def test_values_read_as_people_write_them(board_member):
    assert display_value(field("rag"), "amber") == "Amber"
    assert display_value(field("rationale"), "") == "(blank)"
    rated_at = timezone.make_aware(datetime.datetime(2024, 7, 25, 9, 30))
    assert display_value(field("rated_at"), rated_at) == "25 July 2024, 09:30"
    assert display_value(field("rated_by"), board_member.pk) == "Bev Board"
    assert display_value(field("rated_by"), 10**9) == "(deleted)"
    assert display_value(field("rated_by"), board_member.pk, names={}) == "(deleted)"


def test_a_person_without_a_name_is_their_username():
    assert person_name(UserFactory(username="ops", first_name="", last_name="")) == "ops"
    assert person_name(None, default="someone else") == "someone else"
