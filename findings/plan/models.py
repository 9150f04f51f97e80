"""Progress updates on the improvement plan's actions (with their evidence), the measures that show
an action worked, and the reminder emails sent about actions, each recorded once."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sefton_tracker.core.display import NO_CHILD_DETAILS
from sefton_tracker.core.models import Versioned

from ..indicators.models import Indicator
from ..models import ImprovementAction, LeadRAG

FUTURE_UPDATE = "The date of the update must be today or in the past."


class ProgressUpdate(Versioned):
    """A dated note on how an action is going, by its lead or an officer, with the lead's RAG and,
    optionally, evidence: a link, or a file (see plan.evidence for what files are accepted)."""

    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField("date of the update", default=timezone.localdate)
    note = models.TextField(
        help_text="What has been done, and what difference it made. " + NO_CHILD_DETAILS
    )
    rag = models.CharField("RAG", max_length=5, choices=LeadRAG.choices)
    evidence_url = models.URLField("link to evidence", max_length=500, blank=True)
    evidence_file = models.FileField(
        "evidence file", upload_to="evidence/%Y/", blank=True, max_length=255
    )
    evidence_name = models.CharField(
        "evidence file's name", max_length=255, blank=True, help_text="As it was uploaded."
    )
    evidence_type = models.CharField(
        "evidence file's type",
        max_length=100,
        blank=True,
        help_text="Its media type, read from its content.",
    )
    evidence_size = models.PositiveIntegerField(
        "evidence file's size in bytes", null=True, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="progress_updates",
        help_text="Who recorded it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(note=""), name="plan_progressupdate_note_not_blank"
            ),
        ]
        indexes = [
            # An action's latest update, and its updates newest first.
            models.Index(
                fields=["action", "-date", "-created_at"], name="plan_update_action_latest"
            ),
        ]

    def __str__(self):
        return f"{self.action.title}: {self.get_rag_display()} on {self.date:%d/%m/%Y}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_url or self.evidence_file)

    def get_evidence_url(self) -> str:
        """Where a signed-in reader downloads the evidence file (never MEDIA_URL)."""
        return reverse("plan-evidence", args=[self.pk]) if self.evidence_file else ""

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": FUTURE_UPDATE})


@receiver(post_delete, sender=ProgressUpdate)
def delete_evidence_file(sender, instance, **kwargs):
    """A deleted update (or one deleted with its action) takes its file with it, once the deletion
    has committed."""
    if instance.evidence_file:
        storage, name = instance.evidence_file.storage, instance.evidence_file.name
        transaction.on_commit(lambda: storage.delete(name))


class ImpactMeasure(Versioned):
    """What would show that an action worked: in words, and linked to an indicator where one
    measures it (its scorecard line then shows beside the action)."""

    action = models.ForeignKey(
        ImprovementAction, on_delete=models.CASCADE, related_name="impact_measures"
    )
    description = models.CharField(
        max_length=300, help_text="For example, “Fewer re-referrals within 12 months”."
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="impact_measures",
        help_text="The indicator that measures it, if there is one.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(description=""), name="plan_impactmeasure_description_not_blank"
            ),
        ]

    def __str__(self):
        return self.description


class ReminderEmail(models.Model):
    """One reminder email to one user, recorded (and claimed) before it is sent, so that a retried
    or duplicated task never sends it twice. `key` names what it is about: an action and the
    threshold reached for its due date ("action-12:due-2026-03-31:overdue-week-2"), or the week of
    a weekly summary ("summary:2026-11-23")."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"
        STILL_OVERDUE = "still_overdue", "Still overdue"
        SUMMARY = "summary", "Weekly summary"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNCERTAIN = "uncertain", "May have been sent"
        # Between recording and sending, the action was completed, re-dated or deleted.
        CANCELLED = "cancelled", "Not sent: no longer due"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_emails"
    )
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=15, choices=Kind.choices)
    action = models.ForeignKey(
        ImprovementAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminder_emails",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    task_id = models.CharField("Celery task id", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="plan_reminderemail_once_per_user_and_key",
                violation_error_message="This reminder has already been recorded for this user.",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="plan_reminder_status")]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.user} ({self.get_status_display().lower()})"


class ReminderPreference(models.Model):
    """A user's choice of plan emails. With no row, they get both."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    action_reminders = models.BooleanField(
        "reminders about the actions I lead",
        default=True,
        help_text="Before the due date, on the day an action becomes overdue, and weekly while it stays overdue.",
    )
    weekly_summary = models.BooleanField(
        "the weekly summary of what is due and overdue",
        default=True,
        help_text="Sent to officers, for the authorities they work for.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Reminder emails for {self.user}"
