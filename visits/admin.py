from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import InspectionEvent, Judgement, LocalAuthority


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "ons_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "ons_code"]


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
