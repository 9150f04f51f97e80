from django.urls import path

from . import views

urlpatterns = [
    path("", views.in_context, name="national"),
    path("journeys/", views.journeys, name="national-journeys"),
    path("authorities/", views.authority_search_page, name="national-authority-search"),
    path("authorities/<str:ons_code>/", views.authority_detail, name="national-authority"),
]
