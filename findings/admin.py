from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from visits.admin import InspectionEventAdmin
from visits.models import InspectionEvent

from .models import AreaOfConcern, AreaReview, Finding, ImprovementAction


class RaisedAreaInline(admin.TabularInline):
    model = AreaOfConcern
    fk_name = "raised_by"
    fields = ["position", "title", "theme"]
    extra = 0
    show_change_link = True
    verbose_name_plural = "areas of concern raised"


class AreaReviewInline(admin.StackedInline):
    model = AreaReview
    fields = ["area", "area_wording", "rag", "rationale", "rated_by", "rated_at"]
    autocomplete_fields = ["area"]
    extra = 0


class FindingInline(admin.StackedInline):
    model = Finding
    fields = [("section", "paragraph", "order"), ("polarity", "area"), "text"]
    autocomplete_fields = ["area"]
    extra = 0


class ImprovementActionInline(admin.TabularInline):
    model = ImprovementAction
    fields = ["title", "lead_user", "lead_name", "lead_agency", "due_date", "status"]
    extra = 0


@admin.register(AreaOfConcern)
class AreaOfConcernAdmin(SimpleHistoryAdmin):
    list_display = ["position", "title", "theme", "authority", "raised_by"]
    list_display_links = ["title"]
    list_filter = ["theme", "authority"]
    list_select_related = ["authority", "raised_by__authority"]
    search_fields = ["title", "description"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ImprovementActionInline]


@admin.register(AreaReview)
class AreaReviewAdmin(SimpleHistoryAdmin):
    list_display = ["area", "event", "rag", "rated_by", "rated_at"]
    list_filter = ["rag", "area__theme", "event__kind"]
    list_select_related = ["area", "event__authority", "rated_by"]
    search_fields = ["rationale", "area__title", "area_wording"]
    autocomplete_fields = ["area"]
    readonly_fields = ["version"]


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "event", "area", "section", "paragraph", "polarity"]
    list_filter = ["polarity", "section", "area__theme", "event__kind"]
    list_select_related = ["area", "event__authority"]
    search_fields = ["text"]
    autocomplete_fields = ["area"]
    readonly_fields = ["version"]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "area", "lead", "due_date", "status", "rag"]
    list_filter = ["status", "area__theme"]
    list_select_related = ["area"]
    search_fields = ["title", "lead_name", "lead_agency", "area__title"]
    date_hierarchy = "due_date"
    readonly_fields = ["version", "created_at", "updated_at"]


# The event admin, extended with what an event holds here: the areas it raised, the areas it
# reviewed with their ratings, and its findings.
class EventAdmin(InspectionEventAdmin):
    inlines = [*InspectionEventAdmin.inlines, RaisedAreaInline, AreaReviewInline, FindingInline]


admin.site.unregister(InspectionEvent)
admin.site.register(InspectionEvent, EventAdmin)
