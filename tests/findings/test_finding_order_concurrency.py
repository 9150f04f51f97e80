"""Findings saved at the same moment for one event each get their own place in the letter.

Needs PostgreSQL (row locks between real connections); skipped on SQLite, run in CI."""

import threading

import pytest
from django.db import connection, connections

from findings.models import Finding
from findings.services import save_finding
from tests.support.factories import AreaOfConcernFactory, InspectionEventFactory

WRITERS = 20


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("numbered", [False, True])
def test_twenty_findings_created_at_once_get_unique_positions(numbered):
    """Without paragraph numbers each goes last; with them, each takes its place in the letter,
    moving those after it down: either way no two share a place."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")
    event = InspectionEventFactory()
    area = AreaOfConcernFactory(authority=event.authority)
    start = threading.Barrier(WRITERS)
    errors = []

    def write(n):
        try:
            start.wait(timeout=30)
            save_finding(
                Finding(
                    event_id=event.pk,
                    area_id=area.pk,
                    text=f"Finding number {n} of the letter.",
                    polarity=Finding.Polarity.WEAKNESS,
                    section=Finding.Section.FINDINGS,
                    paragraph=WRITERS - n if numbered else None,
                )
            )
        except Exception as exc:  # reported below, with the others
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    orders = sorted(event.findings.values_list("order", flat=True))
    assert orders == list(range(1, WRITERS + 1))
    if numbered:
        paragraphs = list(event.findings.order_by("order").values_list("paragraph", flat=True))
        assert paragraphs == list(range(1, WRITERS + 1))
