from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from .models import ImpactMeasure, ProgressUpdate, ReminderEmail, ReminderPreference


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    """Progress updates, with their history. The evidence file is checked and stored only by
    recording an update on the action's page (or the API), so it is read here, not uploaded."""

    list_display = ["action", "date", "rag", "author", "evidence_name"]
    list_filter = ["rag", "date"]
    list_select_related = ["action", "author"]
    search_fields = ["note", "action__title", "evidence_name"]
    autocomplete_fields = ["author"]
    # The fields the admin shows in place of the evidence file itself (its own widget links to
    # MEDIA_URL, which is not served: the download view checks the reader may see it).
    exclude = ["evidence_file"]
    readonly_fields = [
        "evidence",
        "evidence_name",
        "evidence_type",
        "evidence_size",
        "version",
        "created_at",
        "updated_at",
    ]
    raw_id_fields = ["action"]

    @admin.display(description="evidence file")
    def evidence(self, update):
        if not update.evidence_file:
            return "—"
        return format_html('<a href="{}">{}</a>', update.get_evidence_url(), update.evidence_name)


@admin.register(ImpactMeasure)
class ImpactMeasureAdmin(SimpleHistoryAdmin):
    list_display = ["description", "action", "indicator"]
    list_select_related = ["action", "indicator"]
    search_fields = ["description", "action__title"]
    raw_id_fields = ["action"]
    readonly_fields = ["version"]


@admin.register(ReminderEmail)
class ReminderEmailAdmin(admin.ModelAdmin):
    """Every reminder email recorded, with its failures: read only. Each is sent at most once, so
    one that failed for good, or may have been sent, is followed up by hand."""

    list_display = ["key", "kind", "user", "status", "attempts", "created_at", "sent_at", "error"]
    list_filter = ["kind", "status"]
    list_select_related = ["user"]
    search_fields = ["key", "user__username", "user__email", "last_error"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "user",
        "key",
        "kind",
        "action",
        "status",
        "attempts",
        "last_error",
        "task_id",
        "created_at",
        "claimed_at",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Last error")
    def error(self, reminder):
        return Truncator(reminder.last_error).chars(80)


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    """Users' choices of plan emails (each user sets their own at /plan/reminders/); a user with
    no row gets both."""

    list_display = ["user", "action_reminders", "weekly_summary", "updated_at"]
    list_filter = ["action_reminders", "weekly_summary"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
