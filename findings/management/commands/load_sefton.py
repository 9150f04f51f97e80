from django.core.management.base import BaseCommand
from django.template.defaultfilters import pluralize

from findings.seed import SEFTON_DATA, load_journey
from visits.models import InspectionEvent


class Command(BaseCommand):
    help = (
        "Load Sefton's 2022 inspection and its monitoring visits, with areas of concern, ratings "
        "and findings. Safe to run again: a second run changes nothing."
    )

    def handle(self, *args, **options):
        report = load_journey(SEFTON_DATA)
        if not report.changed:
            self.stdout.write("Sefton's data is already loaded: nothing changed.")
            return
        for kind, counts in (("Created", report.created), ("Updated", report.updated)):
            if counts:
                summary = ", ".join(f"{n} {name}" for name, n in counts.items())
                self.stdout.write(f"{kind}: {summary}.")
        for event in InspectionEvent.objects.filter(authority=report.authority):
            reviews, findings = event.reviews.count(), event.findings.count()
            self.stdout.write(
                f"  {event.title} ({event.fieldwork_dates}): {reviews} area{pluralize(reviews)} "
                f"reviewed, {findings} finding{pluralize(findings)}"
            )
