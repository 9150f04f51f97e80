"""The REST API under /api/: each app's routes under /api/v1/, the schema and its documentation."""

from django.urls import path

from findings.importer import api as import_api

urlpatterns = [
    path("v1/import/drafts/", import_api.DraftFromDocument.as_view(), name="api-import-draft"),
    path("v1/import/events/", import_api.EventFromDraft.as_view(), name="api-import-event"),
]
