"""The Django admin as the roles have it: the Administrator role lets its holder in, whether or not
"Staff status" was ticked (sefton_tracker.core.roles.may_administer). Installed in place of
django.contrib.admin (settings.INSTALLED_APPS names admin_apps.TrackerAdminConfig), so `admin.site`
is this site."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from .roles import may_administer


class TrackerAuthenticationForm(AdminAuthenticationForm):
    """The admin's own sign-in page, under the same rule as the site."""

    def confirm_login_allowed(self, user):
        if not user.is_active:
            super().confirm_login_allowed(user)
        if not may_administer(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class TrackerAdminSite(admin.AdminSite):
    login_form = TrackerAuthenticationForm

    @property
    def site_header(self):
        return f"{settings.SERVICE_NAME}: administration"

    @property
    def site_title(self):
        return f"{settings.SERVICE_NAME} administration"

    index_title = "Administration"

    def has_permission(self, request):
        return may_administer(request.user)
