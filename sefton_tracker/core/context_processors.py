from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # the page the link goes to
    section: tuple[str, ...]  # URL names of the pages under it
    permission: str = ""  # needed to see the link

    def current(self, url_name) -> str:
        """aria-current: "page" on the page itself, "true" elsewhere in its section."""
        if url_name == self.url_name:
            return "page"
        if url_name and any(url_name.startswith(name) for name in self.section):
            return "true"
        return ""


NAVIGATION = [
    NavItem("Home", "home", ()),
    NavItem("Dashboard", "dashboard", ()),
    NavItem("Findings", "finding-search", ()),
    NavItem("Record a visit", "event-create", (), "visits.add_inspectionevent"),
    NavItem("Import a letter", "import-start", ("import-",), "visits.add_inspectionevent"),
    NavItem("Reports", "report-list", ("report-",), "reports.view_report"),
]


def site(request):
    """The council and service names the site shell shows on every page, and its navigation:
    each link the user may follow, with its aria-current."""
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match else None
    user = getattr(request, "user", None)
    navigation = [
        {"label": item.label, "url": reverse(item.url_name), "current": item.current(url_name)}
        for item in NAVIGATION
        if not item.permission or (user is not None and user.has_perm(item.permission))
    ]
    return {
        "tracker": {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME},
        "navigation": navigation,
    }
