"""Filters for the board's pages. They read GET parameters, so every filtered view is a URL that
can be bookmarked and shared; a value that is not allowed is reported against its field."""

import django_filters
from django import forms

from visits.models import InspectionEvent

from .models import RAG, AreaOfConcern, Finding, Theme
from .selectors import search_findings


class GovukFilterForm(forms.Form):
    """Widgets carry GOV.UK classes; a field in error is styled and points to its message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            kind = "select" if isinstance(field.widget, forms.Select) else "input"
            field.widget.attrs["class"] = f"govuk-{kind}"
            field.widget.govuk_kind = kind

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] += f" govuk-{widget.govuk_kind}--error"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"


def _choose(thing: str) -> dict:
    return {"invalid_choice": f"Choose {thing} from the list"}


class DashboardFilter(django_filters.FilterSet):
    """Narrows the dashboard matrix. Its queryset must carry the annotations of
    selectors.latest_rating_annotations (`latest_rag`, `reviewed_since`)."""

    theme = django_filters.ChoiceFilter(
        label="Theme",
        choices=Theme.choices,
        empty_label="All themes",
        error_messages=_choose("a theme"),
    )
    rag = django_filters.ChoiceFilter(
        label="Latest rating",
        field_name="latest_rag",
        choices=RAG.choices,
        empty_label="Any rating",
        error_messages=_choose("a rating"),
    )
    reviewed = django_filters.ChoiceFilter(
        label="Reviewed since the inspection",
        choices=[("yes", "Reviewed since"), ("no", "Not reviewed since")],
        empty_label="Either",
        method="filter_reviewed",
        error_messages=_choose("whether the area has been reviewed"),
    )

    class Meta:
        model = AreaOfConcern
        fields = ["theme", "rag", "reviewed"]
        form = GovukFilterForm

    def filter_reviewed(self, queryset, name, value):
        return queryset.filter(reviewed_since=value == "yes")


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
        form = GovukFilterForm

    def __init__(self, data=None, queryset=None, *, authority, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["area"].queryset = AreaOfConcern.objects.filter(authority=authority)
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
