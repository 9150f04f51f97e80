from django.urls import path

from . import views

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/download/", views.report_download, name="report-download"),
    path("<int:pk>/retry/", views.retry, name="report-retry"),
    path("letters/<int:event_id>/", views.request_letter, name="report-request-letter"),
    path("plan/<int:authority_id>/", views.request_plan, name="report-request-plan"),
    path("digests/new/", views.digest_new, name="report-digest-new"),
    path("<int:pk>/send/", views.digest_send, name="report-digest-send"),
]
