from django import template

from ..display import person_name
from ..views import home_crumb

register = template.Library()


@register.filter
def duration(value) -> str:
    """A timedelta in words: '15 minutes', '1 hour and 30 minutes'."""
    if value is None:
        return ""
    minutes = round(value.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " and ".join(parts)


@register.filter
def person(user, default: str = "") -> str:
    """A person by name: {{ review.rated_by|person }} is their full name, or their username when
    no name is recorded; blank (or the default, {{ record.history_user|person:"someone" }}) for
    nobody."""
    return person_name(user, default)


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*trail, current="", collapse=False):
    """GOV.UK breadcrumbs from Home, then a link for each label and URL given, then the current
    page's label (not a link), if any:

        {% breadcrumbs event.title event.get_absolute_url current="Delete" %}

    `collapse=True` collapses the trail on mobile. A view's own trail of (label, url) pairs is
    shown with {% include "includes/breadcrumbs.html" with crumbs=crumbs current="…" %}."""
    if len(trail) % 2:
        raise template.TemplateSyntaxError(
            "breadcrumbs takes a label and a URL for each link: got an odd number of arguments"
        )
    return {
        "crumbs": [home_crumb(), *zip(trail[::2], trail[1::2], strict=True)],
        "current": current,
        "collapse": collapse,
    }
