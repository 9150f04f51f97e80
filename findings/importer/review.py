"""The review of an imported draft: its forms together (`ImportReview`), validated as one and
saved in one transaction. The web page binds it to the posted form; the API and the command bind
it to a draft's JSON (`from_draft`), so every entry point validates the same way, and the rules
are the models' own, asked through sefton_tracker.core.govuk_forms."""

from functools import cached_property

from django.core.exceptions import ValidationError

from sefton_tracker.core.govuk_forms import FormGroup, add_model_errors
from visits.models import InspectionEvent, Judgement, LocalAuthority

from ..models import AreaOfConcern, Finding
from .forms import (
    NEW_AREA,
    AreaFormSet,
    FindingFormSet,
    ImportedAreaForm,
    ImportedEventForm,
    area_initial,
    draft_as_form_data,
    event_initial,
    finding_initial,
)
from .parsing.confidence import Check, proposal_count, proposals_to_check
from .parsing.draft import INSPECTION_REPORT, Draft
from .services import (
    ReviewedArea,
    ReviewedFinding,
    duplicate_of,
    save_import,
)


class ImportReview:
    """The draft as forms: bind it to a POST (`data`), or to a draft (see `from_draft`)."""

    def __init__(self, *, draft: Draft, authority: LocalAuthority, data=None):
        self.draft, self.authority = draft, authority
        self.area_choices = list(
            AreaOfConcern.objects.filter(authority=authority).only("id", "title", "position")
        )
        self.event_form = ImportedEventForm(
            data,
            prefix="event",
            initial=event_initial(draft),
            instance=InspectionEvent(authority=authority, status=InspectionEvent.Status.DRAFT),
        )
        self.area_formset = AreaFormSet(
            data,
            prefix="areas",
            initial=[area_initial(area) for area in draft.areas],
            form_kwargs={"area_choices": self.area_choices, "authority": authority},
        )
        self.finding_formset = FindingFormSet(
            data,
            prefix="findings",
            initial=[finding_initial(finding) for finding in draft.findings],
            form_kwargs={"area_refs": self.area_refs},
        )
        # What the import proposed, beside each form (match scores, where a finding sits).
        for form, area in zip(self.area_formset, draft.areas, strict=False):
            form.draft_area = area
        for form, finding in zip(self.finding_formset, draft.findings, strict=False):
            form.draft_finding = finding
        self.saved_event: InspectionEvent | None = None

    @classmethod
    def from_draft(cls, draft: Draft, authority: LocalAuthority) -> "ImportReview":
        """Bound to the draft's own values, as if an officer had submitted it unchanged."""
        return cls(draft=draft, authority=authority, data=draft_as_form_data(draft))

    @property
    def area_refs(self) -> list[tuple[int, str]]:
        return [
            (area.ref, f"Area {area.ref}: {_shorten(area.wording)}") for area in self.draft.areas
        ]

    # What the page shows for checking: the proposals the import is unsure of, marked on their
    # forms (`form.check`), and the event's facts as a summary.

    @cached_property
    def checks(self) -> list[Check]:
        """The areas and findings with proposals the import is unsure of, in the page's order."""
        return proposals_to_check(self.draft)

    @property
    def proposal_count(self) -> int:
        return proposal_count(self.draft)

    @property
    def unsure_count(self) -> int:
        """How many proposals the import is unsure of (a finding may have two)."""
        return sum(len(check.about) for check in self.checks)

    @property
    def area_forms(self) -> list[ImportedAreaForm]:
        """The areas' forms, each with its `check` (None when the import is sure of it)."""
        return self._marked(self.area_formset, "area")

    @property
    def finding_forms(self) -> list:
        """The findings' forms, each with its `check` (None when the import is sure of them)."""
        return self._marked(self.finding_formset, "finding")

    def _marked(self, formset, kind: str) -> list:
        mine = {check.index: check for check in self.checks if check.kind == kind}
        for index, form in enumerate(formset):
            form.check = mine.get(index)
        return list(formset)

    @property
    def finding_sections(self) -> list[tuple[str, str]]:
        """The letter's sections that have findings, as (value, label), in the letter's order."""
        present = {finding.section for finding in self.draft.findings}
        return [(value, label) for value, label in Finding.Section.choices if value in present]

    @property
    def proposed_event(self) -> InspectionEvent | None:
        """The event as the review stands, for a summary: the draft's, or once sent, the one sent;
        None when what was sent has errors (the page then shows the event's fields)."""
        form = self.event_form
        if form.is_bound:
            return None if form.errors else form.instance
        values = event_initial(self.draft)
        return InspectionEvent(
            authority=self.authority,
            **{name: values[name] for name in _EVENT_FACTS},
        )

    @property
    def judgement_rows(self) -> list[tuple[str, str]]:
        """Each judgement given and its grade, as the review stands."""
        form = self.event_form
        grades = (
            form.judgements
            if form.is_bound and hasattr(form, "cleaned_data")
            else {j.judgement: j.grade for j in self.draft.judgements}
        )
        return [
            (label, Judgement.Grade(grades[value]).label)
            for value, label in Judgement.Name.choices
            if grades.get(value)
        ]

    @property
    def shows_judgements(self) -> bool:
        return (
            bool(self.draft.judgements)
            or self.draft.document == INSPECTION_REPORT
            or self.event_form.show_judgements
        )

    @property
    def duplicate(self) -> InspectionEvent | None:
        """The event already recorded for what is being imported: once the review has been sent,
        for the event as the officer sent it; before, for the draft's."""
        if self.event_form.is_bound and hasattr(self.event_form, "cleaned_data"):
            return self.event_form.duplicate
        return duplicate_of(self.draft.event, self.authority)

    @property
    def forms(self) -> FormGroup:
        return FormGroup(
            [self.event_form, *self.area_formset, *self.finding_formset],
            extra_errors=list(self.area_formset.non_form_errors())
            + list(self.finding_formset.non_form_errors()),
        )

    def is_valid(self) -> bool:
        valid = all(
            [
                self.event_form.is_valid(),
                self.area_formset.is_valid(),
                self.finding_formset.is_valid(),
            ]
        )
        return self._check_across_forms() and valid

    def _kept_areas(self) -> list[ImportedAreaForm]:
        return [
            form
            for form in self.area_formset
            if form.is_valid() and not form.cleaned_data.get("DELETE")
        ]

    def _check_across_forms(self) -> bool:
        ok = True
        chosen: dict[str, int] = {}
        titles: dict[str, int] = {}
        for form in self._kept_areas():
            choice, ref = form.cleaned_data["area"], form.cleaned_data["ref"]
            if choice == NEW_AREA:
                title = form.cleaned_data["new_title"].strip().lower()
                if title in titles:
                    form.add_error(
                        "new_title",
                        f"Area {titles[title]} has the same title: give each new area its own",
                    )
                    ok = False
                titles.setdefault(title, ref)
            else:
                if choice in chosen:
                    form.add_error(
                        "area",
                        f"Area {chosen[choice]} is already matched to this area of concern: "
                        "an event reviews each area once",
                    )
                    ok = False
                chosen.setdefault(choice, ref)
        kept_refs = {form.cleaned_data["ref"] for form in self._kept_areas()}
        for form in self.finding_formset:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            ref = form.cleaned_data.get("area_ref")
            if ref is not None and ref not in kept_refs:
                form.add_error(
                    "area_ref",
                    f"Area {ref} is being left out: choose another area for this finding, or none",
                )
                ok = False
        return ok

    def save(self) -> InspectionEvent | None:
        """Validate and save in one transaction; None (with errors on the forms) if refused."""
        if not self.is_valid():
            return None
        event = self.event_form.instance
        areas = [
            ReviewedArea(
                ref=form.cleaned_data["ref"],
                wording=form.cleaned_data["wording"],
                area=form.chosen_area,
                new_title=form.cleaned_data.get("new_title") or "",
                new_theme=form.cleaned_data.get("new_theme") or "",
            )
            for form in self._kept_areas()
        ]
        findings = [
            ReviewedFinding(
                text=form.cleaned_data["text"],
                polarity=form.cleaned_data["polarity"],
                section=form.cleaned_data["section"],
                paragraph=form.cleaned_data.get("paragraph"),
                area_ref=form.cleaned_data.get("area_ref"),
            )
            for form in self.finding_formset
            if not form.cleaned_data.get("DELETE")
        ]
        try:
            self.saved_event = save_import(
                event=event,
                judgements=self.event_form.judgements,
                areas=areas,
                findings=findings,
            )
        except ValidationError as error:
            existing = duplicate_of(event, event.authority) if _is_duplicate(error) else None
            if existing:
                # Recorded meanwhile, since the form checked: refused as the form refuses one.
                self.event_form.refuse_duplicate(existing)
            else:
                # An event field's message goes next to it; the rest (a rule only the save could
                # check) heads the page.
                add_model_errors(self.event_form, error)
            return None
        return self.saved_event

    def error_messages(self) -> list[str]:
        """Every error, each prefixed with where it is: for the command line."""
        found = [str(e) for e in self.forms.non_form_errors()]
        for form in self.forms:
            where = getattr(form, "error_label", "") or "Event"
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                found += [f"{where}{f', {label.lower()}' if label else ''}: {e}" for e in errors]
        return found

    def errors_as_json(self) -> dict:
        return {
            "event": _json_errors(self.event_form),
            "areas": [_json_errors(form) for form in self.area_formset],
            "findings": [_json_errors(form) for form in self.finding_formset],
            "non_field_errors": [str(e) for e in self.forms.non_form_errors()],
        }


_EVENT_FACTS = (
    "kind",
    "visit_number",
    "fieldwork_start",
    "fieldwork_end",
    "published_on",
    "lead_inspector",
    "inspectors",
    "headline_summary",
    "source_reference",
)


def _is_duplicate(error: ValidationError) -> bool:
    return not hasattr(error, "error_dict") and any(e.code == "duplicate" for e in error.error_list)


def _json_errors(form) -> dict[str, list[str]]:
    return {name: [str(m) for m in errors] for name, errors in form.errors.items()}


def _shorten(text: str, length: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
