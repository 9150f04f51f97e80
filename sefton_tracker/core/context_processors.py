from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from .roles import may_administer


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # the page the link goes to
    section: tuple[str, ...]  # URL names of the pages under it
    permission: str = ""  # needed to see the link
    allowed: Callable | None = None  # or this, given the user, must be true

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
    NavItem("Indicators", "indicators", ("indicator-",), "indicators.view_indicator"),
    NavItem("Improvement plan", "plan-board", ("plan-",), "findings.view_improvementaction"),
    NavItem("National picture", "national", ("national-",), "national.view_ofstedoutcome"),
    NavItem("Record a visit", "event-create", (), "visits.add_inspectionevent"),
    NavItem("Import a letter", "import-start", ("import-",), "visits.add_inspectionevent"),
    NavItem("Reports", "report-list", ("report-",), "reports.view_report"),
    NavItem("Administration", "admin:index", (), allowed=may_administer),
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
        if _may_follow(item, user)
    ]
    return {
        "tracker": {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME},
        "navigation": navigation,
    }


def _may_follow(item: NavItem, user) -> bool:
    if item.permission and not (user is not None and user.has_perm(item.permission)):
        return False
    return item.allowed is None or item.allowed(user)
