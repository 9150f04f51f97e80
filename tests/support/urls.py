"""Every named URL of the project's own apps, for the tests that visit every page."""

from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {"login", "logout", "health"}
SAMPLE_ARGUMENTS = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "sample",
}


def app_urls(resolver=None, prefix="", namespace=""):
    """Every named URL of the project's own apps (not the admin), with sample arguments."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue
            yield from app_urls(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in PUBLIC:
            route = prefix + str(entry.pattern)
            for converter, sample in SAMPLE_ARGUMENTS.items():
                route = _fill(route, converter, sample)
            if "<" in route or "(?P" in route or "^" in route:
                continue  # format-suffix regex variants of API routes
            yield entry.name, "/" + route


def _fill(route, converter, sample):
    import re

    return re.sub(rf"<{converter}:\w+>", sample, route)
