"""Caching the body of a board page that depends only on one authority's data.

The key names everything such a body varies on: the authority's revision (which moves with any
change to its data, see visits.revisions), the reader's permissions (drafts, edit links), the query
string (filters) and the day (overdue actions, days since the last visit). A change therefore never
needs to find and delete cached copies: the next request simply asks for a new key.

A view adds `cached_page_context(...)` to its context; the template wraps its body in
`{% cache page_cache.seconds "<page>" page_cache.key %}`, so the selectors run only when the body is
not cached.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject


@dataclass(frozen=True)
class PageCache:
    key: str
    seconds: int


def page_cache(request, authority, *parts) -> PageCache:
    varies_on = (
        authority.pk,
        authority.revision,
        timezone.localdate().isoformat(),
        sorted(request.user.get_all_permissions()),
        sorted(request.GET.lists()),
        parts,
    )
    key = hashlib.sha256(repr(varies_on).encode()).hexdigest()
    return PageCache(key=key, seconds=settings.PAGE_CACHE_SECONDS)


def cached_page_context(request, authority, read_page, *parts) -> dict:
    """The context of a cached page: `page_cache` for its {% cache %} tag, and `page`, which calls
    `read_page()` only when the template renders the body, that is when it is not cached."""
    return {
        "page_cache": page_cache(request, authority, *parts),
        "page": SimpleLazyObject(read_page),
    }
