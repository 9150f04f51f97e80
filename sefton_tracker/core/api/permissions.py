"""The role matrix as API permissions."""

from rest_framework import permissions


class RoleMatrixPermission(permissions.DjangoModelPermissions):
    """The role matrix, read from Django's model permissions: `view_` to read (board members),
    `add_`/`change_` to write (officers), `delete_` to remove (administrators for events)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def _queryset(self, view):
        # Only the model matters here: take it from the viewset's class-level queryset rather than
        # building the request's filtered and annotated one twice.
        if getattr(view, "queryset", None) is not None:
            return view.queryset
        return super()._queryset(view)
