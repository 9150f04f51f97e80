"""Audit trails from django-simple-history: who changed what and when, old and new values side by
side, newest first — in a fixed number of queries however long the history is."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from .display import describe_time, display_value, field_label, person_name, related_label

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Recorded in the entry itself (who and when), so not repeated as a change.
NOT_SHOWN = {"rated_by", "rated_at"}


@dataclass
class FieldChange:
    name: str
    label: str
    before: str
    after: str
    before_value: object = None
    after_value: object = None


@dataclass
class Entry:
    action: str  # Created, Changed, Deleted
    when: str
    who: str
    subject: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""  # the reason given for the change, when one was (history_change_reason)


def who_did(record) -> str:
    return person_name(record.history_user, default="a data import (no user recorded)")


# For each related model, the rows of it the reader may see and what to show instead of another's
# name: {InspectionEvent: (published events, "an unpublished event")}.
Readable = Mapping[type, tuple[QuerySet, str]]


def history_entries(
    records: Iterable,
    *,
    subject: Callable[[object], str] | None = None,
    readable: Readable | None = None,
) -> list[Entry]:
    """Entries for historical records of one model (of one or several objects), newest first.
    Pass records with `select_related("history_user")`; `subject` names the object an entry is
    about when the records cover several (for example the event a rating was given at).

    `readable` keeps embargoed rows out of the entries: a change that points at a related row the
    reader may not see shows the placeholder given for its model, not the row's name. The caller
    (which knows the rules) says what may be seen; it costs no extra query."""
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    if not records:
        return []
    model = records[0].instance_type
    pk_name = model._meta.pk.attname
    order = {f.name: i for i, f in enumerate(model._meta.fields)}

    previous: dict[object, object] = {}
    raw: list[tuple[object, list]] = []
    for record in records:
        key = getattr(record, pk_name)
        before = previous.get(key)
        if record.history_type == "+" or before is None:
            changes = [
                (f.name, None, getattr(record, f.attname))
                for f in model._meta.fields
                if f.editable
                and f.name != pk_name
                and f.name not in NOT_SHOWN
                and getattr(record, f.attname) not in (None, "")
            ]
        elif record.history_type == "-":
            changes = []
        else:
            delta = record.diff_against(before, excluded_fields=NOT_SHOWN)
            changes = sorted(
                ((c.field, c.old, c.new) for c in delta.changes),
                key=lambda c: order.get(c[0], 0),
            )
        previous[key] = record
        raw.append((record, changes))

    names = _related_names(model, [c for _, changes in raw for c in changes], readable or {})
    entries = [
        Entry(
            action=ACTIONS.get(record.history_type, "Changed"),
            when=describe_time(record.history_date),
            who=who_did(record),
            subject=subject(record) if subject else "",
            changes=[
                FieldChange(
                    name=name,
                    label=field_label(model._meta.get_field(name)),
                    before=display_value(model._meta.get_field(name), before, names),
                    after=display_value(model._meta.get_field(name), after, names),
                    before_value=before,
                    after_value=after,
                )
                for name, before, after in changes
            ],
            reason=getattr(record, "history_change_reason", None) or "",
        )
        for record, changes in raw
    ]
    entries.reverse()
    return entries


def _related_names(model, changes, readable: Readable) -> dict[tuple[type, object], str]:
    """Names of the related rows the changes point at (or the placeholder of a row the reader may
    not see): one query per related model."""
    wanted: dict[type, set] = defaultdict(set)
    for name, before, after in changes:
        model_field = model._meta.get_field(name)
        if model_field.is_relation:
            wanted[model_field.related_model].update(v for v in (before, after) if v is not None)
    names = {}
    for related, ids in wanted.items():
        rows = related._default_manager.filter(pk__in=ids)
        placeholder = ""
        if related in readable:
            visible, placeholder = readable[related]
            rows = rows.annotate(history_readable=Exists(visible.filter(pk=OuterRef("pk"))))
        for obj in rows:
            hidden = placeholder and not obj.history_readable
            names[(related, obj.pk)] = placeholder if hidden else related_label(obj)
    return names
