from django.core.management.base import BaseCommand, CommandError

from visits.national.loading import load_national_data
from visits.national.sources import DataRefused


class Command(BaseCommand):
    help = (
        "Load every English authority, its statistical neighbours and Ofsted's published outcomes: "
        "the editions shipped with the app, or newer ones given as paths. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            help="Files to load (Ofsted's outcomes .ods/.xlsx, DfE's CSV files); "
            "default: the editions shipped with the app.",
        )

    def handle(self, *args, paths, **options):
        try:
            summary = load_national_data(paths)
        except DataRefused as refusal:
            raise CommandError(f"Nothing was loaded. {refusal}") from refusal
        self.stdout.write(f"Read {', '.join(summary.files)}.")
        for line in summary.lines():
            self.stdout.write(line)
