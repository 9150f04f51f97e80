import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError

from findings.importer.review import ImportReview
from findings.importer.services import DocumentRefused, read_document
from visits.models import LocalAuthority


class Command(BaseCommand):
    help = (
        "Read an Ofsted monitoring visit letter or ILACS inspection report (a PDF or a text file) "
        "and print the draft event as JSON: its dates, inspectors, judgements, the areas it "
        "covered matched to the authority's areas of concern, and its findings with polarity "
        "and area. Nothing is saved unless --save is given. With --save the draft is saved as it "
        "stands, as if an officer had reviewed it unchanged: the event is saved with status "
        "'draft' (not published), so check it on its page and publish it from there."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The letter or report: a .pdf file or a text file.")
        parser.add_argument(
            "--authority-ons-code",
            help="The local authority's ONS code (e.g. E08000014), when the document's own name "
            "for the authority is not enough to find it.",
        )
        parser.add_argument(
            "--save",
            action="store_true",
            help="Save the draft as a draft event (status 'draft'), with its new areas of "
            "concern, reviews and findings, in one transaction.",
        )

    def handle(self, *args, path, authority_ons_code, save, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file.")
        authority = None
        if authority_ons_code:
            authority = LocalAuthority.objects.filter(ons_code=authority_ons_code).first()
            if authority is None:
                raise CommandError(f"No local authority has the ONS code {authority_ons_code!r}.")
        try:
            upload = ContentFile(file.read_bytes(), name=file.name)
            prepared = read_document(upload=upload, authority=authority)
        except DocumentRefused as refused:
            raise CommandError(str(refused)) from None

        self.stdout.write(json.dumps(prepared.draft.to_dict(), indent=2, ensure_ascii=False))
        if not save:
            return
        review = ImportReview.from_draft(prepared.draft, prepared.authority)
        event = review.save()
        if event is None:
            raise CommandError("The draft was not saved:\n" + "\n".join(review.error_messages()))
        self.stderr.write(
            self.style.SUCCESS(
                f"Saved {prepared.authority}'s {event.title_in_sentence} ({event.fieldwork_dates}) as a "
                f"draft, id {event.pk}: {event.reviews.count()} areas reviewed, "
                f"{event.findings.count()} findings."
            )
        )
