"""Abstract models every app builds on. (Being the app's models module also has Django send this
app post_migrate, which gives the roles their permissions.)"""

from django.db import models


class Versioned(models.Model):
    """A row that is edited through forms and the API: each save bumps `version`, and a save made
    from a stale copy is refused (see `sefton_tracker.core.locking.save_versioned`)."""

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Increases by one on every change; used to refuse lost updates.",
    )

    class Meta:
        abstract = True
