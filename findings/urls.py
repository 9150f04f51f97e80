from django.urls import path

from . import board_views, views

urlpatterns = [
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/areas/", views.event_areas, name="event-areas"),
    path("events/<int:pk>/areas/new/", views.event_area_create, name="event-area-create"),
    path("events/<int:pk>/areas/<int:area_pk>/", views.event_area, name="event-area"),
    path("events/<int:pk>/publish/", views.event_publish, name="event-publish"),
    path("events/<int:pk>/findings/", views.event_findings, name="event-findings"),
    path("events/<int:pk>/findings/new/", views.finding_create, name="finding-create"),
    path("findings/<int:pk>/edit/", views.finding_edit, name="finding-edit"),
    path("findings/<int:pk>/delete/", views.finding_delete, name="finding-delete"),
    path("findings/<int:pk>/history/", views.finding_history, name="finding-history"),
    path("areas/<int:pk>/", views.area_detail, name="area-detail"),
    path("areas/<int:pk>/edit/", views.area_edit, name="area-edit"),
    path("areas/<int:pk>/history/", views.area_history, name="area-history"),
    path(
        "areas/<int:pk>/ratings/history/",
        views.area_ratings_history,
        name="area-ratings-history",
    ),
    path("areas/<int:pk>/actions/new/", views.action_create, name="action-create"),
    path("ratings/<int:pk>/history/", views.review_history, name="review-history"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/history/", views.action_history, name="action-history"),
    path("dashboard/", board_views.dashboard, name="dashboard"),
    path("findings/", board_views.finding_search, name="finding-search"),
]
