from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from visits.selectors import default_authority

from . import services
from .models import Delivery, DigestSubscription, Report


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["name", "email", "status", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "page_count", "created_at", "finished_at", "error"]
    list_filter = ["kind", "status"]
    list_select_related = ["authority", "event"]
    search_fields = ["title", "error_message", "sha256"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "kind",
        "title",
        "authority",
        "event",
        "period_start",
        "period_end",
        "theme",
        "area",
        "status",
        "pdf_file",
        "page_count",
        "size_bytes",
        "sha256",
        "error_message",
        "attempts",
        "requested_by",
        "task_id",
        "created_at",
        "queued_at",
        "started_at",
        "finished_at",
    ]
    inlines = [DeliveryInline]
    actions = ["render_again"]

    def has_add_permission(self, request):
        # Letters are requested from the event page, improvement plans from the plan page;
        # digests come from the schedule, or from Reports, "Prepare a digest"
        # (reports.views.digest_new).
        return False

    @admin.display(description="Error")
    def error(self, report):
        return Truncator(report.error_message).chars(80)

    @admin.display(description="PDF file")
    def pdf_file(self, report):
        # Media files are not served directly: the download view checks the reader's permission.
        if not report.is_ready:
            return "—"
        url = reverse("report-download", args=[report.pk])
        return format_html('<a href="{}">{}</a>', url, report.download_name)

    @admin.action(description="Render the selected failed reports again", permissions=["change"])
    def render_again(self, request, queryset):
        queued = conflicts = queue_down = 0
        for report in queryset.filter(status=Report.Status.FAILED):
            try:
                queued += services.retry_report(report)
            except services.ReportConflict:
                conflicts += 1
            except services.QueueUnavailable:
                queue_down += 1
        self.message_user(request, f"{queued} report(s) queued to be rendered again.")
        if queue_down:
            self.message_user(
                request,
                f"{queue_down} report(s) still failed: {services.QUEUE_UNAVAILABLE}",
                messages.ERROR,
            )
        if conflicts:
            self.message_user(
                request,
                f"{conflicts} report(s) skipped: a newer one for the same event (a letter) or "
                "authority (an improvement plan) is in progress.",
                messages.WARNING,
            )


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "cadence", "scope", "active", "updated_at"]
    list_filter = ["active", "cadence", "theme"]
    list_editable = ["active"]
    list_select_related = ["area"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["area"]
    fields = ["name", "email", "authority", "cadence", "theme", "area", "active"]

    def get_changeform_initial_data(self, request):
        return {"authority": default_authority(), **super().get_changeform_initial_data(request)}


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["report", "name", "email", "status", "attempts", "sent_at", "error"]
    list_filter = ["status"]
    list_select_related = ["report"]
    search_fields = ["name", "email", "report__title", "last_error"]
    readonly_fields = [
        "report",
        "subscription",
        "name",
        "email",
        "status",
        "attempts",
        "last_error",
        "task_id",
        "created_at",
        "claimed_at",
        "sent_at",
    ]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Last error")
    def error(self, delivery):
        return Truncator(delivery.last_error).chars(80)

    @admin.action(
        description="Send the selected failed (or may-have-been-sent) deliveries again",
        permissions=["change"],
    )
    def send_again(self, request, queryset):
        """A failed delivery is sent again at once. One that may have been sent (its send was
        interrupted) may already be in the recipient's inbox: the administrator is told so, and
        must confirm, before it is sent again."""
        uncertain = queryset.filter(status=Delivery.Status.UNCERTAIN).select_related("report")
        confirmed = request.POST.get("confirm") == "yes"
        if uncertain and not confirmed:
            return TemplateResponse(
                request,
                "admin/reports/delivery/send_again_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Send again emails that may already have been sent?",
                    "opts": self.model._meta,
                    "uncertain": uncertain,
                    "selected": queryset.values_list("pk", flat=True),
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        queued = queue_down = 0
        for delivery in queryset.filter(
            status__in=[Delivery.Status.FAILED, Delivery.Status.UNCERTAIN]
        ):
            try:
                queued += services.send_again(delivery, accept_duplicate_risk=confirmed)
            except services.QueueUnavailable:
                queue_down += 1
        self.message_user(request, f"{queued} delivery(ies) queued to be sent again.")
        if queue_down:
            self.message_user(
                request,
                f"{queue_down} delivery(ies) could not be queued: {services.QUEUE_UNAVAILABLE} "
                "They are pending, and will be sent once the queue is back.",
                messages.WARNING,
            )
