"""How stored things read for people: a person, a field's name, a field's value."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format

# Said beside every free-text field: nothing in the tracker may identify a child.
NO_CHILD_DETAILS = "Do not record anything that could identify a child."


def person_name(user, default: str = "") -> str:
    """Their full name, or their username when no name is recorded."""
    if user is None:
        return default
    return user.get_full_name() or user.get_username()


def field_label(field) -> str:
    """A model field's name for people: "RAG rating", "Fieldwork start"."""
    name = str(field.verbose_name)
    return name[:1].upper() + name[1:]


def related_label(obj) -> str:
    """A related row as a value: a person by name, anything else by its title."""
    if isinstance(obj, get_user_model()):
        return person_name(obj)
    return str(getattr(obj, "title", None) or obj)


def display_value(field, value, names: dict | None = None) -> str:
    """A stored value of a model field. A related row's label is taken from `names`, keyed by
    (model, pk), when given (history reads them all at once), else read here."""
    if value is None or value == "":
        return "(blank)"
    if field.is_relation:
        if names is None:
            obj = field.related_model._default_manager.filter(pk=value).first()
            return related_label(obj) if obj is not None else "(deleted)"
        return names.get((field.related_model, value), "(deleted)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)


def describe_time(moment) -> str:
    """'2:05pm on 3 May 2025', as GOV.UK writes times."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    time = f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"
    return f"{time} on {date_format(local, 'j F Y')}"
