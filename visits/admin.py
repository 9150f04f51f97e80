from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

from sefton_tracker.core.admin import RoleChangeForm, RoleCreationForm, TrackerUserAdmin
from sefton_tracker.core.roles import ADMINISTRATOR, role_of

from .models import InspectionEvent, Judgement, LocalAuthority


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "ons_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "ons_code"]
    exclude = ["members"]  # set on each user's page


# The user admin (sefton_tracker.core.admin), extended with the authorities each user belongs to
# (visits.scope): a searchable list of every authority, chosen side by side; the user list shows
# them.

AUTHORITIES_HELP = (
    "The local authorities whose drafts the user sees and whose records they may record and "
    "change (officers). Every role reads all authorities' published records. Administrators act "
    "on every authority whatever is chosen here."
)


def authorities_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="Local authorities",
        queryset=LocalAuthority.objects.order_by("name"),
        required=False,
        widget=FilteredSelectMultiple("local authorities", is_stacked=False),
        help_text=AUTHORITIES_HELP,
    )


class MemberChangeForm(RoleChangeForm):
    authorities = authorities_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("authorities", list(self.instance.authorities.all()))


class MemberCreationForm(RoleCreationForm):
    authorities = authorities_field()


class MemberUserAdmin(TrackerUserAdmin):
    form = MemberChangeForm
    add_form = MemberCreationForm
    # After the role: username, role, authorities, then the rest.
    list_display = [
        *TrackerUserAdmin.list_display[:2],
        "authority_names",
        *TrackerUserAdmin.list_display[2:],
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": _after_role(options["fields"])})
            for name, options in fieldsets
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authorities")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.authorities.set(form.cleaned_data["authorities"])

    @admin.display(description="Local authorities")
    def authority_names(self, user):
        # As visits.scope.acts_on_all has it, from the groups prefetched for the list.
        if user.is_superuser or user.is_staff or role_of(user) == ADMINISTRATOR:
            return "All authorities"
        return ", ".join(a.name for a in user.authorities.all()) or "None"


def _after_role(fields):
    """The fields with "authorities" just after "role" (where there is a role)."""
    fields = list(fields)
    if "role" in fields:
        fields.insert(fields.index("role") + 1, "authorities")
    return fields


admin.site.unregister(User)
admin.site.register(User, MemberUserAdmin)


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0


@admin.register(InspectionEvent)
class InspectionEventAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "authority",
        "kind",
        "visit_number",
        "fieldwork_start",
        "published_on",
        "status",
    ]
    list_filter = ["kind", "status", "authority"]
    list_select_related = ["authority"]
    search_fields = ["headline_summary", "inspectors", "source_reference", "authority__name"]
    date_hierarchy = "fieldwork_start"
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [JudgementInline]  # findings.admin adds the areas, ratings and findings


@admin.register(Judgement)
class JudgementAdmin(SimpleHistoryAdmin):
    list_display = ["event", "judgement", "grade"]
    list_filter = ["judgement", "grade"]
    list_select_related = ["event__authority"]
