"""Filters for the reports list page and the API, in one place."""

import django_filters

from visits.filtersets import visible_events

from .models import Report


class ReportFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Report.Kind.choices, empty_label="All types")
    status = django_filters.ChoiceFilter(choices=Report.Status.choices, empty_label="All statuses")
    event = django_filters.ModelChoiceFilter(
        queryset=visible_events, help_text="The id of the event a progress letter is about."
    )

    class Meta:
        model = Report
        fields = ["kind", "status", "event"]
