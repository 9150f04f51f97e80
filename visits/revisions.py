"""Each authority's revision: a counter that moves whenever anything a board page shows about the
authority (its name, events, judgements, areas, ratings, findings or actions) changes, so pages
can be cached under it (sefton_tracker.core.page_cache). Each app names its own models with
`track()`.

It is bumped from post_save and post_delete, inside the writing transaction: a change and its new
revision commit (or roll back) together. Only bulk writes bypass these signals; the one place that
makes them, the scale data generator, creates new authorities rather than changing existing ones.
"""

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db.models import F
from django.db.models.signals import post_delete, post_save

# How a row of each model leads to its authority, as a lookup on LocalAuthority. Each app
# registers its own models from its AppConfig.ready() with `track()`.
AUTHORITY_LOOKUPS: dict[str, Callable[[Any], dict]] = {}


def track(label: str, lookup: Callable[[Any], dict]) -> None:
    """Bump the authority's revision whenever a row of the model `label` is saved or deleted."""
    AUTHORITY_LOOKUPS[label] = lookup
    model = apps.get_model(label)
    post_save.connect(_changed, sender=model, dispatch_uid=f"revision-save-{label}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"revision-delete-{label}")


def bump_revision(**lookup) -> int:
    """Move on the revision of the authority (or authorities) the lookup names."""
    authorities = apps.get_model("visits", "LocalAuthority").objects.filter(**lookup)
    return authorities.update(revision=F("revision") + 1)


def _changed(sender, instance, **kwargs):
    bump_revision(**AUTHORITY_LOOKUPS[sender._meta.label](instance))
