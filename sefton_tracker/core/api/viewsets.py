"""The base of every resource under /api/v1/."""

from rest_framework import viewsets
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings

from .permissions import RoleMatrixPermission

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


class ResourceViewSet(viewsets.ModelViewSet):
    """A resource under /api/v1/. A create or update is answered with the record as a GET would
    show it (with the same annotations), read back through `get_queryset()`."""

    permission_classes = [RoleMatrixPermission]
    parser_classes = [JSONParser]
    # Any segment reaches the view, so that '/events/abc/' is the API's JSON 404, not a page's.
    lookup_value_regex = "[^/]+"

    def perform_create(self, serializer):
        serializer.save()
        self._read_back(serializer)

    def perform_update(self, serializer):
        serializer.save()
        self._read_back(serializer)

    def _read_back(self, serializer):
        fresh = self.get_queryset().filter(pk=serializer.instance.pk).first()
        if fresh is not None:
            serializer.instance = fresh
