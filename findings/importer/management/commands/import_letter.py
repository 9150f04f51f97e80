"""`manage.py import_letter`: read Ofsted letters and reports into drafts, one or a council's whole
history at once, and save them as draft events when asked."""

import datetime
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from findings.importer.parsing.confidence import proposal_count, proposals_to_check
from findings.importer.parsing.documents import parse_document
from findings.importer.parsing.errors import ImportProblem
from findings.importer.review import ImportReview
from findings.importer.services import (
    DocumentRefused,
    Prepared,
    document_text,
    duplicate_of,
    read_document,
)
from visits.models import InspectionEvent, LocalAuthority

logger = logging.getLogger(__name__)

SUFFIXES = (".pdf", ".txt")  # what a folder's documents are; anything else in it is left alone

# What became of each document, in the summary.
IMPORTED, READY, RECORDED, REFUSED = (
    "imported",
    "ready to import",
    "already recorded",
    "refused",
)


@dataclass
class Outcome:
    name: str  # the document, as the summary names it
    result: str  # IMPORTED, READY, RECORDED or REFUSED
    details: str
    to_check: str = ""  # how many of its proposals the import is unsure of


class Command(BaseCommand):
    help = (
        "Read Ofsted letters and inspection reports (PDF or text files, or folders of them, "
        "read with their subfolders) into draft events: dates, inspectors, judgements, the areas "
        "covered matched to the authority's areas of concern, and each finding with its polarity "
        "and area, each proposal with how sure the import is of it. One file: the draft is printed "
        "as JSON, and what to check on stderr. Several, or a folder: a progress bar, then a table "
        "of what became of each document (imported, already recorded, or refused and why), read "
        "in date order so that visits find the areas their inspection raised. Nothing is saved "
        "unless --save is given; with it each document is saved whole or not at all, as if an "
        "officer had reviewed its draft unchanged, as a draft event (status 'draft'): check each "
        "on its page and publish it from there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="path",
            help="A letter or report (.pdf or a text file), or a folder of them.",
        )
        parser.add_argument(
            "--authority-ons-code",
            help="The local authority's ONS code (e.g. E08000014), when the documents' own name "
            "for the authority is not enough to find it.",
        )
        parser.add_argument(
            "--save",
            action="store_true",
            help="Save each draft as a draft event (status 'draft'), with its new areas of "
            "concern, reviews and findings, in one transaction each.",
        )

    def handle(self, *args, paths, authority_ons_code, save, **options):
        authority = None
        if authority_ons_code:
            authority = LocalAuthority.objects.filter(ons_code=authority_ons_code).first()
            if authority is None:
                raise CommandError(f"No local authority has the ONS code {authority_ons_code!r}.")
        documents = find_documents(paths)
        if len(paths) == 1 and Path(paths[0]).is_file():
            self.import_one(documents[0][0], authority, save)
        else:
            self.import_many(documents, authority, save)

    # One document: its draft as JSON.

    def import_one(self, file: Path, authority, save: bool) -> None:
        try:
            upload = ContentFile(file.read_bytes(), name=file.name)
            prepared = read_document(upload=upload, authority=authority)
        except DocumentRefused as refused:
            raise CommandError(str(refused)) from None
        draft = prepared.draft
        self.stdout.write(json.dumps(draft.to_dict(), indent=2, ensure_ascii=False))
        checks = proposals_to_check(draft)
        if checks:
            self.stderr.write(f"{to_check(prepared)}:")
            for check in checks:
                for about, reason in check.items:
                    self.stderr.write(
                        f"  {check.kind.capitalize()} {check.number}, {about}: {reason}"
                    )
        if not save:
            return
        review = ImportReview.from_draft(draft, prepared.authority)
        event = review.save()
        if event is None:
            raise CommandError("The draft was not saved:\n" + "\n".join(review.error_messages()))
        self.stderr.write(
            self.style.SUCCESS(f"Saved {named(prepared.authority, event)} {saved_as(event)}.")
        )

    # Many documents: a progress bar and a summary.

    def import_many(self, documents: list[tuple[Path, str]], authority, save: bool) -> None:
        outcomes: list[Outcome] = []
        readable: list[tuple[datetime.date, str, str]] = []  # (when, name, text)
        with progress_bar(self.stderr) as progress:
            reading = progress.add_task("Reading", total=len(documents), name="")
            for file, name in documents:
                progress.update(reading, name=name)
                try:
                    text = document_text(file.read_bytes(), file.name)
                    event = parse_document(text).event
                except ImportProblem as problem:
                    outcomes.append(Outcome(name, REFUSED, str(problem)))
                else:
                    when = event.fieldwork_start or event.published_on or datetime.date.max
                    readable.append((when, name, text))
                progress.advance(reading)
            # Oldest first, so that a visit finds the areas its inspection raised.
            readable.sort(key=lambda item: (item[0], item[1]))
            importing = progress.add_task(
                "Importing" if save else "Matching", total=len(readable), name=""
            )
            seen: dict[tuple, str] = {}
            for _, name, text in readable:
                progress.update(importing, name=name)
                outcomes.append(self.import_text(name, text, authority, save, seen))
                progress.advance(importing)
        self.summarise(sorted(outcomes, key=lambda o: order_of(o, readable)), save)

    def import_text(self, name, text, authority, save, seen) -> Outcome:
        try:
            prepared = read_document(text=text, authority=authority)
            existing = duplicate_of(prepared.draft.event, prepared.authority)
            if existing is not None:
                return Outcome(name, RECORDED, recorded(existing))
            key = event_key(prepared)
            if key is not None and key in seen:
                return Outcome(name, RECORDED, f"the same event as {seen[key]}")
            if key is not None:
                seen[key] = name
            checking = to_check(prepared)
            if not save:
                return Outcome(name, READY, described(prepared), checking)
            review = ImportReview.from_draft(prepared.draft, prepared.authority)
            event = review.save()
            if event is None:
                if review.duplicate is not None:
                    return Outcome(name, RECORDED, recorded(review.duplicate))
                return Outcome(name, REFUSED, " ".join(review.error_messages()))
            details = f"{named(prepared.authority, event)} imported {saved_as(event)}"
            return Outcome(name, IMPORTED, details, checking)
        except DocumentRefused as refused:
            return Outcome(name, REFUSED, str(refused))
        except Exception as error:  # one document's failure must not stop the others
            logger.exception("Importing %s failed", name)
            return Outcome(name, REFUSED, f"it could not be imported: {error}")

    def summarise(self, outcomes: list[Outcome], save: bool) -> None:
        rows = [("Document", "Result", "To check", "Details")] + [
            (o.name, o.result, o.to_check, o.details) for o in outcomes
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for number, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in [*widths, 7]))
        counts = {
            result: sum(o.result == result for o in outcomes)
            for result in (IMPORTED if save else READY, RECORDED, REFUSED)
        }
        self.stdout.write(", ".join(f"{n} {result}" for result, n in counts.items()) + ".")
        if counts[REFUSED]:
            raise CommandError(
                f"{counts[REFUSED]} of {len(outcomes)} documents were refused: see the table."
            )


def find_documents(paths: list[str]) -> list[tuple[Path, str]]:
    """Each document to import, with the name the summary gives it: a file given as itself, a
    folder's .pdf and .txt files (in its subfolders too) by their path within it."""
    documents = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            documents.append((path, path.name))
        elif path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not found:
                raise CommandError(f"{given}: the folder holds no .pdf or .txt files to import.")
            documents += [(p, p.relative_to(path).as_posix()) for p in found]
        else:
            raise CommandError(f"{given}: no such file or folder.")
    return documents


def progress_bar(stream) -> Progress:
    """A progress bar on the terminal (nothing when the output is not one)."""
    console = Console(file=getattr(stream, "_out", sys.stderr))
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[name]}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def event_key(prepared: Prepared) -> tuple | None:
    """What identifies the event a draft describes, as services.existing_event looks for it."""
    facts = prepared.draft.event
    if facts.kind == InspectionEvent.Kind.MONITORING and facts.visit_number:
        return (prepared.authority.pk, facts.kind, facts.visit_number)
    if facts.fieldwork_start:
        return (prepared.authority.pk, facts.kind, facts.fieldwork_start)
    return None


def order_of(outcome: Outcome, readable) -> tuple:
    """Documents refused unread last, in their folder's order; the rest in date order."""
    names = [name for _, name, _ in readable]
    return (0, names.index(outcome.name)) if outcome.name in names else (1, 0)


def to_check(prepared: Prepared) -> str:
    draft = prepared.draft
    unsure = sum(len(check.about) for check in proposals_to_check(draft))
    return f"{unsure} of {proposal_count(draft)} proposals to check"


def described(prepared: Prepared) -> str:
    facts = prepared.draft.event
    event = InspectionEvent(
        authority=prepared.authority,
        kind=facts.kind,
        visit_number=facts.visit_number,
        fieldwork_start=facts.fieldwork_start,
        fieldwork_end=facts.fieldwork_end,
    )
    return (
        f"{named(prepared.authority, event)}: {len(prepared.draft.areas)} areas, "
        f"{len(prepared.draft.findings)} findings"
    )


def recorded(existing: InspectionEvent) -> str:
    return f"{named(existing.authority, existing)} is recorded already, id {existing.pk}"


def named(authority: LocalAuthority, event: InspectionEvent) -> str:
    return f"{authority}'s {event.title_in_sentence} ({event.fieldwork_dates})"


def saved_as(event: InspectionEvent) -> str:
    return (
        f"as a draft, id {event.pk}: {event.reviews.count()} areas reviewed, "
        f"{event.findings.count()} findings"
    )
