from django.urls import include, path

from . import views

urlpatterns = [
    # The plan as the board reads it, and an action's page.
    path("", views.board, name="plan-board"),
    path("actions/<int:pk>/", views.action_detail, name="plan-action"),
    # Progress updates: recorded, corrected, their history and their evidence file.
    path("actions/<int:pk>/updates/new/", views.update_create, name="plan-update-create"),
    path("updates/<int:pk>/edit/", views.update_edit, name="plan-update-edit"),
    path("updates/<int:pk>/history/", views.update_history, name="plan-update-history"),
    path("updates/<int:pk>/evidence/", views.evidence, name="plan-evidence"),
    # An action's impact measures.
    path("actions/<int:pk>/measures/new/", views.measure_create, name="plan-measure-create"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="plan-measure-edit"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="plan-measure-delete"),
    # Each user's choice of reminder emails.
    path("reminders/", include("findings.plan.reminder_urls")),
]
