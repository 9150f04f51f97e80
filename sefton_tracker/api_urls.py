"""The REST API under /api/: each app's routes under /api/v1/, the schema and its documentation."""

urlpatterns = []
