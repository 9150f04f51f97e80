from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/download/", views.report_download, name="download"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("letters/<int:event_id>/", views.request_letter, name="request-letter"),
]
