"""Fixtures shared by the reports' tests."""

import pytest

from visits.models import InspectionEvent


@pytest.fixture
def sixth_visit(sefton):
    return InspectionEvent.objects.get(authority=sefton, visit_number=6)
