"""The national reference data over the API, read-only for every role: Ofsted's published outcomes
(/api/v1/ofsted-outcomes/, with CSV and XLSX downloads) and the journeys out of inadequate with
their Kaplan-Meier summary (/api/v1/journeys/). An authority's codes, names and statistical
neighbours are fields of /api/v1/authorities/ (visits.api), read with `NeighbourSerializer`."""

from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from sefton_tracker.core.api.exports import ExportMixin, export_docs
from sefton_tracker.core.api.permissions import RoleMatrixPermission
from sefton_tracker.core.api.serializers import DescribedModelSerializer, describe
from sefton_tracker.core.exports import Column
from visits.models import Judgement

from . import journeys
from .filtersets import OutcomeFilterSet
from .models import GRADE_FIELDS, OfstedOutcome, StatisticalNeighbour
from .selectors import national_journeys

# -- an authority's statistical neighbours (a field of /api/v1/authorities/) ------------------------


class NeighbourSerializer(serializers.ModelSerializer):
    ons_code = serializers.CharField(
        source="neighbour.ons_code", read_only=True, help_text="The neighbour's ONS code."
    )
    name = serializers.CharField(
        source="neighbour.name", read_only=True, help_text="The neighbour's name."
    )

    class Meta:
        model = StatisticalNeighbour
        fields = ["rank", "ons_code", "name", "closeness"]
        read_only_fields = fields


# -- Ofsted's outcomes ----------------------------------------------------------------------------

describe(
    OfstedOutcome,
    authority="The id of the local authority.",
    kind="Which kind of inspection or visit Ofsted lists it as.",
    start_date="The first day of the inspection or visit (YYYY-MM-DD), as Ofsted lists it.",
    published_on="When Ofsted published the report or letter; null where the row does not say.",
    theme="A focused or monitoring visit's theme, as Ofsted words it; blank otherwise.",
    **{
        field: f"The grade for '{Judgement.Name(name).label}'; blank where the row has none "
        "(a visit, or a judgement not made in that framework)."
        for field, name in GRADE_FIELDS.items()
    },
)


class OutcomeSerializer(DescribedModelSerializer):
    authority_name = serializers.CharField(
        source="authority.name", read_only=True, help_text="The authority's name."
    )
    ons_code = serializers.CharField(
        source="authority.ons_code", read_only=True, help_text="The authority's ONS code."
    )
    credit = serializers.CharField(
        source="publication.credit",
        read_only=True,
        help_text="The official publication the row comes from, to credit wherever it is shown "
        "(Open Government Licence v3.0).",
    )

    class Meta:
        model = OfstedOutcome
        fields = [
            "id",
            "authority",
            "authority_name",
            "ons_code",
            "kind",
            "start_date",
            "published_on",
            *GRADE_FIELDS,
            "theme",
            "credit",
        ]
        read_only_fields = fields


def _grade(field):
    return lambda outcome: getattr(outcome, f"get_{field}_display")()


OUTCOME_COLUMNS = [
    Column("Local authority", lambda o: o.authority.name, 28),
    Column("ONS code", lambda o: o.authority.ons_code, 12),
    Column("Kind", lambda o: o.get_kind_display(), 28),
    Column("Start date", lambda o: o.start_date, 12),
    Column("Publication date", lambda o: o.published_on, 12),
    Column("Overall effectiveness", _grade("overall_effectiveness"), 20),
    Column("Impact of leaders", _grade("impact_of_leaders"), 20),
    Column("Help and protection", _grade("help_and_protection"), 20),
    Column("Children in care", _grade("children_in_care"), 20),
    Column("Care leavers", _grade("care_leavers"), 20),
    Column("Visit theme", lambda o: o.theme, 30),
    Column("Source", lambda o: o.publication.credit, 60),
]
OUTCOMES_CSV, OUTCOMES_XLSX = export_docs("Ofsted outcomes", OUTCOME_COLUMNS)
READ_ONLY = "Read-only: it changes only when an administrator loads a newer edition."


@extend_schema(tags=["Ofsted outcomes"])
@extend_schema_view(
    list=extend_schema(
        summary="List Ofsted's published outcomes",
        description="Every inspection and visit in Ofsted's official statistics (graded ILACS "
        "inspections since 2018; monitoring and focused visits for the edition's one year), "
        "earliest first, each with the grades it was given and the edition it comes from. "
        + READ_ONLY,
    ),
    retrieve=extend_schema(summary="One of Ofsted's published outcomes", description=READ_ONLY),
)
class OfstedOutcomeViewSet(
    ExportMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = OfstedOutcome.objects.all()  # national.view_ofstedoutcome: every role
    serializer_class = OutcomeSerializer
    permission_classes = [RoleMatrixPermission]
    # Any segment reaches the view, so that '/ofsted-outcomes/abc/' is the API's JSON 404.
    lookup_value_regex = "[^/]+"
    filterset_class = OutcomeFilterSet
    ordering_fields = ["start_date", "published_on", "id"]
    ordering = ["start_date", "id"]
    export_stem = "ofsted-outcomes"
    export_columns = OUTCOME_COLUMNS
    export_related = ("authority", "publication")

    def get_queryset(self):
        return OfstedOutcome.objects.select_related("authority", "publication")

    @OUTCOMES_CSV
    def export_csv(self, request):
        return self.export_file("csv")

    @OUTCOMES_XLSX
    def export_xlsx(self, request):
        return self.export_file("xlsx")


# -- journeys out of inadequate -------------------------------------------------------------------

MONTHS = "Decimal months (days / 30.4375), to one decimal place"


def _months(value):
    return None if value is None else round(value, 1)


class JourneyQuerySerializer(serializers.Serializer):
    as_at = serializers.DateField(
        required=False,
        help_text="The date to look from (YYYY-MM-DD): today unless given. Inspections after it "
        "are not counted, and months still waiting run to it.",
    )
    region = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        help_text="Only authorities in this ONS or Ofsted region, e.g. `North West` (any case); "
        "the summary is then the region's.",
    )
    authority = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=9,
        help_text="An authority's ONS code: the answer's `standing` then says where it stands.",
    )


class JourneySerializer(serializers.Serializer):
    authority = serializers.IntegerField(help_text="The local authority's id.")
    ons_code = serializers.CharField(help_text="The authority's ONS code.")
    name = serializers.CharField(help_text="The authority's name.")
    region = serializers.CharField(help_text="Its ONS region.")
    ofsted_region = serializers.CharField(help_text="Its Ofsted region.")
    inadequate_on = serializers.DateField(
        help_text="The first day of the graded inspection that judged it inadequate."
    )
    inadequate_kind = serializers.ChoiceField(
        choices=list(journeys.GRADED), help_text="`standard` or `short` ILACS inspection."
    )
    next_on = serializers.DateField(
        allow_null=True,
        help_text="The first day of its next graded inspection; null if not yet re-inspected.",
    )
    next_kind = serializers.CharField(
        allow_null=True, help_text="`standard` or `short`; null if not yet re-inspected."
    )
    next_grade = serializers.CharField(
        allow_null=True,
        help_text="The next inspection's overall effectiveness (blank if it gave none, as from "
        "April 2026); null if not yet re-inspected.",
    )
    months_to_next = serializers.FloatField(
        allow_null=True, help_text=f"{MONTHS}, to the next graded inspection; null if not yet."
    )
    months_waiting = serializers.FloatField(
        allow_null=True,
        help_text=f"{MONTHS}, from the inadequate judgement to `as_at`, for an authority still "
        "waiting; null otherwise.",
    )
    status = serializers.ChoiceField(
        choices=["reinspected", "waiting", "ceased"],
        help_text="`reinspected`; `waiting` (not yet re-inspected: censored in the statistics); "
        "`ceased` (the authority no longer exists and was never re-inspected: censored too).",
    )
    monitoring_visits = serializers.ListField(
        child=serializers.DateField(),
        help_text="The first days of the monitoring visits between the two inspections (or "
        "since, while waiting), each once, from Ofsted's rows and the tracker's own events.",
    )


class OutcomeCountsSerializer(serializers.Serializer):
    outstanding = serializers.IntegerField(help_text="Re-inspections judged outstanding.")
    good = serializers.IntegerField(help_text="Re-inspections judged good.")
    requires_improvement = serializers.IntegerField(
        help_text="Re-inspections judged requires improvement to be good."
    )
    inadequate = serializers.IntegerField(help_text="Re-inspections judged inadequate again.")
    not_graded = serializers.IntegerField(
        help_text="Re-inspections with no overall effectiveness grade (from April 2026)."
    )


class JourneySummarySerializer(serializers.Serializer):
    judged = serializers.IntegerField(help_text="Inadequate judgements (journeys) since 2018.")
    authorities = serializers.IntegerField(help_text="Authorities with at least one.")
    reinspected = serializers.IntegerField(help_text="Journeys ended by a graded inspection.")
    still_waiting = serializers.IntegerField(help_text="Journeys not yet ended (censored).")
    ceased = serializers.IntegerField(
        help_text="Journeys of authorities that ceased to exist before re-inspection (censored)."
    )
    outcomes = OutcomeCountsSerializer(help_text="The re-inspections, by overall effectiveness.")
    median_months = serializers.FloatField(
        allow_null=True,
        help_text=f"{MONTHS}: the Kaplan-Meier median wait for re-inspection, authorities still "
        "waiting counted as censored; null if fewer than half had been re-inspected.",
    )
    lower_quartile_months = serializers.FloatField(
        allow_null=True,
        help_text=f"{MONTHS}: by when a quarter had been re-inspected (Kaplan-Meier).",
    )
    upper_quartile_months = serializers.FloatField(
        allow_null=True,
        help_text=f"{MONTHS}: by when three quarters had been re-inspected (Kaplan-Meier); null "
        "if the curve has not reached it.",
    )


class StandingSerializer(serializers.Serializer):
    ons_code = serializers.CharField(help_text="The authority's ONS code.")
    months = serializers.FloatField(
        help_text=f"{MONTHS}, since its latest inadequate judgement (to `as_at`), or to its "
        "re-inspection."
    )
    share_reinspected = serializers.FloatField(
        allow_null=True,
        help_text="The share (0 to 1, to three places) of authorities re-inspected within as "
        "many months (Kaplan-Meier); null beyond what the data follows.",
    )
    median_months = serializers.FloatField(
        allow_null=True, help_text=f"{MONTHS}: the median wait, for comparison."
    )
    text = serializers.CharField(help_text="The same in a sentence, as the pages write it.")


@extend_schema_serializer(many=False)
class JourneysSerializer(serializers.Serializer):
    as_at = serializers.DateField(help_text="The date the journeys are looked at from.")
    data_until = serializers.DateField(
        allow_null=True,
        help_text="The date Ofsted's data is complete to (its edition's 'as at' date): open "
        "journeys are censored there.",
    )
    summary = JourneySummarySerializer(help_text="Counts and the Kaplan-Meier quartiles.")
    method = serializers.ListField(
        child=serializers.CharField(), help_text="How the figures were made, in plain words."
    )
    limits = serializers.CharField(help_text="What the data cannot show.")
    credits = serializers.ListField(
        child=serializers.CharField(),
        help_text="The official publications the journeys come from (Open Government Licence "
        "v3.0).",
    )
    standing = StandingSerializer(
        allow_null=True,
        help_text="Where the authority asked for stands; null if none asked, "
        "or it has no inadequate judgement in the data.",
    )
    journeys = JourneySerializer(many=True, help_text="Each journey, earliest first.")


def journey_row(journey: journeys.Journey) -> dict:
    status = "reinspected" if journey.reinspected else "waiting" if journey.waiting else "ceased"
    return {
        "authority": journey.authority.authority_id,
        "ons_code": journey.ons_code,
        "name": journey.name,
        "region": journey.authority.region,
        "ofsted_region": journey.authority.ofsted_region,
        "inadequate_on": journey.inadequate_on,
        "inadequate_kind": journey.inadequate_kind,
        "next_on": journey.next_on,
        "next_kind": journey.next_kind,
        "next_grade": journey.next_grade,
        "months_to_next": _months(journey.months_to_next),
        "months_waiting": _months(journey.months_waiting),
        "status": status,
        "monitoring_visits": list(journey.monitoring_visits),
    }


def summary_row(summary: journeys.Summary) -> dict:
    return {
        "judged": summary.judged,
        "authorities": summary.authorities,
        "reinspected": summary.reinspected,
        "still_waiting": summary.waiting,
        "ceased": summary.ceased,
        "outcomes": {
            **{grade.value: summary.outcomes.get(grade.value, 0) for grade in Judgement.Grade},
            "not_graded": summary.outcomes.get("", 0),
        },
        "median_months": _months(summary.median),
        "lower_quartile_months": _months(summary.lower_quartile),
        "upper_quartile_months": _months(summary.upper_quartile),
    }


def standing_row(standing: journeys.Standing | None) -> dict | None:
    if standing is None:
        return None
    share = standing.share_reinspected
    return {
        "ons_code": standing.journey.ons_code,
        "months": _months(standing.months),
        "share_reinspected": None if share is None else round(share, 3),
        "median_months": _months(standing.median),
        "text": standing.text,
    }


@extend_schema(tags=["Journeys out of inadequate"])
class JourneyViewSet(viewsets.GenericViewSet):
    # Read by whoever may read Ofsted's outcomes (every role); the tracker's own events in it are
    # those the user may see.
    queryset = OfstedOutcome.objects.none()
    permission_classes = [RoleMatrixPermission]
    serializer_class = JourneysSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="Journeys out of inadequate",
        description="Every authority judged inadequate (overall effectiveness) at a graded "
        "inspection since 2018: when, its next graded inspection and grade, the months between "
        "(or so far), and the monitoring visits known between, from Ofsted's published data and "
        "the tracker's own events. The summary's median and quartiles use the Kaplan-Meier "
        "product-limit estimator, authorities still waiting counted as censored (and those that "
        "ceased to exist). Not paginated.",
        parameters=[JourneyQuerySerializer],
        responses={
            200: OpenApiResponse(JourneysSerializer, description="The journeys and their summary.")
        },
    )
    def list(self, request):
        query = JourneyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        asked = query.validated_data
        as_at = asked.get("as_at") or timezone.localdate()
        report = national_journeys(request.user, as_at=as_at, region=asked.get("region", ""))
        code = asked.get("authority", "").strip().upper()
        summary = report.summary
        answer = {
            "as_at": as_at,
            "data_until": summary.data_until,
            "summary": summary_row(summary),
            "method": journeys.method_text(summary),
            "limits": journeys.limits_text(summary.data_until),
            "credits": list(report.credits),
            "standing": standing_row(report.standing(code)) if code else None,
            "journeys": [journey_row(journey) for journey in report.journeys],
        }
        return Response(JourneysSerializer(answer).data)
