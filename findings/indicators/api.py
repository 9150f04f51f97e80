"""Indicators over the API, so that a council's Power BI reads the same figures as the pages:
/api/v1/indicators/ (what each measures, and its source) and /api/v1/indicator-values/ (every
value for an authority, a region or England, per period), each with CSV and XLSX downloads.

Every role reads them. A council's own indicators and values are written by its officers with the
pages' rules (services.py): scope, versions, and every problem named by its field. DfE's are
read-only: they change only when a newer edition is loaded."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from rest_framework import exceptions, serializers

from findings.filtersets import visible_areas
from findings.models import AreaOfConcern, Theme
from sefton_tracker.core.api.exports import ExportMixin, export_docs
from sefton_tracker.core.api.schema import crud_docs
from sefton_tracker.core.api.serializers import VersionedSerializer, describe
from sefton_tracker.core.exports import Column
from visits.api import SCOPE_NOTE, AuthorityScopedViewSet
from visits.models import LocalAuthority

from .models import MARKERS, Indicator, IndicatorValue
from .services import (
    DFE_READ_ONLY,
    delete_indicator,
    delete_local_value,
    month_end,
    save_indicator,
    save_local_value,
)

describe(
    Indicator,
    key="The indicator's short name in files and filters, e.g. `agency-rate`; made from the name "
    "when a council's own indicator is added, and never changed.",
    name="The indicator's name, e.g. 'Agency social workers'.",
    description="What it measures: what is counted, over what, and from which records.",
    unit="What its values count: `percent`, `per_10000` (per 10,000 children), `cases` (per "
    "social worker) or `number`.",
    better="Whether higher or lower values are better (`neither`: watched, not aimed).",
    frequency="`annual` (DfE's, one value a year) or `monthly` (a council's own).",
    theme="The theme of the areas of concern it bears on; blank if none.",
    target="A council's own target, in the indicator's unit; null if none. With it, a value on "
    "the right side is green.",
)
describe(
    IndicatorValue,
    level="Whose value it is: `authority`, `region` or `england`.",
    region="The ONS region, for a regional value; blank otherwise.",
    value="The figure; null when the publication withholds it (see `marker`), never zero.",
    note="What explains the figure, if anything (a council's own), or the publication's note.",
)


# -- filters ------------------------------------------------------------------------------------


class IndicatorFilterSet(django_filters.FilterSet):
    authority = django_filters.CharFilter(
        method="for_authority",
        help_text="An authority's ONS code, e.g. `E08000014` (any case): DfE's indicators and "
        "that authority's own.",
    )
    local = django_filters.BooleanFilter(
        field_name="authority",
        lookup_expr="isnull",
        exclude=True,
        help_text="`true`: councils' own indicators only; `false`: DfE's only.",
    )
    theme = django_filters.ChoiceFilter(choices=Theme.choices, help_text="The indicator's theme.")
    area = django_filters.ModelChoiceFilter(
        field_name="areas",
        queryset=visible_areas,
        help_text="The id of an area of concern: the indicators linked to it.",
    )

    class Meta:
        model = Indicator
        fields = ["authority", "local", "theme", "area"]

    def for_authority(self, queryset, name, value):
        code = value.strip()
        return queryset.filter(Q(authority__isnull=True) | Q(authority__ons_code__iexact=code))


class ValueFilterSet(django_filters.FilterSet):
    authority = django_filters.CharFilter(
        field_name="authority__ons_code",
        lookup_expr="iexact",
        help_text="An authority's ONS code, e.g. `E08000014` (any case): its own values.",
    )
    indicator = django_filters.CharFilter(
        field_name="indicator__key",
        help_text="An indicator's key, e.g. `agency-rate`.",
    )
    level = django_filters.ChoiceFilter(
        choices=IndicatorValue.Level.choices,
        help_text="`authority`, `region` or `england`.",
    )
    region = django_filters.CharFilter(
        lookup_expr="iexact", help_text="An ONS region, e.g. `North West` (any case)."
    )
    period = django_filters.CharFilter(
        lookup_expr="iexact",
        help_text="The period as published (any case): `2025` for a year, `April 2025` for a "
        "month.",
    )
    period_from = django_filters.DateFilter(
        field_name="period_end",
        lookup_expr="gte",
        help_text="Values for periods ending on or after this date (YYYY-MM-DD).",
    )
    period_to = django_filters.DateFilter(
        field_name="period_end",
        lookup_expr="lte",
        help_text="Values for periods ending on or before this date (YYYY-MM-DD).",
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "authority",
            "indicator",
            "level",
            "region",
            "period",
            "period_from",
            "period_to",
        ]


# -- serializers --------------------------------------------------------------------------------

NUMBER = {"coerce_to_string": False}


class IndicatorSerializer(VersionedSerializer):
    authority = serializers.PrimaryKeyRelatedField(
        queryset=LocalAuthority.objects.all(),
        allow_null=True,
        required=False,
        help_text="The id of the local authority whose own indicator it is: required when "
        "adding one, and not changed afterwards; null for DfE's.",
    )
    ons_code = serializers.CharField(
        source="authority.ons_code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="That authority's ONS code; null for DfE's.",
    )
    areas = serializers.PrimaryKeyRelatedField(
        queryset=AreaOfConcern.objects.all(),
        many=True,
        required=False,
        help_text="The ids of the areas of concern it bears on: for a council's own indicator, "
        "areas of its authority.",
    )
    target = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True, required=False, **NUMBER,
        help_text="A council's own target, in the indicator's unit; null if none. With it, a "
        "value on the right side is green.",
    )  # fmt: skip
    tolerance = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True, required=False, min_value=0, **NUMBER,
        help_text="How far on the wrong side of the target is still amber rather than red "
        "(needs a target); null if none.",
    )  # fmt: skip
    is_local = serializers.BooleanField(
        read_only=True, help_text="A council's own indicator (true), or DfE's (false)."
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "key",
            "name",
            "description",
            "unit",
            "better",
            "frequency",
            "theme",
            "authority",
            "ons_code",
            "is_local",
            "areas",
            "source",
            "target",
            "tolerance",
            "version",
        ]
        read_only_fields = ["key", "frequency"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None and attrs.get("authority") is None:
            raise exceptions.ValidationError(
                {"authority": ["Send the id of the local authority whose indicator it is."]}
            )
        if (
            self.instance is not None
            and "authority" in attrs
            and attrs["authority"] != self.instance.authority
        ):
            raise exceptions.ValidationError(
                {"authority": ["An indicator stays with its authority: add a new one instead."]}
            )
        return attrs

    def create(self, validated_data):
        areas = validated_data.pop("areas", None)
        return save_indicator(Indicator(**validated_data), areas=areas)

    def update(self, indicator, validated_data):
        areas = validated_data.pop("areas", None)
        expected_version = validated_data.pop("version", None)
        for name, value in validated_data.items():
            setattr(indicator, name, value)
        return save_indicator(indicator, areas=areas, expected_version=expected_version)


class ValueSerializer(VersionedSerializer):
    indicator = serializers.SlugRelatedField(
        slug_field="key",
        queryset=Indicator.objects.all(),
        help_text="The indicator's key, e.g. `agency-rate`: when adding a value, one of the "
        "council's own. Not changed afterwards.",
    )
    indicator_name = serializers.CharField(
        source="indicator.name", read_only=True, help_text="The indicator's name."
    )
    authority = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The local authority's id, for its value; null otherwise."
    )
    ons_code = serializers.CharField(
        source="authority.ons_code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The local authority's ONS code, for its value; null otherwise.",
    )
    authority_name = serializers.CharField(
        source="authority.name",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The local authority's name, for its value; null otherwise.",
    )
    period_end = serializers.DateField(
        help_text="The last day of the year or month the value is for (YYYY-MM-DD). For a "
        "council's own monthly value any day of the month may be sent: it is kept as the "
        "month's last day. Not in the future; not changed afterwards."
    )
    value = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, required=False, **NUMBER,
        help_text="The figure, in the indicator's unit; null when the publication withholds it "
        "(see `marker`), never zero. Required when adding a council's own value.",
    )  # fmt: skip
    marker_meaning = serializers.SerializerMethodField(
        help_text="What the marker means, e.g. 'suppressed to protect confidentiality'; blank "
        "when there is a value."
    )
    credit = serializers.SerializerMethodField(
        help_text="Where the figure comes from, to credit wherever it is shown: the official "
        "publication (Open Government Licence v3.0), or the council's own source."
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "level",
            "authority",
            "ons_code",
            "authority_name",
            "region",
            "period",
            "period_end",
            "value",
            "marker",
            "marker_meaning",
            "note",
            "credit",
            "version",
        ]
        read_only_fields = ["level", "region", "period", "marker"]

    def get_marker_meaning(self, value) -> str:
        return MARKERS.get(value.marker, "") if value.marker else ""

    def get_credit(self, value) -> str:
        return value.publication.credit if value.publication else value.indicator.source

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            given = dict(attrs)
            if given.get("period_end") is not None:
                given["period_end"] = month_end(given["period_end"])
            for name in ("indicator", "period_end"):
                if name in given and given[name] != getattr(self.instance, name):
                    raise exceptions.ValidationError(
                        {name: ["Not changed once given: delete the value and add it again."]}
                    )
        return attrs

    def create(self, validated_data):
        return save_local_value(IndicatorValue(**validated_data))

    def update(self, value, validated_data):
        expected_version = validated_data.pop("version", None)
        for name, given in validated_data.items():
            setattr(value, name, given)
        return save_local_value(value, expected_version=expected_version)


# -- resources ----------------------------------------------------------------------------------


def _number(value):
    """A figure as a number in the file: 24.6, not '24.60'."""
    return None if value is None else float(value)


INDICATOR_COLUMNS = [
    Column("Key", lambda i: i.key, 30),
    Column("Name", lambda i: i.name, 40),
    Column("What it measures", lambda i: i.description, 60),
    Column("Unit", lambda i: i.get_unit_display(), 20),
    Column("Better", lambda i: i.get_better_display(), 20),
    Column("Frequency", lambda i: i.get_frequency_display(), 10),
    Column("Theme", lambda i: i.get_theme_display(), 24),
    Column("ONS code", lambda i: i.authority.ons_code if i.authority else "", 12),
    Column("Local authority", lambda i: i.authority.name if i.authority else "", 24),
    Column("Target", lambda i: _number(i.target), 10),
    Column("Tolerance", lambda i: _number(i.tolerance), 10),
    Column("Source", lambda i: i.source, 60),
]
VALUE_COLUMNS = [
    Column("Indicator key", lambda v: v.indicator.key, 30),
    Column("Indicator", lambda v: v.indicator.name, 40),
    Column("Level", lambda v: v.get_level_display(), 14),
    Column("ONS code", lambda v: v.authority.ons_code if v.authority else "", 12),
    Column("Local authority", lambda v: v.authority.name if v.authority else "", 24),
    Column("Region", lambda v: v.region, 20),
    Column("Period", lambda v: v.period, 14),
    Column("Period end", lambda v: v.period_end, 12),
    Column("Value", lambda v: _number(v.value), 10),
    Column("Marker", lambda v: v.marker, 8),
    Column("Note", lambda v: v.note, 30),
    Column("Source", lambda v: v.publication.credit if v.publication else v.indicator.source, 60),
]
INDICATORS_CSV, INDICATORS_XLSX = export_docs("indicators", INDICATOR_COLUMNS)
VALUES_CSV, VALUES_XLSX = export_docs("indicator values", VALUE_COLUMNS)
READ_ONLY_NOTE = (
    " DfE's indicators and values are read-only (403): they change only when a newer edition is "
    "loaded."
)


def _refuse_dfe(indicator) -> None:
    if indicator is not None and not indicator.is_local:
        raise PermissionDenied(DFE_READ_ONLY)


@crud_docs(
    "indicator",
    "indicators",
    tag="Indicators",
    who_writes="Officers and above, for a council's own indicators (monthly): the authority is "
    "given when adding one, and its areas of concern must be that authority's."
    + SCOPE_NOTE
    + READ_ONLY_NOTE,
    who_deletes="Administrators, a council's own indicator with its values." + READ_ONLY_NOTE,
    list_note="DfE's indicators (every authority, its region and England, yearly) and councils' "
    "own (monthly), by name, each with the publication or system it comes from. Every role "
    "reads them.",
)
class IndicatorViewSet(ExportMixin, AuthorityScopedViewSet):
    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    delete_service = staticmethod(delete_indicator)
    ordering_fields = ["name", "key", "id"]
    ordering = ["name", "id"]
    export_stem = "indicators"
    export_columns = INDICATOR_COLUMNS
    export_related = ("authority",)

    def get_queryset(self):
        queryset = Indicator.objects.select_related("authority")
        if self.action == "export_csv" or self.action == "export_xlsx":
            return queryset
        return queryset.prefetch_related("areas")

    def check_write(self, stored, data) -> None:
        _refuse_dfe(stored)
        super().check_write(stored, data)

    @INDICATORS_CSV
    def export_csv(self, request):
        return self.export_file("csv")

    @INDICATORS_XLSX
    def export_xlsx(self, request):
        return self.export_file("xlsx")


@crud_docs(
    "indicator value",
    "indicator values",
    tag="Indicator values",
    who_writes="Officers and above, for a council's own indicators: one value a month, given "
    "with the indicator's key, the month (`period_end`) and the figure."
    + SCOPE_NOTE
    + READ_ONLY_NOTE,
    who_deletes="Officers and above, a council's own value (one entered for the wrong month)."
    + SCOPE_NOTE
    + READ_ONLY_NOTE,
    list_note="Every value: each authority's, each region's and England's, by indicator and "
    "period. A value the publication withholds is null with its letter in `marker`, never zero. "
    "Neighbours' means and ranks are worked out from these (the scorecard). Every role reads "
    "them.",
)
class IndicatorValueViewSet(ExportMixin, AuthorityScopedViewSet):
    queryset = IndicatorValue.objects.all()
    serializer_class = ValueSerializer
    filterset_class = ValueFilterSet
    authority_path = "indicator.authority"
    delete_service = staticmethod(delete_local_value)
    ordering_fields = ["period_end", "value", "id"]
    ordering = ["indicator_id", "period_end", "level", "id"]
    export_stem = "indicator-values"
    export_columns = VALUE_COLUMNS
    export_related = ("indicator", "authority", "publication")

    def get_queryset(self):
        return IndicatorValue.objects.select_related("indicator", "authority", "publication")

    def check_write(self, stored, data) -> None:
        _refuse_dfe(stored.indicator if stored is not None else None)
        if data is not None:
            _refuse_dfe(data.get("indicator"))
        super().check_write(stored, data)

    @VALUES_CSV
    def export_csv(self, request):
        return self.export_file("csv")

    @VALUES_XLSX
    def export_xlsx(self, request):
        return self.export_file("xlsx")
