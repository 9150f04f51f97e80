"""An import waiting for, or done by, a worker: reading a document is kept off the web server."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_token() -> str:
    return secrets.token_urlsafe(12)


class ImportJob(models.Model):
    """One document sent to be read: its text or file until a worker has read it, then the draft
    read from it, or why it could not be read. Nothing of the tracker's own data is written
    until an officer confirms the draft."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be read"
        READING = "reading", "Being read"
        READY = "ready", "Read"
        FAILED = "failed", "Could not be read"

    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # What was sent: pasted text, or a file's bytes and name. Cleared once the document is read.
    text = models.TextField(blank=True)
    document = models.BinaryField(blank=True, default=b"")
    document_name = models.CharField(max_length=255, blank=True)
    # The authority the officer chose, if any; otherwise the one the document names.
    chosen_authority = models.ForeignKey(
        "visits.LocalAuthority", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    authority = models.ForeignKey(
        "visits.LocalAuthority", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft = models.JSONField(null=True, blank=True)
    # Why it could not be read, and which input that concerns: "text", "file" or "authority".
    error_field = models.CharField(max_length=20, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ready") | models.Q(draft__isnull=False),
                name="importer_importjob_ready_has_draft",
                violation_error_message="A document that has been read has its draft.",
            )
        ]

    def __str__(self):
        return f"Import {self.token} ({self.get_status_display().lower()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)
