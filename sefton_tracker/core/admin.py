"""Users in the admin, by role: each user is given one of the three roles (sefton_tracker.core.roles),
which the list shows and filters by; the raw groups, permissions and "Staff status" are not offered,
because the role decides them (roles.set_role)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import User

from .roles import ADMINISTRATOR, BOARD_MEMBER, OFFICER, ROLES, role_of, set_role

ROLE_CHOICES = [
    (BOARD_MEMBER, "Board member: reads everything that is published"),
    (
        OFFICER,
        "Officer: also records inspections and visits, areas, ratings, findings and actions, for "
        "their own local authorities",
    ),
    (
        ADMINISTRATOR,
        "Administrator: everything, including deleting events, sending digests and this "
        "administration site (users, digest recipients, schedules)",
    ),
]


def role_field() -> forms.ChoiceField:
    return forms.ChoiceField(label="Role", choices=ROLE_CHOICES, widget=forms.RadioSelect)


class RoleChangeForm(UserChangeForm):
    role = role_field()
    editing_self = False  # set by TrackerUserAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("role", role_of(self.instance))

    def clean_role(self):
        role = self.cleaned_data["role"]
        if self.editing_self and self.initial.get("role") == ADMINISTRATOR != role:
            raise forms.ValidationError(
                "You cannot take away your own Administrator role: ask another administrator."
            )
        return role


class RoleCreationForm(AdminUserCreationForm):
    role = role_field()


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role, role) for role in ROLES] + [("none", "No role")]

    def queryset(self, request, queryset):
        if self.value() in ROLES:
            return queryset.filter(groups__name=self.value())
        if self.value() == "none":
            return queryset.exclude(groups__name__in=ROLES)
        return queryset


admin.site.unregister(User)


@admin.register(User)
class TrackerUserAdmin(UserAdmin):
    form = RoleChangeForm
    add_form = RoleCreationForm
    list_display = ["username", "role", "full_name", "email", "is_active", "last_login"]
    list_filter = [RoleFilter, "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["username"]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        access = ["role", "is_active"]
        if request.user.is_superuser:
            access.append("is_superuser")  # only a superuser may make another
        return [
            (None, {"fields": ["username", "password"]}),
            ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
            (
                "Role and access",
                {
                    "fields": access,
                    "description": (
                        "The role decides what the user may do. Untick Active to stop them "
                        "signing in without deleting them."
                    ),
                },
            ),
            ("Important dates", {"fields": ["last_login", "date_joined"]}),
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            form = type(form.__name__, (form,), {"editing_self": obj.pk == request.user.pk})
        return form

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        set_role(form.instance, form.cleaned_data["role"])

    @admin.display(description="Role")
    def role(self, user):
        return role_of(user) or ("Superuser" if user.is_superuser else "No role")

    @admin.display(description="Name", ordering="last_name")
    def full_name(self, user):
        return user.get_full_name()
