"""django.contrib.admin, with the tracker's admin site (admin_site.TrackerAdminSite) as `admin.site`.
Kept apart from admin_site because an app's configuration is loaded before any model may be."""

from django.contrib.admin.apps import AdminConfig


class TrackerAdminConfig(AdminConfig):
    default_site = "sefton_tracker.core.admin_site.TrackerAdminSite"
