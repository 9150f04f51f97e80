"""The filtered lists of findings and ratings as CSV and XLSX downloads (the shared machinery is
sefton_tracker.core.api.exports)."""

from sefton_tracker.core.api import exports
from sefton_tracker.core.api.exports import export_docs

__all__ = ["ExportMixin", "export_docs"]


class ExportMixin(exports.ExportMixin):
    # Each finding's and rating's event, authority and area are columns.
    export_related = ("event__authority", "area")
