"""The REST API under /api/: each app's routes under /api/v1/, the schema and its documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from findings.api.viewsets import (
    ActionViewSet,
    AreaViewSet,
    EventViewSet,
    FindingViewSet,
    RatingViewSet,
)
from findings.importer import api as import_api
from findings.indicators.api import IndicatorValueViewSet, IndicatorViewSet
from findings.plan.api import ProgressUpdateViewSet
from reports.api import ReportViewSet
from sefton_tracker.core.api.schema import browser_signs_in_first
from visits.api import LocalAuthorityViewSet
from visits.national.api import JourneyViewSet, OfstedOutcomeViewSet


class Router(DefaultRouter):
    # No '.json' variants: the two downloads below are the only URLs with a file extension.
    include_format_suffixes = False


# Route names start "api-" so they never shadow the pages' names ("event-detail" is the event page).
router = Router()
router.register("authorities", LocalAuthorityViewSet, basename="api-authority")
router.register("events", EventViewSet, basename="api-event")
router.register("areas", AreaViewSet, basename="api-area")
router.register("ratings", RatingViewSet, basename="api-rating")
router.register("findings", FindingViewSet, basename="api-finding")
router.register("actions", ActionViewSet, basename="api-action")
router.register("action-updates", ProgressUpdateViewSet, basename="api-action-update")
router.register("reports", ReportViewSet, basename="api-report")
router.register("ofsted-outcomes", OfstedOutcomeViewSet, basename="api-ofsted-outcome")
router.register("journeys", JourneyViewSet, basename="api-journey")
router.register("indicators", IndicatorViewSet, basename="api-indicator")
router.register("indicator-values", IndicatorValueViewSet, basename="api-indicator-value")

exports = [
    path(
        f"{resource}/export.{extension}",
        viewset.as_view({"get": f"export_{extension}"}),
        name=f"{basename}-export-{extension}",
    )
    for resource, basename, viewset in [
        ("findings", "api-finding", FindingViewSet),
        ("ratings", "api-rating", RatingViewSet),
        ("actions", "api-action", ActionViewSet),
        ("action-updates", "api-action-update", ProgressUpdateViewSet),
        ("ofsted-outcomes", "api-ofsted-outcome", OfstedOutcomeViewSet),
        ("indicators", "api-indicator", IndicatorViewSet),
        ("indicator-values", "api-indicator-value", IndicatorValueViewSet),
    ]
    for extension in ("csv", "xlsx")
]


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI from the app's own static files (drf-spectacular-sidecar); its start-up script
    is a separate request, so the page needs no inline script or style."""

    template_name = "api/swagger_ui.html"


urlpatterns = [
    # Before the router, whose detail route would otherwise read 'export.csv' as an id.
    path("v1/", include(exports)),
    path("v1/import/drafts/", import_api.DraftFromDocument.as_view(), name="api-import-draft"),
    path(
        "v1/import/drafts/<str:token>/",
        import_api.DraftReading.as_view(),
        name="api-import-draft-status",
    ),
    path("v1/import/events/", import_api.EventFromDraft.as_view(), name="api-import-event"),
    path("v1/", include(router.urls)),
    # A browser not signed in is sent to sign in (and back); a script gets the API's 401.
    path(
        "schema/",
        browser_signs_in_first(SpectacularAPIView.as_view(permission_classes=[IsAuthenticated])),
        name="api-schema",
    ),
    path(
        "docs/",
        browser_signs_in_first(
            SwaggerView.as_view(url_name="api-schema", permission_classes=[IsAuthenticated])
        ),
        name="api-docs",
    ),
]
