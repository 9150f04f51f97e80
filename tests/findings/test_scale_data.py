"""generate_scale_data: the promised shape, real rules respected, and a clean replace."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from findings.models import AreaReview, Finding, ImprovementAction
from visits.models import InspectionEvent, Judgement, LocalAuthority

pytestmark = pytest.mark.django_db


def test_it_creates_the_requested_shape_and_reports_its_speed():
    out = StringIO()
    call_command("generate_scale_data", authorities=3, events=4, areas=5, findings=2, stdout=out)
    assert LocalAuthority.objects.count() == 3
    assert InspectionEvent.objects.count() == 12
    assert InspectionEvent.objects.filter(kind="standard").count() == 3
    assert Judgement.objects.count() == 12
    assert AreaReview.objects.count() == 3 * 4 * 5
    assert Finding.objects.count() == 3 * 4 * 5 * 2
    assert ImprovementAction.objects.count() == 3 * 5 * 2
    assert "rows/s" in out.getvalue()
    assert list(
        InspectionEvent.objects.filter(authority__ons_code="E99000001").values_list(
            "visit_number", flat=True
        )
    ) == [None, 1, 2, 3]


def test_it_refuses_to_add_a_second_set_unless_asked_to_replace():
    call_command(
        "generate_scale_data", authorities=1, events=2, areas=1, findings=1, stdout=StringIO()
    )
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_scale_data", authorities=1, events=2, areas=1, findings=1)
    call_command(
        "generate_scale_data",
        authorities=2,
        events=2,
        areas=1,
        findings=1,
        replace=True,
        stdout=StringIO(),
    )
    assert LocalAuthority.objects.count() == 2


def test_it_leaves_real_authorities_alone(sefton):
    call_command(
        "generate_scale_data", authorities=1, events=2, areas=1, findings=1, stdout=StringIO()
    )
    call_command(
        "generate_scale_data",
        authorities=1,
        events=2,
        areas=1,
        findings=1,
        replace=True,
        stdout=StringIO(),
    )
    assert InspectionEvent.objects.filter(authority=sefton).count() == 3
