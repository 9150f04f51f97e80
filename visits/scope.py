"""Authority scope: the one home of the rule for which local authorities a user acts on.

- Each user belongs to one or more authorities (`LocalAuthority.members`), which administrators
  set in the admin's user page. Administrators and superusers act on every authority.
- Writing (recording and changing events, judgements, areas, ratings, findings and actions) needs
  both the role's model permission and the record's authority in the user's scope.
- Drafts are embargoed: those who may change events (`sees_drafts`) see the drafts of the
  authorities in their scope (an officer: their own; an administrator: all); board members see
  published records only. Everyone signed in reads every authority's published records and the
  national reference data.

The conditions below are subqueries on the membership table, so a list is still one query,
whatever the user belongs to.
"""

from django.contrib.auth.context_processors import PermLookupDict, PermWrapper
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from sefton_tracker.core.roles import may_administer

from .models import InspectionEvent, LocalAuthority, sees_drafts

PUBLISHED = InspectionEvent.Status.PUBLISHED
NO_AUTHORITY = (
    "You are not a member of any local authority, so you cannot record or change anything: ask "
    "an administrator to add you to yours."
)


def acts_on_all(user) -> bool:
    """Administrators and superusers act on every authority."""
    return bool(user is not None and user.is_active and (user.is_superuser or may_administer(user)))


def _memberships(user) -> QuerySet:
    return LocalAuthority.members.through.objects.filter(user_id=user.pk).values(
        "localauthority_id"
    )


def authority_ids_of(user) -> set[int] | None:
    """The ids of the authorities the user acts on; None for every authority."""
    if acts_on_all(user):
        return None
    if user is None or not user.is_authenticated:
        return set()
    return set(_memberships(user).values_list("localauthority_id", flat=True))


def scoped_authorities(user) -> QuerySet:
    """The authorities the user acts on, by name: what a form's choice of authority offers."""
    if acts_on_all(user):
        return LocalAuthority.objects.order_by("name")
    if user is None or not user.is_authenticated:
        return LocalAuthority.objects.none()
    return LocalAuthority.objects.filter(pk__in=_memberships(user)).order_by("name")


def in_scope_condition(user, authority_path: str = "authority") -> Q:
    """Rows whose authority (at `authority_path`) the user acts on, as a query condition."""
    if acts_on_all(user):
        return Q()
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    return Q(**{f"{authority_path}__in": _memberships(user)})


def in_scope(user, authority) -> bool:
    """Whether the user acts on `authority` (an authority or its id)."""
    ids = authority_ids_of(user)
    return ids is None or getattr(authority, "pk", authority) in ids


def may_write(user, authority, *perms: str) -> bool:
    """Whether the user holds every model permission named and acts on `authority`."""
    return user.has_perms(perms) and in_scope(user, authority)


def out_of_scope(authority) -> str:
    return (
        f"{authority} is not one of your local authorities: you may read its published records, "
        "but not record or change them. Ask an administrator if you need to."
    )


def check_may_write(user, authority, *perms: str) -> None:
    """Refuse (PermissionDenied: the app's 403 page, or the API's 403 with the message) a write
    the user may not make: without the permissions named, or to an authority outside their
    scope, saying which."""
    if not user.has_perms(perms):
        raise PermissionDenied("Your role does not allow this change.")
    if not in_scope(user, authority):
        raise PermissionDenied(out_of_scope(authority))


def sees_all_drafts(user) -> bool:
    """Whether the user sees every draft (administrators): no condition needed."""
    return sees_drafts(user) and acts_on_all(user)


def _path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def event_visible(user, event_field: str = "event") -> Q:
    """The embargo for events (`event_field` "") or rows that hang off one: published events,
    and the drafts of the authorities in the user's scope for those who see drafts."""
    if sees_all_drafts(user):
        return Q()
    published = Q(**{_path(event_field, "status"): PUBLISHED})
    if not sees_drafts(user):
        return published
    return published | in_scope_condition(user, _path(event_field, "authority"))


def drafts_seen(user, authority_path: str) -> Q | None:
    """For a row embargoed with a draft by other means (an area raised by one): where the user
    sees such rows beyond the published ones, as a condition on the row's authority; None when
    they see none (board members). Callers ask `sees_all_drafts` first."""
    if not sees_drafts(user):
        return None
    return in_scope_condition(user, authority_path)


def page_scope(user, authority) -> str:
    """What a page about one authority's records varies on beyond the reader's permissions (a
    cached page's key: sefton_tracker.core.page_cache): whether they see its drafts and may change
    its records."""
    if not sees_drafts(user):
        return "published"
    return "own" if in_scope(user, authority) else "other"


# The apps whose records belong to an authority: the permissions a page's controls ask of them are
# scoped (ScopedPerms). "indicators": a council's own indicators, and its links of DfE's to its
# areas of concern.
SCOPED_APPS = ("visits", "findings", "indicators")


class ScopedPerms(PermWrapper):
    """A page's `perms` in its template, for a page about one authority's records: the role's
    permissions, less all but viewing ones when the authority is outside the user's scope, so that
    the page offers no control the user would be refused. Asks the scope only when a template asks
    for a permission the user holds."""

    def __init__(self, user, authority):
        super().__init__(user)
        self.authority = authority
        self._writable = None

    def writable(self) -> bool:
        if self._writable is None:
            self._writable = in_scope(self.user, self.authority)
        return self._writable

    def __getitem__(self, app_label):
        if app_label not in SCOPED_APPS:
            return super().__getitem__(app_label)
        return _ScopedLookup(self.user, app_label, self.writable)

    def __contains__(self, perm_name):
        if "." not in perm_name:
            return self[perm_name]
        app_label, name = perm_name.split(".", 1)
        return self[app_label][name]


class _ScopedLookup(PermLookupDict):
    def __init__(self, user, app_label, writable):
        super().__init__(user, app_label)
        self.writable = writable

    def __getitem__(self, perm_name):
        held = super().__getitem__(perm_name)
        return held and (perm_name.startswith("view_") or self.writable())


def join_default_authority(sender, user, **kwargs) -> str:
    """A demo user (sefton_tracker.core.signals.demo_user_ready) belongs to the default authority
    (DEFAULT_AUTHORITY_ONS_CODE: Sefton), once it is loaded."""
    from django.conf import settings

    code = settings.DEFAULT_AUTHORITY_ONS_CODE
    authority = LocalAuthority.objects.filter(ons_code=code).first()
    if authority is None:
        return f"no local authority has the ONS code {code} yet: run load_national_data"
    user.authorities.add(authority)
    return f"member of {authority}"
