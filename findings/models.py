"""Areas of concern, their RAG-rated reviews at each event, findings quoted from Ofsted, and the
council's own improvement actions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sefton_tracker.core.db import CrossTableRule
from sefton_tracker.core.display import NO_CHILD_DETAILS
from sefton_tracker.core.models import Versioned
from visits.models import InspectionEvent, LocalAuthority, visible_through
from visits.scope import drafts_seen, sees_all_drafts

AREA_OF_OTHER_AUTHORITY = "Choose an area of concern of the event's own local authority."


class RAG(models.TextChoices):
    """Progress on an area of concern, as the improvement board rates it."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"

    @property
    def rank(self) -> int:
        """Higher is better: used for the direction of travel between two ratings."""
        return {"red": 0, "amber": 1, "green": 2}[self.value]

    @property
    def colour(self) -> str:
        """Its GOV.UK tag colour (govuk-tag--<colour>); the word always goes with it."""
        return {"red": "red", "amber": "orange", "green": "green"}[self.value]

    @property
    def meaning(self) -> str:
        return {
            "red": "Insufficient progress; risk remains",
            "amber": "Progress, but not yet consistent",
            "green": "Effective",
        }[self.value]


class Theme(models.TextChoices):
    LEADERSHIP = "leadership", "Leadership and governance"
    WORKFORCE = "workforce", "Workforce and management oversight"
    QUALITY_ASSURANCE = "quality_assurance", "Performance and quality assurance"
    FRONT_DOOR = "front_door", "Front door"
    HELP_PROTECTION = "help_protection", "Help and protection"
    PRACTICE = "practice", "Assessment, planning and visits"
    VULNERABLE_CHILDREN = "vulnerable_children", "Vulnerable children"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    HEALTH = "health", "Health and wellbeing"


def published_areas(area_field: str = "area", *, or_raised_by=None) -> Q:
    """The embargo, for areas of concern: an area raised by a draft event exists only because of
    the draft, so it is hidden with the draft until the draft is published — and so is everything
    recorded against it (ratings, findings, actions). An area raised by no event, or by a published
    one, is part of the published record.

    `area_field` is the path to the area from the rows queried ("" for areas themselves; a row
    with no area passes). `or_raised_by`: an event whose own new areas count as published too (a
    progress letter about that event, seen only by those who may see it). A join on the raising
    event's status, so the condition goes into the query that reads the rows."""
    prefix = f"{area_field}__" if area_field else ""
    condition = Q(**{f"{prefix}raised_by__isnull": True}) | Q(
        **{f"{prefix}raised_by__status": InspectionEvent.Status.PUBLISHED}
    )
    if or_raised_by is not None:
        condition |= Q(**{f"{prefix}raised_by": or_raised_by})
    return condition


def area_visible_through(user, area_field: str = "area") -> Q:
    """The areas (or rows that hang off an area: actions) the user may see: the published ones
    (`published_areas`) and, for those who see drafts, the areas of the authorities in their
    scope (visits.scope: every authority for administrators). An area is raised by a draft of
    its own authority, so its authority is the draft's."""
    if sees_all_drafts(user):
        return Q()
    condition = published_areas(area_field)
    drafts = drafts_seen(user, f"{area_field}__authority" if area_field else "authority")
    return condition if drafts is None else condition | drafts


def recorded_visible_through(user) -> Q:
    """Ratings and findings the user may see: at an event they may see, about an area they may
    see (or, for a finding, about no area)."""
    return visible_through(user, "event") & area_visible_through(user, "area")


class AreaQuerySet(models.QuerySet):
    def published(self):
        """Areas not raised by a draft: what a reader who may not see drafts (a board member, a
        councillor reading a digest) is shown."""
        return self.filter(published_areas(""))

    def visible_to(self, user):
        return self.filter(area_visible_through(user, ""))

    def hidden_from(self, user):
        """The areas raised by a draft the user may not see: any draft for a board member,
        another authority's for an officer, none for an administrator."""
        if sees_all_drafts(user):
            return self.none()
        return self.exclude(area_visible_through(user, ""))


def readable_in_history(user) -> dict:
    """For audit trails (sefton_tracker.core.history): the rows of each model that a change may
    point at and that the user may see, so that a history entry never names a draft event or an
    area raised by one to someone who may not see it. Empty for those who see every draft."""
    if sees_all_drafts(user):
        return {}
    return {
        InspectionEvent: (InspectionEvent.objects.visible_to(user), "an unpublished event"),
        AreaOfConcern: (AreaOfConcern.objects.visible_to(user), "an unpublished area of concern"),
    }


class AreaOfConcern(Versioned):
    authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="areas")
    title = models.CharField(max_length=120, help_text="A short name the board will recognise.")
    description = models.TextField(
        help_text="The area as the inspection worded it, e.g. the 'What needs to improve?' bullet."
    )
    theme = models.CharField(max_length=30, choices=Theme.choices)
    raised_by = models.ForeignKey(
        InspectionEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_areas",
        help_text="The inspection that raised this area.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Where the area sits in the inspection's list."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["authority", "position", "id"]
        verbose_name = "area of concern"
        verbose_name_plural = "areas of concern"
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "title"],
                name="findings_areaofconcern_unique_title",
                violation_error_message="This authority already has an area of concern with this title.",
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="findings_areaofconcern_title_not_blank"
            ),
        ]
        indexes = [
            # The dashboard rows: an authority's areas in list order.
            models.Index(fields=["authority", "position"], name="findings_area_authority_pos"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("area-detail", args=[self.pk])

    def clean(self):
        if (
            self.raised_by_id
            and self.authority_id
            and self.raised_by.authority_id != self.authority_id
        ):
            raise ValidationError(
                {"raised_by": "Choose an inspection of the same local authority."}
            )


def rationale_problem(rag: str, rationale: str) -> str | None:
    """The one home of the rule for what a rating's rationale must hold."""
    text = (rationale or "").strip()
    if rag and not text:
        return "Enter the rationale for this rating: what evidence supports it."
    if rag == RAG.RED and len(text.split()) < 6:
        return (
            "A red rating's rationale must say what risk remains for children, "
            "in at least one full sentence."
        )
    return None


RATED_OR_NOT_RATED = (
    "Give either a rating with its rationale or the reason the area was not rated, not both."
)


def needs_reviewed_areas(event: InspectionEvent) -> bool:
    """Whether the event must record the areas of concern it reviewed before it is published: a
    monitoring visit always reviews some. An inspection raises areas and a focused visit or a
    joint targeted area inspection may review none of them."""
    return event.kind == InspectionEvent.Kind.MONITORING


class AreaReview(Versioned):
    """An area of concern as reviewed at one event, with the board's RAG progress rating, or the
    reason it was not rated at that event. While the event is a draft a review may be neither (it
    is being recorded); a published event's reviews are each one or the other
    (findings.services.publish)."""

    event = models.ForeignKey(InspectionEvent, on_delete=models.CASCADE, related_name="reviews")
    area = models.ForeignKey(AreaOfConcern, on_delete=models.PROTECT, related_name="reviews")
    area_wording = models.TextField(
        "area as worded by the letter",
        blank=True,
        help_text="The letter's own wording of the area covered, if it differs from the area's.",
    )
    rag = models.CharField("RAG rating", max_length=5, choices=RAG.choices, blank=True)
    rationale = models.TextField(blank=True, help_text=f"Why this rating. {NO_CHILD_DETAILS}")
    not_rated_reason = models.TextField(
        "reason not rated",
        blank=True,
        help_text="Why the area was not rated at this event, when the event reviewed it but the "
        f"board gives it no rating this time. {NO_CHILD_DETAILS}",
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event__fieldwork_start", "area__position", "id"]
        verbose_name = "area review"
        constraints = [
            models.UniqueConstraint(
                fields=["area", "event"],
                name="findings_areareview_one_per_area_per_event",
                violation_error_message="This area already has a review at this event.",
            ),
            models.CheckConstraint(
                condition=Q(rag="") | ~Q(rationale=""),
                name="findings_areareview_rating_has_rationale",
                violation_error_message="A rating needs a rationale.",
            ),
            models.CheckConstraint(
                condition=Q(not_rated_reason="") | Q(rag="", rationale=""),
                name="findings_areareview_rated_or_not_rated_not_both",
                violation_error_message=RATED_OR_NOT_RATED,
            ),
        ]

    def __str__(self):
        rating = self.get_rag_display() if self.rag else "not rated"
        return f"{self.area} at {self.event.title}: {rating}"

    @property
    def is_not_rated(self) -> bool:
        """Recorded, with a reason, as not rated at its event."""
        return not self.rag and bool(self.not_rated_reason)

    @property
    def is_decided(self) -> bool:
        """Rated, or recorded with a reason as not rated: what publishing needs of each review."""
        return bool(self.rag) or self.is_not_rated

    def clean(self):
        errors = {}
        if self.event_id and self.area_id and self.event.authority_id != self.area.authority_id:
            errors["area"] = AREA_OF_OTHER_AUTHORITY
        if (self.not_rated_reason or "").strip():
            if self.rag:
                errors["not_rated_reason"] = RATED_OR_NOT_RATED
            elif (self.rationale or "").strip():
                errors["rationale"] = RATED_OR_NOT_RATED
        if "rationale" not in errors and (problem := rationale_problem(self.rag, self.rationale)):
            errors["rationale"] = problem
        if errors:
            raise ValidationError(errors)


class Finding(Versioned):
    """One statement quoted from an Ofsted letter or report."""

    class Polarity(models.TextChoices):
        STRENGTH = "strength", "Strength"
        WEAKNESS = "weakness", "Weakness"
        MIXED = "mixed", "Mixed"

    class Section(models.TextChoices):
        HEADLINE = "headline", "Headline findings"
        FINDINGS = "findings", "Findings and evaluation of progress"
        REPORT = "report", "Inspection report"
        OTHER = "other", "Other"

    event = models.ForeignKey(InspectionEvent, on_delete=models.CASCADE, related_name="findings")
    area = models.ForeignKey(
        AreaOfConcern, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    text = models.TextField(
        "quoted text", help_text=f"Quote the letter word for word. {NO_CHILD_DETAILS}"
    )
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    section = models.CharField("letter section", max_length=10, choices=Section.choices)
    paragraph = models.PositiveSmallIntegerField(
        "paragraph number", null=True, blank=True, help_text="Its paragraph within the section."
    )
    order = models.PositiveIntegerField(default=0, help_text="Its place in the letter.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="findings_finding_text_not_blank",
                violation_error_message="Enter the finding's quoted text.",
            ),
        ]
        indexes = [
            # An event's findings in letter order, and an area's evidence across events.
            models.Index(fields=["event", "order"], name="findings_finding_event_order"),
            models.Index(fields=["area", "event"], name="findings_finding_area_event"),
        ]

    def __str__(self):
        words = self.text.split()
        excerpt = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
        return f"{self.get_polarity_display()}: {excerpt}"

    def clean(self):
        errors = {}
        if not (self.text or "").strip():
            errors["text"] = "Enter the finding's quoted text."
        if self.event_id and self.area_id and self.event.authority_id != self.area.authority_id:
            errors["area"] = AREA_OF_OTHER_AUTHORITY
        if errors:
            raise ValidationError(errors)


PAST_DUE_WARNING = "The due date is in the past: this action shows as overdue."
LEAD_NEEDED = "Choose the lead from the tracker's users, or name the lead in a partner agency."
ONE_LEAD = "Choose a user of the tracker or name a partner's lead, not both."
REASON_NEEDED = "Give the reason for the lead's RAG."


class LeadRAG(models.TextChoices):
    """How the lead of an action says it is going: their own rating, not the board's RAG of an
    area (RAG), though on the same colours."""

    ON_TRACK = "green", "On track"
    AT_RISK = "amber", "At risk"
    OFF_TRACK = "red", "Off track"

    @property
    def colour(self) -> str:
        """Its GOV.UK tag colour; the words always go with it."""
        return RAG(self.value).colour


def open_action() -> Q:
    return ~Q(status=ImprovementAction.Status.COMPLETE)


def overdue_action(today: datetime.date | None = None) -> Q:
    """Open and past its due date: the one definition of overdue, for filters and counts."""
    return open_action() & Q(due_date__lt=today or timezone.localdate())


def due_soon_action(today: datetime.date | None = None, days: int | None = None) -> Q:
    """Open, not yet overdue, and due within PLAN_DUE_SOON_DAYS (or `days`) of today."""
    today = today or timezone.localdate()
    days = settings.PLAN_DUE_SOON_DAYS if days is None else days
    return open_action() & Q(
        due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days)
    )


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(open_action())

    def overdue(self, today=None):
        return self.filter(overdue_action(today))

    def due_soon(self, today=None, days=None):
        return self.filter(due_soon_action(today, days))

    def completed_between(self, start, end):
        return self.filter(
            status=ImprovementAction.Status.COMPLETE, completed_on__range=(start, end)
        )


class ImprovementAction(Versioned):
    """A step in the council's own improvement plan, hanging off an area of concern. Its lead is a
    user of the tracker (who is reminded by email) or a named person in a partner agency."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    area = models.ForeignKey(AreaOfConcern, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
        verbose_name="lead",
        help_text="The user of the tracker who leads the action (reminded by email).",
    )
    lead_name = models.CharField(
        "lead's name and role",
        max_length=120,
        blank=True,
        help_text="A lead who is not a user of the tracker: their name and role.",
    )
    lead_agency = models.CharField(
        "partner agency",
        max_length=120,
        blank=True,
        help_text="The lead's agency when it is not the council, e.g. Merseyside Police.",
    )
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    rag = models.CharField(
        "lead's RAG",
        max_length=5,
        choices=LeadRAG.choices,
        blank=True,
        help_text="The lead's own view: on track, at risk or off track.",
    )
    rag_reason = models.TextField("reason for the RAG", blank=True)
    completed_on = models.DateField(
        null=True, blank=True, editable=False, help_text="When its status became complete."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""), name="findings_improvementaction_title_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(lead_user__isnull=False, lead_name="")
                | Q(lead_user__isnull=True) & ~Q(lead_name=""),
                name="findings_improvementaction_one_lead",
                violation_error_message=LEAD_NEEDED,
            ),
            models.CheckConstraint(
                condition=Q(rag="") | ~Q(rag_reason=""),
                name="findings_improvementaction_rag_has_reason",
                violation_error_message=REASON_NEEDED,
            ),
        ]
        indexes = [
            # Overdue actions: open ones past their due date.
            models.Index(fields=["status", "due_date"], name="findings_action_status_due"),
        ]

    def __str__(self):
        return f"{self.title} ({self.lead}, due {self.due_date:%d/%m/%Y})"

    @property
    def lead(self) -> str:
        """Who leads it, as the plan names them: 'Jane Smith' or 'DI Rob Jones, Merseyside Police'."""
        if self.lead_user_id:
            return self.lead_user.get_full_name() or self.lead_user.get_username()
        return f"{self.lead_name}, {self.lead_agency}" if self.lead_agency else self.lead_name

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.COMPLETE and self.due_date < timezone.localdate()

    @property
    def is_complete(self) -> bool:
        return self.status == self.Status.COMPLETE

    @property
    def latest_update(self):
        """The newest progress update (findings.plan), or None. Prefetched for lists by
        plan.selectors.with_latest_update, as `latest_updates`."""
        if hasattr(self, "latest_updates"):
            return self.latest_updates[0] if self.latest_updates else None
        return self.updates.order_by("-date", "-created_at", "-id").first()

    @property
    def days_overdue(self) -> int:
        return (timezone.localdate() - self.due_date).days if self.is_overdue else 0

    @property
    def warnings(self) -> list[str]:
        """What to tell whoever saved it. A due date in the past is accepted (a council loads its
        plan as it stands, late actions and all), but the action then shows as overdue."""
        return [PAST_DUE_WARNING] if self.is_overdue else []

    def save(self, *args, **kwargs):
        """Dates its completion (for the digests' "completed since the last digest") whichever way
        it is saved (form, API, progress update, admin), and clears the date when reopened."""
        completed_on = self.completed_on
        if self.is_complete and self.completed_on is None:
            self.completed_on = timezone.localdate()
        elif not self.is_complete:
            self.completed_on = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.completed_on != completed_on:
            kwargs["update_fields"] = {*update_fields, "completed_on"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.lead_user_id and self.lead_name.strip():
            errors["lead_name"] = ONE_LEAD
        elif not self.lead_user_id and not self.lead_name.strip():
            errors["lead_user"] = LEAD_NEEDED
        if self.rag and not self.rag_reason.strip():
            errors["rag_reason"] = REASON_NEEDED
        if errors:
            raise ValidationError(errors)


_SAME_AUTHORITY = (
    "NEW.area_id IS NOT NULL AND "
    "(SELECT authority_id FROM visits_inspectionevent WHERE id = NEW.event_id) IS DISTINCT FROM "
    "(SELECT authority_id FROM findings_areaofconcern WHERE id = NEW.area_id)"
)
CROSS_TABLE_RULES = [
    CrossTableRule(
        name="findings_areareview_area_of_event_authority",
        table="findings_areareview",
        columns=("event_id", "area_id"),
        violated_when=_SAME_AUTHORITY,
        message=AREA_OF_OTHER_AUTHORITY,
        field="area",
    ),
    CrossTableRule(
        name="findings_finding_area_of_event_authority",
        table="findings_finding",
        columns=("event_id", "area_id"),
        violated_when=_SAME_AUTHORITY,
        message=AREA_OF_OTHER_AUTHORITY,
        field="area",
    ),
]
