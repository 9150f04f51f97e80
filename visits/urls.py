from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("events/new/", views.event_create, name="event-create"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("events/<int:pk>/delete/", views.event_delete, name="event-delete"),
    path("events/<int:pk>/history/", views.event_history, name="event-history"),
]
