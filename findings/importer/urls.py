from django.urls import path

from . import views

urlpatterns = [
    path("", views.start, name="import-start"),
    path("<str:token>/", views.progress, name="import-progress"),
    path("<str:token>/review/", views.review, name="import-review"),
]
