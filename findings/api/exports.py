"""The filtered lists of findings and ratings as CSV and XLSX downloads: the viewsets' export
actions and their schema documentation."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema

from sefton_tracker.core.exports import (
    CHUNK_SIZE,
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_response,
    export_filename,
    xlsx_response,
)


def export_docs(plural, columns):
    described = ", ".join(column.heading for column in columns)
    note = (
        f"All the {plural} the list would return for the same filters (and `ordering`), one row "
        f"each, unpaginated. Columns: {described}."
    )
    return (
        extend_schema(
            summary=f"Download {plural} as CSV",
            description=f"{note} UTF-8 with a byte-order mark; text that a spreadsheet would "
            "read as a formula is prefixed with an apostrophe.",
            filters=True,
            responses={(200, CSV_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.STR, "A CSV file.")},
        ),
        extend_schema(
            summary=f"Download {plural} as an Excel workbook (XLSX)",
            description=note,
            filters=True,
            responses={
                (200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, "An XLSX file.")
            },
        ),
    )


class ExportMixin:
    """The filtered list as a file. The viewset's `export_csv` and `export_xlsx` answer the URLs
    that api_urls gives them."""

    export_stem: str
    export_columns: list

    def export_rows(self):
        queryset = self.filter_queryset(self.get_queryset())
        return queryset.select_related("event__authority", "area").iterator(chunk_size=CHUNK_SIZE)

    def export_file(self, extension):
        filename = export_filename(self.export_stem, extension)
        if extension == "csv":
            return csv_response(self.export_rows(), self.export_columns, filename)
        title = self.export_stem.capitalize()
        return xlsx_response(self.export_rows(), self.export_columns, filename, title)
