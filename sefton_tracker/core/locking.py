"""Optimistic locking: refuse a save made from a copy that someone else has changed meanwhile."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from .display import display_value, field_label, person_name


@dataclass(frozen=True)
class Change:
    field: str  # verbose name
    yours: str  # the value when you opened the record
    theirs: str  # the value saved meanwhile
    by: str
    at: object


class StaleVersionError(Exception):
    """Raised when the record was saved by someone else after the editor loaded it.

    `loaded` is the record as the editor loaded it (its history entry at the version they saw, or
    None when the history does not have it); `changes` what differs now, saved by `by` at `at`."""

    def __init__(self, current, expected_version: int):
        self.current = current
        self.expected_version = expected_version
        self.loaded = record_at(current, expected_version)
        latest = _latest_record(current)
        self.by = person_name(latest.history_user, default="someone else") if latest else ""
        self.at = latest.history_date if latest else None
        self.changes = _changes(current, self.loaded, latest, self.by)
        who = self.by if self.changes else "someone else"
        super().__init__(
            f"This {current._meta.verbose_name} was changed by {who} after you opened it "
            f"(you edited version {expected_version}; it is now version {current.version}). "
            "Your changes have not been saved."
        )


def record_at(current, version: int):
    """The history entry of `current` as it was saved at `version`; None when there is none."""
    history = getattr(current, "history", None)
    if history is None:
        return None
    return history.filter(version=version).order_by("-history_date").first()


def _latest_record(current):
    history = getattr(current, "history", None)
    return history.order_by("-history_date").first() if history is not None else None


def _changes(current, old, latest, by: str) -> list[Change]:
    """What differs between `old` (a history entry of the record) and its current state, saved by
    `by` (the person of its `latest` history entry)."""
    if old is None or latest is None:
        return []
    changes = []
    for field in current._meta.concrete_fields:
        if field.name in {"version", "updated_at"} or not field.editable:
            continue
        before, after = getattr(old, field.attname, None), getattr(current, field.attname, None)
        if before != after:
            changes.append(
                Change(
                    field=field_label(field),
                    yours=display_value(field, before),
                    theirs=display_value(field, after),
                    by=by,
                    at=latest.history_date,
                )
            )
    return changes


def lock_current(instance, expected_version: int | None = None):
    """The stored row of `instance`, locked until the transaction ends; StaleVersionError when its
    version is not the one the user saw (`expected_version`, by default the instance's own)."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    expected = instance.version if expected_version is None else expected_version
    if current.version != expected:
        raise StaleVersionError(current, expected)
    return current


def save_versioned(
    instance, *, expected_version: int | None = None, before_save: Callable | None = None
) -> None:
    """Validate and save `instance`, refusing it when the stored version is not the one it was
    loaded at. A new instance is simply validated and saved. `before_save(stored)` is called just
    before validating, with the stored row as locked (None for a new instance), for a write whose
    effect depends on what it replaces."""
    with transaction.atomic():
        stored = None
        if instance.pk is not None and instance._state.adding is False:
            stored = lock_current(instance, expected_version)
            instance.version = stored.version + 1
        if before_save is not None:
            before_save(stored)
        instance.full_clean()
        instance.save()
