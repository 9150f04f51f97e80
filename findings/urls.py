from django.urls import path

from .views import areas, board, findings, national, recording

urlpatterns = [
    # The event page and recording a visit (steps 1 to 4).
    path("events/new/", recording.event_create, name="event-create"),
    path("events/<int:pk>/", recording.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", recording.event_edit, name="event-edit"),
    path("events/<int:pk>/delete/", recording.event_delete, name="event-delete"),
    path("events/<int:pk>/history/", recording.event_history, name="event-history"),
    path("events/<int:pk>/areas/", recording.event_areas, name="event-areas"),
    path("events/<int:pk>/areas/new/", recording.event_area_create, name="event-area-create"),
    path("events/<int:pk>/areas/<int:area_pk>/", recording.event_area, name="event-area"),
    path("events/<int:pk>/publish/", recording.event_publish, name="event-publish"),
    path("events/<int:pk>/return-to-draft/", recording.event_unpublish, name="event-unpublish"),
    # An event's findings.
    path("events/<int:pk>/findings/", findings.event_findings, name="event-findings"),
    path("events/<int:pk>/findings/new/", findings.finding_create, name="finding-create"),
    path("findings/<int:pk>/edit/", findings.finding_edit, name="finding-edit"),
    path("findings/<int:pk>/delete/", findings.finding_delete, name="finding-delete"),
    path("findings/<int:pk>/history/", findings.finding_history, name="finding-history"),
    # Areas of concern, their ratings and actions.
    path("areas/<int:pk>/", areas.area_detail, name="area-detail"),
    path("areas/<int:pk>/edit/", areas.area_edit, name="area-edit"),
    path("areas/<int:pk>/history/", areas.area_history, name="area-history"),
    path(
        "areas/<int:pk>/ratings/history/",
        areas.area_ratings_history,
        name="area-ratings-history",
    ),
    path("areas/<int:pk>/actions/new/", areas.action_create, name="action-create"),
    path("ratings/<int:pk>/history/", areas.review_history, name="review-history"),
    path("actions/<int:pk>/edit/", areas.action_edit, name="action-edit"),
    path("actions/<int:pk>/history/", areas.action_history, name="action-history"),
    # The board's pages.
    path("dashboard/", board.dashboard, name="dashboard"),
    path("findings/", board.finding_search, name="finding-search"),
    # The national picture's page that shows areas of concern (the rest: visits.national.urls).
    path("national/themes/", national.themes, name="national-themes"),
]
