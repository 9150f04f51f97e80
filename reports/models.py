"""Generated PDFs (progress letters, digests and improvement plans), digest subscriptions and each
emailed delivery."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from findings.models import AreaOfConcern, Theme, area_visible_through
from visits.models import InspectionEvent, LocalAuthority, visible_through
from visits.scope import sees_all_drafts


class Cadence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


def scope_label(theme: str = "", area: AreaOfConcern | None = None) -> str:
    """What a digest covers: one area, one theme, or every area."""
    if area is not None:
        return f"Area of concern: {area.title}"
    if theme:
        return f"Theme: {Theme(theme).label}"
    return "All areas of concern"


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A letter about a draft (embargoed) event, or a digest of an area raised by a draft, is
        seen only by those who may see that draft (visits.scope)."""
        if sees_all_drafts(user):
            return self
        return self.filter(
            ~Q(kind=Report.Kind.LETTER) | visible_through(user, "event"),
            area_visible_through(user),
        )

    def letters_for(self, event):
        return self.filter(kind=Report.Kind.LETTER, event=event)

    def plans_for(self, authority):
        return self.filter(kind=Report.Kind.PLAN, authority=authority)


class Report(models.Model):
    """One generated PDF, from the request until its file is ready (or its rendering failed)."""

    class Kind(models.TextChoices):
        LETTER = "letter", "Visit progress letter"
        DIGEST = "digest", "Digest"
        PLAN = "plan", "Improvement plan"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    ACTIVE_STATUSES = (Status.QUEUED, Status.RENDERING)

    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="reports")
    event = models.ForeignKey(
        InspectionEvent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        help_text="The event a progress letter is about.",
    )
    period_start = models.DateField(null=True, blank=True, help_text="A digest's first day.")
    period_end = models.DateField(null=True, blank=True, help_text="A digest's last day.")
    theme = models.CharField(
        max_length=30,
        choices=Theme.choices,
        blank=True,
        help_text="A digest limited to the areas of one theme.",
    )
    area = models.ForeignKey(
        AreaOfConcern,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        help_text="A digest limited to one area of concern.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    pdf = models.FileField("PDF file", upload_to="reports/", blank=True, max_length=200)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    size_bytes = models.PositiveIntegerField("size in bytes", null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times rendering has started."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank for scheduled digests.",
    )
    task_id = models.CharField("Celery task id", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        default=timezone.now,
        help_text="When a task to render it was last sent to the queue.",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="letter", event__isnull=False, period_start__isnull=True)
                    | Q(
                        kind="digest",
                        event__isnull=True,
                        period_start__isnull=False,
                        period_end__gte=models.F("period_start"),
                    )
                    | Q(
                        kind="plan",
                        event__isnull=True,
                        period_start__isnull=True,
                        period_end__isnull=True,
                        area__isnull=True,
                        theme="",
                    )
                ),
                name="reports_report_subject_matches_kind",
                violation_error_message=(
                    "A progress letter needs an event; a digest needs a period whose end is on "
                    "or after its start; an improvement plan has neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(theme="") | Q(area__isnull=True),
                name="reports_report_theme_or_area_not_both",
                violation_error_message="Limit a digest to a theme or to an area, not both.",
            ),
            # A double-click, or two officers at once, must not queue a second letter for an event
            # while one is still being prepared.
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(kind="letter", status__in=["queued", "rendering"]),
                name="reports_report_one_active_letter_per_event",
                violation_error_message="A progress letter for this event is already being prepared.",
            ),
            # The same for an authority's improvement plan.
            models.UniqueConstraint(
                fields=["authority"],
                condition=Q(kind="plan", status__in=["queued", "rendering"]),
                name="reports_report_one_active_plan_per_authority",
                violation_error_message=(
                    "An improvement plan PDF for this authority is already being prepared."
                ),
            ),
            # One digest per period and filter: a repeated schedule reuses it.
            models.UniqueConstraint(
                fields=["authority", "period_start", "period_end", "theme"],
                condition=Q(kind="digest", area__isnull=True),
                name="reports_report_one_digest_per_period",
            ),
            models.UniqueConstraint(
                fields=["area", "period_start", "period_end"],
                condition=Q(kind="digest", area__isnull=False),
                name="reports_report_one_area_digest_per_period",
            ),
        ]
        indexes = [
            # The reports list, newest first, filtered by kind and status.
            models.Index(
                fields=["kind", "status", "-created_at"], name="reports_kind_status_created"
            ),
            # An event page's latest letter.
            models.Index(fields=["event", "-created_at"], name="reports_report_event_created"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("report-detail", args=[self.pk])

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.pdf)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def period(self):
        """A digest's month, quarter or other dates (reports.periods.Period); None for a letter."""
        from .periods import Period  # periods reads Cadence from this module

        if self.period_start is None:
            return None
        return Period.from_dates(self.period_start, self.period_end)

    @property
    def download_name(self) -> str:
        """The file name a reader saves, e.g. 'sefton-sixth-monitoring-visit-progress-letter-2024-07-25.pdf',
        'sefton-monthly-digest-2024-07.pdf' or 'sefton-digest-2024-07-10-to-2024-08-05.pdf'."""
        if self.kind == self.Kind.PLAN:
            stem = f"{self.authority.name} improvement plan {self.plan_date:%Y-%m-%d}"
        elif self.kind == self.Kind.LETTER and self.event_id:
            day = self.event.published_on or self.event.fieldwork_end
            stem = f"{self.authority.name} {self.event.title} progress letter {day:%Y-%m-%d}"
        else:
            start, end = self.period_start, self.period_end
            if self.period.cadence == Cadence.MONTHLY:
                stem = f"{self.authority.name} monthly digest {start:%Y-%m}"
            elif self.period.cadence == Cadence.QUARTERLY:
                stem = f"{self.authority.name} quarterly digest {start:%Y-%m} to {end:%Y-%m}"
            else:
                stem = f"{self.authority.name} digest {start:%Y-%m-%d} to {end:%Y-%m-%d}"
            if self.area_id:
                stem = f"{stem} area {self.area_id}"
            elif self.theme:
                stem = f"{stem} {self.theme}"
        return f"{slugify(stem)}.pdf"

    @property
    def plan_date(self):
        """The date an improvement plan PDF is as at: the day its rendering started (or, before
        that, the day it was requested)."""
        return timezone.localdate(self.started_at or self.created_at or timezone.now())

    @property
    def storage_name(self) -> str:
        """Where the file is kept under MEDIA_ROOT: always the same for a report, so rendering it
        again replaces the file rather than adding a second one."""
        return f"reports/{self.created_at:%Y}/{self.pk}-{self.download_name}"


@receiver(post_delete, sender=Report)
def delete_pdf_file(sender, instance, **kwargs):
    """A deleted report (or one deleted with its event) takes its file with it, once the deletion
    has committed."""
    if instance.pdf:
        storage, name = instance.pdf.storage, instance.pdf.name
        transaction.on_commit(lambda: storage.delete(name))


class DigestSubscription(models.Model):
    """A councillor (or anyone else) who receives the digest by email. Managed in the admin."""

    name = models.CharField("recipient name", max_length=120)
    email = models.EmailField("email address")
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="digest_subscriptions"
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.MONTHLY)
    theme = models.CharField(
        max_length=30,
        choices=Theme.choices,
        blank=True,
        help_text="Optional: only the areas of concern of this theme.",
    )
    area = models.ForeignKey(
        AreaOfConcern,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="digest_subscriptions",
        help_text="Optional: only this area of concern. Choose a theme or an area, not both.",
    )
    active = models.BooleanField(
        default=True, help_text="Untick to stop sending digests without losing the history."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(theme="") | Q(area__isnull=True),
                name="reports_digestsubscription_theme_or_area_not_both",
                violation_error_message="Choose a theme or an area, not both.",
            ),
        ]
        indexes = [
            # The daily schedule: active subscriptions of each cadence.
            models.Index(fields=["active", "cadence"], name="reports_subscription_due"),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}> ({self.get_cadence_display().lower()})"

    @property
    def scope(self) -> str:
        return scope_label(self.theme, self.area)

    def clean(self):
        errors = {}
        if self.theme and self.area_id:
            errors["area"] = "Choose a theme or an area, not both."
        elif self.area_id and self.authority_id and self.area.authority_id != self.authority_id:
            errors["area"] = "Choose an area of concern of the same local authority."
        if errors:
            raise ValidationError(errors)


class Delivery(models.Model):
    """One digest emailed to one recipient. Recorded, and claimed, before the email is sent, so a
    retried or duplicated task never sends the same digest to the same person twice.

    At most once: a send that was interrupted once the message may have reached the mail server
    (the worker stopped, the time limit struck, the connection was lost) is UNCERTAIN, and only an
    administrator, told that the recipient may get it twice, sends it again."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNCERTAIN = "uncertain", "May have been sent"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        DigestSubscription,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    name = models.CharField("recipient name", max_length=120)
    email = models.EmailField("email address", help_text="Stored in lower case.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    task_id = models.CharField("Celery task id", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "email"],
                name="reports_delivery_once_per_report_and_recipient",
                violation_error_message="This report has already been sent to this recipient.",
            ),
        ]
        indexes = [
            # The admin's failed and stuck sends.
            models.Index(fields=["status", "-created_at"], name="reports_delivery_status"),
        ]

    def __str__(self):
        return f"{self.report.title} to {self.email} ({self.get_status_display().lower()})"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
