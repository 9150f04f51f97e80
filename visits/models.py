"""Local authorities, Ofsted inspection events and the judgements of graded inspections."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from sefton_tracker.core.db import CrossTableRule
from sefton_tracker.core.models import Versioned

ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
]  # fmt: skip


def ordinal(number: int) -> str:
    """'sixth' for 6; '13th' beyond the words Ofsted letters use."""
    if 1 <= number <= len(ORDINALS):
        return ORDINALS[number - 1]
    suffix = (
        "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def date_range(start, end) -> str:
    """Dates as GOV.UK writes them: '25 to 26 June 2024', '30 June to 2 July 2024'."""
    if start == end:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {date_format(end, 'j F Y')}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} to {date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F Y')} to {date_format(end, 'j F Y')}"


ONLY_GRADED_HAVE_JUDGEMENTS = "Only graded inspections (standard or short ILACS) have judgements."


class LocalAuthority(models.Model):
    name = models.CharField(max_length=100, unique=True)
    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, help_text="The ONS geography code, e.g. E08000014."
    )
    dfe_code = models.CharField(
        "DfE code",
        max_length=3,
        blank=True,
        help_text="DfE's three-digit local authority number (the 'old LA code'), e.g. 343.",
    )
    region = models.CharField(
        "ONS region", max_length=60, blank=True, help_text="The ONS region, e.g. North West."
    )
    ofsted_region = models.CharField("Ofsted region", max_length=60, blank=True)
    still_exists = models.BooleanField(
        default=True, help_text="False for an authority that has since been reorganised away."
    )
    # The authorities whose records a user may write (visits.scope); administrators set it.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="authorities", blank=True
    )
    # Goes up in the same transaction as any change to the authority's events, judgements, areas,
    # ratings, findings or actions (visits.revisions), so a page cached under it is never stale.
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["dfe_code"],
                condition=~Q(dfe_code=""),
                name="visits_localauthority_unique_dfe_code",
                violation_error_message="Another authority has this DfE code.",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The revision only ever moves forward, through visits.revisions: an edit of the authority
        # must not write back the revision it was read with.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "revision"
            ]
        super().save(*args, **kwargs)


def sees_drafts(user) -> bool:
    """Drafts are embargoed: only those who may change events see them, and those only of the
    authorities in their scope (visits.scope)."""
    return user.has_perm("visits.change_inspectionevent")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=InspectionEvent.Status.PUBLISHED)

    def visible_to(self, user):
        """Published events, and the drafts of the user's authorities if they see drafts."""
        from .scope import event_visible  # the scope reads this module's models

        return self.filter(event_visible(user, ""))


def visible_through(user, event_field: str = "event") -> Q:
    """The same embargo, for rows that hang off an event (ratings, findings): a plain join on the
    event's status (or, for an officer, its authority among theirs), which lets the database read
    a page of rows straight from an index."""
    from .scope import event_visible

    return event_visible(user, event_field)


class InspectionEvent(Versioned):
    class Kind(models.TextChoices):
        STANDARD = "standard", "Standard ILACS inspection"
        SHORT = "short", "Short ILACS inspection"
        FOCUSED = "focused", "Focused visit"
        MONITORING = "monitoring", "Monitoring visit"
        JTAI = "jtai", "Joint targeted area inspection"

    GRADED_KINDS = (Kind.STANDARD, Kind.SHORT)

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    visit_number = models.PositiveSmallIntegerField(
        "monitoring visit number",
        null=True,
        blank=True,
        help_text="For monitoring visits only: 1 for the first visit after the judgement, and so on.",
    )
    fieldwork_start = models.DateField("fieldwork start")
    fieldwork_end = models.DateField("fieldwork end")
    published_on = models.DateField(
        "letter or publication date",
        null=True,
        blank=True,
        help_text="Leave blank if not yet known.",
    )
    lead_inspector = models.CharField(max_length=120, blank=True)
    inspectors = models.CharField(
        max_length=300, blank=True, help_text="All inspectors' names, separated by commas."
    )
    source_reference = models.CharField(
        max_length=300, blank=True, help_text="The letter or report this record is taken from."
    )
    headline_summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The reason given for a change is recorded with it (returning a published event to draft,
    # visits.services.unpublish_event): as long as the person wrote it.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["fieldwork_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "visit_number"],
                condition=Q(visit_number__isnull=False),
                name="visits_inspectionevent_unique_visit_number",
                violation_error_message="This monitoring visit number is already used for this authority.",
            ),
            models.CheckConstraint(
                condition=Q(fieldwork_end__gte=F("fieldwork_start")),
                name="visits_inspectionevent_fieldwork_end_not_before_start",
                violation_error_message="Fieldwork end must be on or after fieldwork start.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="monitoring", visit_number__isnull=False, visit_number__gte=1)
                    | (~Q(kind="monitoring") & Q(visit_number__isnull=True))
                ),
                name="visits_inspectionevent_visit_number_only_for_monitoring",
                violation_error_message="A monitoring visit needs its number; other events have none.",
            ),
        ]
        indexes = [
            # The home page and dashboard: an authority's events in date order.
            models.Index(
                fields=["authority", "fieldwork_start"], name="visits_event_authority_date"
            ),
            # Findings and ratings across authorities in event date order (API lists, exports).
            models.Index(fields=["fieldwork_start", "id"], name="visits_event_date"),
        ]

    def __str__(self):
        return f"{self.authority}: {self.title} ({date_format(self.fieldwork_start, 'F Y')})"

    @property
    def title(self) -> str:
        if self.kind == self.Kind.MONITORING and self.visit_number:
            return f"{ordinal(self.visit_number).capitalize()} monitoring visit"
        return self.get_kind_display()

    @property
    def title_in_sentence(self) -> str:
        """The title as it reads mid-sentence: 'sixth monitoring visit', 'standard ILACS inspection'
        (a title starting with an acronym keeps it)."""
        title = self.title
        if len(title) > 1 and title[0].isupper() and title[1].islower():
            return title[0].lower() + title[1:]
        return title

    @property
    def short_label(self) -> str:
        """A column heading for the dashboard matrix."""
        if self.kind == self.Kind.MONITORING and self.visit_number:
            return f"Visit {self.visit_number}"
        return {"standard": "Inspection", "short": "Short inspection"}.get(
            self.kind, self.get_kind_display()
        )

    @property
    def fieldwork_dates(self) -> str:
        return date_range(self.fieldwork_start, self.fieldwork_end)

    @property
    def inspector_names(self) -> list[str]:
        return [name.strip() for name in self.inspectors.split(",") if name.strip()]

    @property
    def is_graded(self) -> bool:
        return self.kind in self.GRADED_KINDS

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def get_absolute_url(self):
        return reverse("event-detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        today = timezone.localdate()
        if self.fieldwork_start and self.fieldwork_start > today:
            errors["fieldwork_start"] = "Fieldwork start must be today or in the past."
        if self.fieldwork_end and self.fieldwork_end > today:
            errors["fieldwork_end"] = "Fieldwork end must be today or in the past."
        if (
            self.fieldwork_start
            and self.fieldwork_end
            and self.fieldwork_end < self.fieldwork_start
        ):
            errors["fieldwork_end"] = "Fieldwork end must be the same as or after fieldwork start."
        if self.published_on and self.fieldwork_start and self.published_on < self.fieldwork_start:
            errors["published_on"] = (
                "The letter or publication date must be after fieldwork started."
            )
        if self.kind == self.Kind.MONITORING and not self.visit_number:
            errors["visit_number"] = (
                "Enter the monitoring visit number, for example 6 for the sixth visit."
            )
        if self.kind and self.kind != self.Kind.MONITORING and self.visit_number:
            errors["visit_number"] = "Only monitoring visits have a visit number: leave it blank."
        if errors:
            raise ValidationError(errors)


class Judgement(models.Model):
    """One row of a graded inspection's judgement table."""

    class Name(models.TextChoices):
        """Which judgement a row is: the judgement table's headings."""

        OVERALL_EFFECTIVENESS = "overall_effectiveness", "Overall effectiveness"
        IMPACT_OF_LEADERS = (
            "impact_of_leaders",
            "The impact of leaders on social work practice with children and families",
        )
        HELP_AND_PROTECTION = (
            "help_and_protection",
            "The experiences and progress of children who need help and protection",
        )
        CHILDREN_IN_CARE_AND_CARE_LEAVERS = (
            "children_in_care_and_care_leavers",
            "The experiences and progress of children in care and care leavers",
        )
        CHILDREN_IN_CARE = "children_in_care", "The experiences and progress of children in care"
        CARE_LEAVERS = "care_leavers", "The experiences and progress of care leavers"
        # The single inspection framework's (2013 to 2017), with overall effectiveness above.
        SIF_HELP_AND_PROTECTION = (
            "sif_help_and_protection",
            "Children who need help and protection (2013 to 2017)",
        )
        SIF_LOOKED_AFTER_AND_PERMANENCE = (
            "sif_looked_after_and_permanence",
            "Children looked after and achieving permanence (2013 to 2017)",
        )
        SIF_ADOPTION_PERFORMANCE = "sif_adoption_performance", "Adoption performance (2013 to 2017)"
        SIF_CARE_LEAVERS = (
            "sif_care_leavers",
            "Experiences and progress of care leavers (2013 to 2017)",
        )
        SIF_LEADERSHIP_MANAGEMENT_GOVERNANCE = (
            "sif_leadership_management_governance",
            "Leadership, management and governance (2013 to 2017)",
        )

    # The judgements only the single inspection framework gave, and only ILACS gives.
    SIF_NAMES = frozenset(name for name in Name.values if name.startswith("sif_"))
    ILACS_NAMES = frozenset(Name.values) - SIF_NAMES - {Name.OVERALL_EFFECTIVENESS}

    class Grade(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
        INADEQUATE = "inadequate", "Inadequate"

    event = models.ForeignKey(InspectionEvent, on_delete=models.CASCADE, related_name="judgements")
    judgement = models.CharField(max_length=40, choices=Name.choices)
    grade = models.CharField(max_length=24, choices=Grade.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "judgement"],
                name="visits_judgement_one_grade_per_judgement",
                violation_error_message="This judgement already has a grade for this inspection.",
            ),
        ]

    def __str__(self):
        return f"{self.get_judgement_display()}: {self.get_grade_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.event_id and not self.event.is_graded:
            raise ValidationError(ONLY_GRADED_HAVE_JUDGEMENTS)


def judgement_problems(kind: str, grades: dict[str, str]) -> dict[str, str]:
    """The one home of the rules for an event's judgement table, given as {judgement: grade}:
    what is wrong with each judgement, by name."""
    given = [name for name, grade in grades.items() if grade]
    if given and kind not in InspectionEvent.GRADED_KINDS:
        return dict.fromkeys(given, f"{ONLY_GRADED_HAVE_JUDGEMENTS} Leave this blank.")
    combined = Judgement.Name.CHILDREN_IN_CARE_AND_CARE_LEAVERS
    separate = {Judgement.Name.CHILDREN_IN_CARE, Judgement.Name.CARE_LEAVERS}
    if combined in given and separate & set(given):
        return {
            combined: "Give either the combined judgement for children in care and care leavers "
            "(reports before 2023) or the two separate judgements (from 2023), not both."
        }
    sif = sorted(Judgement.SIF_NAMES & set(given))
    if sif and Judgement.ILACS_NAMES & set(given):
        return dict.fromkeys(
            sif,
            "Give either the judgements of the single inspection framework (reports from 2013 to "
            "2017) or those of ILACS (from 2018), not both.",
        )
    return {}


# The graded kinds as an SQL list, for the rules below: "'standard', 'short'".
GRADED_KINDS_SQL = ", ".join(f"'{kind}'" for kind in InspectionEvent.GRADED_KINDS)

CROSS_TABLE_RULES = [
    CrossTableRule(
        name="visits_judgement_only_on_graded_inspection",
        table="visits_judgement",
        columns=("event_id",),
        violated_when=(
            "(SELECT kind FROM visits_inspectionevent WHERE id = NEW.event_id) "
            f"NOT IN ({GRADED_KINDS_SQL})"
        ),
        message=ONLY_GRADED_HAVE_JUDGEMENTS,
        field="judgements",
    ),
    CrossTableRule(
        name="visits_inspectionevent_kind_keeps_judgements_graded",
        table="visits_inspectionevent",
        columns=("kind",),
        violated_when=(
            f"NEW.kind NOT IN ({GRADED_KINDS_SQL}) "
            "AND EXISTS (SELECT 1 FROM visits_judgement WHERE event_id = NEW.id)"
        ),
        message="This inspection has judgements, so it must stay a graded inspection: "
        "remove its judgements first.",
        field="kind",
    ),
]
