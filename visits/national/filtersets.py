"""Filters for Ofsted's published outcomes (django-filter), shared by pages and the API."""

import django_filters

from visits.models import InspectionEvent, Judgement

from .models import OfstedOutcome


class OutcomeFilterSet(django_filters.FilterSet):
    authority = django_filters.CharFilter(
        field_name="authority__ons_code",
        lookup_expr="iexact",
        help_text="The authority's ONS code, e.g. `E08000014` (any case).",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=InspectionEvent.Kind.choices,
        help_text="The kind of inspection or visit; repeat the parameter for several kinds.",
    )
    start_date_from = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="gte",
        help_text="Inspections and visits that started on or after this date (YYYY-MM-DD).",
    )
    start_date_to = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="lte",
        help_text="Inspections and visits that started on or before this date (YYYY-MM-DD).",
    )
    overall_effectiveness = django_filters.MultipleChoiceFilter(
        choices=Judgement.Grade.choices,
        help_text="The grade for overall effectiveness; repeat the parameter for several grades. "
        "Visits have none.",
    )

    class Meta:
        model = OfstedOutcome
        fields = ["authority", "kind", "start_date_from", "start_date_to", "overall_effectiveness"]
