"""The indicators' pages, under /indicators/.

Writing (editing_views): a council's own indicators and their values, uploads, the areas of
concern an indicator bears on, and their history. The literal paths come before any
`<slug:key>/` page, and services.RESERVED_KEYS keeps a key from taking one of them.

Reading (views): the scorecard and an indicator's page."""

from django.urls import path

from . import editing_views, views

urlpatterns = [
    # Reading: the scorecard (an indicator's own page is the last pattern).
    path("", views.scorecard, name="indicators"),
    # A council's own indicators: defined, changed, their values entered, corrected, uploaded.
    path("local/", editing_views.local_indicators, name="indicator-local"),
    path("new/", editing_views.indicator_create, name="indicator-create"),
    path("upload/", editing_views.upload, name="indicator-upload"),
    path("upload/template.csv", editing_views.upload_template_csv, name="indicator-template-csv"),
    path(
        "upload/template.xlsx", editing_views.upload_template_xlsx, name="indicator-template-xlsx"
    ),
    path("values/<int:pk>/edit/", editing_views.value_edit, name="indicator-value-edit"),
    path("values/<int:pk>/delete/", editing_views.value_delete, name="indicator-value-delete"),
    path("<slug:key>/edit/", editing_views.indicator_edit, name="indicator-edit"),
    path("<slug:key>/areas/", editing_views.indicator_areas, name="indicator-areas"),
    path("<slug:key>/history/", editing_views.indicator_history, name="indicator-history"),
    path("<slug:key>/values/new/", editing_views.value_create, name="indicator-value-create"),
    path(
        "<slug:key>/values/history/",
        editing_views.values_history,
        name="indicator-values-history",
    ),
    # Last, so that no literal path above is taken for a key.
    path("<slug:key>/", views.indicator_detail, name="indicator-detail"),
]
