"""The base of every resource under /api/v1/."""

from rest_framework import exceptions, viewsets

from ..locking import StaleVersionError
from .conditional import (
    DELETE_NEEDS_VERSION,
    PreconditionFailed,
    etag,
    if_match_version,
    is_versioned,
    query_version,
)
from .permissions import RoleMatrixPermission

WRITES_OF_ONE = ("PUT", "PATCH", "DELETE")


class ResourceViewSet(viewsets.ModelViewSet):
    """A resource under /api/v1/. A create or update is answered with the record as a GET would
    show it (with the same annotations), read back through `get_queryset()`.

    A versioned record is sent with its ETag (one record, and the answer to a write of it), and a
    PUT, PATCH or DELETE of it must say which version it read: If-Match, or `version` (in the body,
    or ?version= for a DELETE). A delete goes through the app's write service (`delete_service`),
    which refuses a stale version.

    Every write passes `check_write` first, the one place a resource refuses a write the role
    matrix allows but the record's owner does not (a local authority outside the user's scope:
    visits.api.AuthorityScopedViewSet)."""

    permission_classes = [RoleMatrixPermission]
    # Any segment reaches the view, so that '/events/abc/' is the API's JSON 404, not a page's.
    lookup_value_regex = "[^/]+"
    # A versioned model's service that deletes one, given `expected_version` (e.g.
    # `staticmethod(delete_finding)`); a model without versions is simply deleted.
    delete_service = None

    # The version If-Match named, and the record whose ETag the answer carries.
    if_match = None
    etag_record = None

    @property
    def versioned(self) -> bool:
        return is_versioned(self.queryset.model)

    def check_write(self, stored, data) -> None:
        """Refuse (PermissionDenied, answered 403 with its message) a write the user may not make:
        of `stored`, the record as saved before a change or delete (None when creating), with
        `data`, the validated data of a create or update (None when deleting). Nothing is refused
        here beyond the role matrix (RoleMatrixPermission)."""

    def get_object(self):
        record = super().get_object()
        if self.request.method in WRITES_OF_ONE:
            self.check_write(record, None)
        if self.versioned:
            if self.request.method in WRITES_OF_ONE:
                self.if_match = if_match_version(self.request, record)
            self.etag_record = record
        return record

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "if_match_version": self.if_match}

    def perform_create(self, serializer):
        self.check_write(None, serializer.validated_data)
        serializer.save()
        self._read_back(serializer)

    def perform_update(self, serializer):
        self.check_write(serializer.instance, serializer.validated_data)
        try:
            serializer.save()
        except StaleVersionError as error:
            if self.if_match is not None and "version" not in serializer.initial_data:
                # The version came from If-Match: changed since it was compared, just now.
                raise PreconditionFailed.stale(error) from error
            raise
        self._read_back(serializer)

    def perform_destroy(self, instance):
        if not self.versioned:
            instance.delete()
            return
        version = query_version(self.request)
        expected = self.if_match if version is None else version
        if expected is None:
            raise exceptions.ValidationError({"version": [DELETE_NEEDS_VERSION]})
        if self.delete_service is None:
            raise NotImplementedError(f"{type(self).__name__} must say which service deletes.")
        try:
            self.delete_service(instance, expected_version=expected)
        except StaleVersionError as error:
            if version is None:
                raise PreconditionFailed.stale(error) from error
            raise

    def _read_back(self, serializer):
        fresh = self.get_queryset().filter(pk=serializer.instance.pk).first()
        if fresh is not None:
            serializer.instance = fresh
        if self.versioned:
            self.etag_record = serializer.instance

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        one_record = self.action in ("retrieve", "create", "update", "partial_update")
        if self.etag_record is not None and one_record and 200 <= response.status_code < 300:
            response["ETag"] = etag(self.etag_record)
        return response
