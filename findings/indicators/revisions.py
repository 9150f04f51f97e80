"""Indicators on the board's cached pages (the dashboard's "moved most", an area's indicators):
which authorities' revisions (visits.revisions) a change moves on, so that their cached pages
are renewed at once.

- An authority's figure: that authority's pages, and those of the authorities it is a
  statistical neighbour of (their neighbours' mean).
- A region's or England's figure, or one of DfE's indicators: every authority's.
- A council's own indicator, or its links to areas of concern: that council's.

DfE's files are written in bulk, without signals: visits.national.loading moves every
authority's revision on when a load changes anything.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from visits.revisions import bump_revision

from .models import Indicator, IndicatorValue


def _value_changed(sender, instance, **kwargs):
    if instance.level == IndicatorValue.Level.AUTHORITY:
        bump_revision(pk=instance.authority_id)
        bump_revision(neighbour_links__neighbour_id=instance.authority_id)
    else:
        bump_revision()


def _indicator_changed(sender, instance, **kwargs):
    if instance.authority_id is None:
        bump_revision()
    else:
        bump_revision(pk=instance.authority_id)


def _areas_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # an area's indicators
        bump_revision(pk=instance.authority_id)
    elif action == "pre_clear":
        bump_revision(areas__indicators=instance.pk)
    elif pk_set:
        bump_revision(areas__pk__in=pk_set)


def connect() -> None:
    """From IndicatorsConfig.ready()."""
    for signal in (post_save, post_delete):
        signal.connect(_value_changed, sender=IndicatorValue, dispatch_uid="indicator-value-rev")
        signal.connect(_indicator_changed, sender=Indicator, dispatch_uid="indicator-rev")
    m2m_changed.connect(
        _areas_changed, sender=Indicator.areas.through, dispatch_uid="indicator-areas-rev"
    )
