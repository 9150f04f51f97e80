"""A filtered list as CSV and XLSX downloads: a viewset's `export_csv` and `export_xlsx` actions
and their schema documentation."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema

from ..exports import (
    CHUNK_SIZE,
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_response,
    export_filename,
    xlsx_response,
)


def export_docs(plural, columns):
    """The schema of a filtered list's CSV and XLSX downloads, for `export_csv` and `export_xlsx`."""
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
    that api_urls gives them; `export_related` names the relations the columns read."""

    export_stem: str
    export_columns: list
    export_related: tuple[str, ...] = ()

    def export_rows(self):
        queryset = self.filter_queryset(self.get_queryset())
        if self.export_related:
            queryset = queryset.select_related(*self.export_related)
        return queryset.iterator(chunk_size=CHUNK_SIZE)

    def export_file(self, extension):
        filename = export_filename(self.export_stem, extension)
        if extension == "csv":
            return csv_response(self.export_rows(), self.export_columns, filename)
        title = self.export_stem.capitalize()
        return xlsx_response(self.export_rows(), self.export_columns, filename, title)
