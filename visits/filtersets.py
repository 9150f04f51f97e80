"""Filters for local authorities and inspection events (django-filter), shared by pages and the API."""

import django_filters
from django import forms
from django.db.models import Q

from sefton_tracker.core.punctuation import PlainPunctuation, plain_punctuation

from .models import InspectionEvent, LocalAuthority


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (an id or a count): '1.5' is refused rather than rounded."""

    field_class = forms.IntegerField


def visible_events(request):
    """The events a filter may name: drafts only for those who may change events."""
    if request is None:
        return InspectionEvent.objects.none()
    return InspectionEvent.objects.visible_to(request.user)


def search(fields):
    """A filter method matching any word-for-word fragment of the given text fields, in any case,
    with typographic quotes, apostrophes and dashes matching their typed forms."""

    def method(queryset, name, value):
        text = plain_punctuation(value).strip()
        if not text:
            return queryset
        condition = Q()
        plain = {f"plain_{field.replace('__', '_')}": field for field in fields}
        for alias in plain:
            condition |= Q(**{f"{alias}__icontains": text})
        return queryset.alias(
            **{alias: PlainPunctuation(field) for alias, field in plain.items()}
        ).filter(condition)

    return method


class AuthorityFilterSet(django_filters.FilterSet):
    region = django_filters.CharFilter(
        lookup_expr="iexact", help_text="The region, e.g. `North West` (any case)."
    )
    q = django_filters.CharFilter(
        method=search(["name", "ons_code"]),
        help_text="Text to find in the authority's name or ONS code.",
    )

    class Meta:
        model = LocalAuthority
        fields = ["region", "q"]


class EventFilterSet(django_filters.FilterSet):
    authority = django_filters.ModelChoiceFilter(
        queryset=LocalAuthority.objects.all(), help_text="The local authority's id."
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=InspectionEvent.Kind.choices,
        help_text="The kind of event; repeat the parameter for several kinds.",
    )
    status = django_filters.ChoiceFilter(
        choices=InspectionEvent.Status.choices,
        help_text="Draft or published. Drafts are listed only to those who may change events.",
    )
    visit_number = IntegerFilter(
        min_value=1, help_text="The monitoring visit's number (6 for the sixth)."
    )
    fieldwork_from = django_filters.DateFilter(
        field_name="fieldwork_start",
        lookup_expr="gte",
        help_text="Events whose fieldwork started on or after this date (YYYY-MM-DD).",
    )
    fieldwork_to = django_filters.DateFilter(
        field_name="fieldwork_start",
        lookup_expr="lte",
        help_text="Events whose fieldwork started on or before this date (YYYY-MM-DD).",
    )
    published_from = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="gte",
        help_text="Events whose letter or report is dated on or after this date.",
    )
    published_to = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        help_text="Events whose letter or report is dated on or before this date.",
    )
    area = IntegerFilter(
        method="reviewed_area",
        help_text="Events that reviewed this area of concern (its id).",
    )
    q = django_filters.CharFilter(
        method=search(["headline_summary", "lead_inspector", "inspectors", "source_reference"]),
        help_text="Text to find in the headline summary, inspectors' names or source reference.",
    )

    class Meta:
        model = InspectionEvent
        fields = [
            "authority",
            "kind",
            "status",
            "visit_number",
            "fieldwork_from",
            "fieldwork_to",
            "published_from",
            "published_to",
            "area",
            "q",
        ]

    def reviewed_area(self, queryset, name, value: int):
        return queryset.filter(
            pk__in=queryset.model.objects.filter(reviews__area=value).values("pk")
        )
