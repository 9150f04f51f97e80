from django.urls import include, path

urlpatterns = [
    # Each user's choice of reminder emails.
    path("reminders/", include("findings.plan.reminder_urls")),
]
