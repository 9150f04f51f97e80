"""The project's URLs plus the reports API, registered the way sefton_tracker/api_urls.py does it
once its router includes ReportViewSet."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from reports.api import ReportViewSet
from sefton_tracker.urls import urlpatterns as project_urlpatterns

router = DefaultRouter()
router.register("reports", ReportViewSet, basename="report")

urlpatterns = [path("api/v1/", include(router.urls)), *project_urlpatterns]
