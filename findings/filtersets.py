"""Filters (django-filter) for areas of concern, ratings, findings and improvement actions. They read GET
parameters, so every filtered page or API list is a URL that can be bookmarked and shared; a value
that is not allowed is reported against its field.

The board's pages use DashboardFilterForm and FindingSearchFilter; the API uses the *FilterSet classes.
Filters on a record's event select by the event's fieldwork start date."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q

from sefton_tracker.core.govuk_forms import Form
from visits.filtersets import search, visible_events
from visits.models import InspectionEvent, LocalAuthority

from .models import (
    RAG,
    AreaOfConcern,
    AreaReview,
    Finding,
    ImprovementAction,
    LeadRAG,
    Theme,
    due_soon_action,
    overdue_action,
)
from .selectors.search import search_findings


def _choose(thing: str) -> dict:
    return {"invalid_choice": f"Choose {thing} from the list"}


class DashboardFilterForm(Form):
    """Narrows the dashboard's matrix. Its rows are already in memory with their latest rating and
    whether they were reviewed since the inspection, so the form filters them, not a query."""

    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "All themes"), *Theme.choices],
        required=False,
        error_messages=_choose("a theme"),
    )
    rag = forms.ChoiceField(
        label="Latest rating",
        choices=[("", "Any rating"), *RAG.choices],
        required=False,
        error_messages=_choose("a rating"),
    )
    reviewed = forms.ChoiceField(
        label="Reviewed since the inspection",
        choices=[("", "Either"), ("yes", "Reviewed since"), ("no", "Not reviewed since")],
        required=False,
        error_messages=_choose("whether the area has been reviewed"),
    )

    def matches(self, row) -> bool:
        """Whether a matrix row (selectors.dashboard.MatrixRow) passes the filters. A filter whose
        value is not allowed is reported on the form and not applied."""
        if not self.is_bound:
            return True
        self.is_valid()
        chosen = self.cleaned_data
        return (
            chosen.get("theme") in ("", None, row.area.theme)
            and chosen.get("rag") in ("", None, row.latest_rag)
            and chosen.get("reviewed") in ("", None, "yes" if row.reviewed_since else "no")
        )


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}, {obj.fieldwork_dates}"


class EventFilter(django_filters.ModelChoiceFilter):
    field_class = EventChoiceField


class FindingSearchFilter(django_filters.FilterSet):
    """Searches and narrows an authority's findings: pass the findings the user may see, the
    authority (its areas and events are the choices) and the user (drafts only for officers)."""

    q = django_filters.CharFilter(
        label="Search the inspectors' words",
        method="filter_text",
        max_length=200,
        error_messages={"max_length": "Search text must be 200 characters or fewer"},
    )
    polarity = django_filters.ChoiceFilter(
        label="Strength or weakness",
        choices=Finding.Polarity.choices,
        empty_label="Any",
        error_messages=_choose("strength, weakness or mixed"),
    )
    area = django_filters.ModelChoiceFilter(
        label="Area of concern",
        queryset=AreaOfConcern.objects.none(),
        empty_label="All areas",
        error_messages=_choose("an area of concern"),
    )
    event = EventFilter(
        label="Inspection or visit",
        queryset=InspectionEvent.objects.none(),
        empty_label="All inspections and visits",
        error_messages=_choose("an inspection or visit"),
    )

    class Meta:
        model = Finding
        fields = ["q", "polarity", "area", "event"]
        form = Form

    def __init__(self, data=None, queryset=None, *, authority, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["area"].queryset = AreaOfConcern.objects.visible_to(user).filter(
            authority=authority
        )
        self.filters["event"].queryset = (
            InspectionEvent.objects.visible_to(user)
            .filter(authority=authority)
            .order_by("fieldwork_start", "id")
        )

    def filter_text(self, queryset, name, value):
        return search_findings(queryset, value)

    def _valid_values(self) -> dict:
        """The values that passed validation (an invalid field is reported, not applied)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def search_text(self) -> str:
        return self._valid_values().get("q") or ""

    @property
    def active(self) -> bool:
        return any(self._valid_values().values())


RAG_HELP = "Red, amber or green; repeat the parameter for several."


def authority_filter(field_name):
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=LocalAuthority.objects.all(),
        help_text="The local authority's id.",
    )


class AuthorityIdOrCodeField(forms.ModelChoiceField):
    """A local authority named by its id (12) or its ONS code (E08000014, in any case)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text.isdigit():
            return super().to_python(text)
        authority = self.queryset.filter(ons_code__iexact=text).first()
        if authority is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
            )
        return authority


class AuthorityIdOrCodeFilter(django_filters.ModelChoiceFilter):
    field_class = AuthorityIdOrCodeField


def authority_id_or_code_filter(field_name):
    return AuthorityIdOrCodeFilter(
        field_name=field_name,
        queryset=LocalAuthority.objects.all(),
        help_text="The local authority: its id, or its ONS code (e.g. E08000014).",
    )


def visible_areas(request):
    """The areas a filter may name: not one raised by a draft, unless the user may see drafts."""
    if request is None:
        return AreaOfConcern.objects.none()
    return AreaOfConcern.objects.visible_to(request.user)


def area_filter():
    return django_filters.ModelChoiceFilter(
        queryset=visible_areas, help_text="The area of concern's id."
    )


def theme_filter(field_name):
    return django_filters.MultipleChoiceFilter(
        field_name=field_name,
        choices=Theme.choices,
        help_text="The area's theme; repeat the parameter for several.",
    )


def event_kind_filter():
    return django_filters.MultipleChoiceFilter(
        field_name="event__kind",
        choices=InspectionEvent.Kind.choices,
        help_text="The kind of event; repeat the parameter for several.",
    )


def fieldwork_filters():
    return (
        django_filters.DateFilter(
            field_name="event__fieldwork_start",
            lookup_expr="gte",
            help_text="At events whose fieldwork started on or after this date (YYYY-MM-DD).",
        ),
        django_filters.DateFilter(
            field_name="event__fieldwork_start",
            lookup_expr="lte",
            help_text="At events whose fieldwork started on or before this date (YYYY-MM-DD).",
        ),
    )


class AreaFilterSet(django_filters.FilterSet):
    authority = authority_filter("authority")
    theme = theme_filter("theme")
    raised_by = django_filters.ModelChoiceFilter(
        queryset=visible_events, help_text="The id of the inspection that raised the area."
    )
    current_rag = django_filters.MultipleChoiceFilter(
        choices=RAG.choices,
        help_text="Areas whose latest rating is this (see `current_rag`). " + RAG_HELP,
    )
    q = django_filters.CharFilter(
        method=search(["title", "description"]),
        help_text="Text to find in the area's title or description.",
    )

    class Meta:
        model = AreaOfConcern
        fields = ["authority", "theme", "raised_by", "current_rag", "q"]


class RatingFilterSet(django_filters.FilterSet):
    authority = authority_filter("event__authority")
    event = django_filters.ModelChoiceFilter(queryset=visible_events, help_text="The event's id.")
    area = area_filter()
    theme = theme_filter("area__theme")
    kind = event_kind_filter()
    rag = django_filters.MultipleChoiceFilter(choices=RAG.choices, help_text=RAG_HELP)
    rated = django_filters.BooleanFilter(
        method="has_rating",
        help_text="`true`: only reviews with a RAG rating; `false`: only those not yet rated.",
    )
    fieldwork_from, fieldwork_to = fieldwork_filters()
    q = django_filters.CharFilter(
        method=search(["rationale", "area_wording", "area__title"]),
        help_text="Text to find in the rationale, the letter's wording of the area, or its title.",
    )

    class Meta:
        model = AreaReview
        fields = [
            "authority",
            "event",
            "area",
            "theme",
            "kind",
            "rag",
            "rated",
            "fieldwork_from",
            "fieldwork_to",
            "q",
        ]

    def has_rating(self, queryset, name, value):
        return queryset.exclude(rag="") if value else queryset.filter(rag="")


class FindingFilterSet(django_filters.FilterSet):
    authority = authority_filter("event__authority")
    event = django_filters.ModelChoiceFilter(queryset=visible_events, help_text="The event's id.")
    area = area_filter()
    theme = theme_filter("area__theme")
    kind = event_kind_filter()
    polarity = django_filters.MultipleChoiceFilter(
        choices=Finding.Polarity.choices,
        help_text="Strength, weakness or mixed; repeat the parameter for several.",
    )
    section = django_filters.MultipleChoiceFilter(
        choices=Finding.Section.choices,
        help_text="The letter's section; repeat the parameter for several.",
    )
    rag = django_filters.MultipleChoiceFilter(
        field_name="area_rag",
        choices=RAG.choices,
        help_text="Findings about an area rated this at the same event (the evidence behind "
        "a rating). " + RAG_HELP,
    )
    fieldwork_from, fieldwork_to = fieldwork_filters()
    q = django_filters.CharFilter(
        method=search(["text"]), help_text="Text to find in the quoted finding."
    )

    class Meta:
        model = Finding
        fields = [
            "authority",
            "event",
            "area",
            "theme",
            "kind",
            "polarity",
            "section",
            "rag",
            "fieldwork_from",
            "fieldwork_to",
            "q",
        ]


class ActionFilterSet(django_filters.FilterSet):
    authority = authority_id_or_code_filter("area__authority")
    area = area_filter()
    theme = theme_filter("area__theme")
    status = django_filters.MultipleChoiceFilter(
        choices=ImprovementAction.Status.choices,
        help_text="The action's status; repeat the parameter for several.",
    )
    overdue = django_filters.BooleanFilter(
        method="is_overdue",
        help_text="`true`: open actions past their due date; `false`: the others.",
    )
    due_from = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", help_text="Due on or after this date."
    )
    due_to = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", help_text="Due on or before this date."
    )
    due_soon = django_filters.BooleanFilter(
        method="is_due_soon",
        help_text=f"`true`: open actions due within {settings.PLAN_DUE_SOON_DAYS} days from "
        "today, not yet overdue; `false`: the others.",
    )
    lead = django_filters.CharFilter(
        method="led_by",
        max_length=120,
        help_text="The lead: a user's username (exactly, in any case), or part of a partner's "
        "lead's name or agency.",
    )
    rag = django_filters.MultipleChoiceFilter(
        choices=LeadRAG.choices,
        help_text="The lead's RAG: green (on track), amber (at risk) or red (off track); repeat "
        "the parameter for several.",
    )
    completed_from = django_filters.DateFilter(
        field_name="completed_on",
        lookup_expr="gte",
        help_text="Completed on or after this date (YYYY-MM-DD).",
    )
    completed_to = django_filters.DateFilter(
        field_name="completed_on",
        lookup_expr="lte",
        help_text="Completed on or before this date (YYYY-MM-DD).",
    )
    q = django_filters.CharFilter(
        method=search(["title", "lead_name", "lead_agency"]),
        help_text="Text to find in the title or the lead's name.",
    )

    class Meta:
        model = ImprovementAction
        fields = [
            "authority",
            "area",
            "theme",
            "status",
            "overdue",
            "due_soon",
            "due_from",
            "due_to",
            "lead",
            "rag",
            "completed_from",
            "completed_to",
            "q",
        ]

    def is_overdue(self, queryset, name, value):
        # The condition itself, not a subquery.
        overdue = overdue_action()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def is_due_soon(self, queryset, name, value):
        soon = due_soon_action()
        return queryset.filter(soon) if value else queryset.exclude(soon)

    def led_by(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(lead_user__username__iexact=value)
            | Q(lead_user__isnull=True, lead_name__icontains=value)
            | Q(lead_user__isnull=True, lead_agency__icontains=value)
        )
