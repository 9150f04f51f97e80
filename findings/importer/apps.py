from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """Reading Ofsted's documents into draft events: its own app for its command and pages."""

    name = "findings.importer"
    label = "importer"
    verbose_name = "Import of Ofsted documents"
