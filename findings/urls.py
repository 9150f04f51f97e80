from django.urls import path

from . import views

urlpatterns = [
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("areas/<int:pk>/", views.area_detail, name="area-detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("findings/", views.finding_search, name="finding-search"),
]
