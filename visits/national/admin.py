"""The national reference data in the admin, read-only: it is what the official publications say,
changed only by loading a newer edition (`manage.py load_national_data`). A superuser may still
put a row right by hand."""

from django.contrib import admin

from .models import AuthorityName, OfstedOutcome, Publication, StatisticalNeighbour


class ReferenceDataAdmin(admin.ModelAdmin):
    """Read by every administrator; added, changed and deleted by superusers only."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Publication)
class PublicationAdmin(ReferenceDataAdmin):
    list_display = ["title", "publisher", "dataset", "published_on", "loaded_at"]
    list_filter = ["dataset", "publisher"]


@admin.register(AuthorityName)
class AuthorityNameAdmin(ReferenceDataAdmin):
    list_display = ["name", "authority"]
    list_select_related = ["authority"]
    search_fields = ["name", "authority__name"]


@admin.register(StatisticalNeighbour)
class StatisticalNeighbourAdmin(ReferenceDataAdmin):
    list_display = ["authority", "rank", "neighbour", "closeness"]
    list_select_related = ["authority", "neighbour"]
    search_fields = ["authority__name"]


@admin.register(OfstedOutcome)
class OfstedOutcomeAdmin(ReferenceDataAdmin):
    list_display = ["authority", "kind", "start_date", "published_on", "overall_effectiveness"]
    list_filter = ["kind", "overall_effectiveness"]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "theme"]
    date_hierarchy = "start_date"
