from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .health import health

urlpatterns = [
    path("", include("visits.urls")),
    path("", include("findings.urls")),
    path("national/", include("visits.national.urls")),
    path("indicators/", include("findings.indicators.urls")),
    path("plan/", include("findings.plan.urls")),
    path("import/", include("findings.importer.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("sefton_tracker.api_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]
