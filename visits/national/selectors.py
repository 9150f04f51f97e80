"""Reading the national reference data."""

from visits.models import LocalAuthority

from .names import name_key


def authority_named(name: str) -> LocalAuthority | None:
    """The authority a document means by `name`, by any name a publication spells it with or a
    council's own form of it ('Isle of Wight Council', 'Bristol City Council'); None when no
    authority, or more than one, has that name."""
    key = name_key(name)
    if not key:
        return None
    matches = list(LocalAuthority.objects.filter(other_names__key=key).distinct()[:2]) or list(
        LocalAuthority.objects.filter(name__iexact=name.strip())[:2]
    )
    return matches[0] if len(matches) == 1 else None
