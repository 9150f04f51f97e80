from django.urls import path

from . import reminder_views

urlpatterns = [
    path("", reminder_views.reminder_preferences, name="plan-reminders"),
]
