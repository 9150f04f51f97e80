"""The forms of the import: the document to read, then the draft to review.

The review is one page of several forms: the event's facts and judgements (the same form as
"Record a visit"), the areas the document covered and its findings. `ImportReview` holds them
together: the web page binds it to the posted form, the API and the command bind it to a draft's
JSON, so every entry point validates the same way — and the rules are the models' own, asked
through sefton_tracker.govuk_forms.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory

from sefton_tracker.govuk_forms import Form, GovUKFormSetMixin, add_model_errors
from visits.forms import EventForm
from visits.models import InspectionEvent, LocalAuthority

from ..forms import FindingFields
from ..models import AreaOfConcern, Theme
from .draft import INSPECTION_REPORT, Draft
from .errors import ImportProblem
from .pdf import MAX_PDF_BYTES, check_upload
from .prepare import existing_event
from .saving import ReviewedArea, ReviewedFinding, duplicate_message, save_import

NEW_AREA = "new"
MAX_MB = MAX_PDF_BYTES // 1024 // 1024


class StartForm(Form):
    """Paste the text, or upload the PDF, of a monitoring visit letter or inspection report."""

    text = forms.CharField(
        label="Paste the text of the letter or report",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="Copy everything from the PDF, from Ofsted's address to the signature.",
    )
    file = forms.FileField(
        label="Or upload the PDF",
        required=False,
        help_text=f"The PDF as Ofsted published it, up to {MAX_MB} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    authority = forms.ModelChoiceField(
        label="Local authority",
        queryset=LocalAuthority.objects.order_by("name"),
        required=False,
        empty_label="Find it in the document",
        help_text="Only needed when the document's authority cannot be found by its name.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "govuk-file-upload"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        try:
            check_upload(upload, "The selected file")
        except ImportProblem as problem:
            raise ValidationError(str(problem)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        has_text = bool((cleaned.get("text") or "").strip())
        has_file = bool(cleaned.get("file"))
        if not has_text and not has_file and not self.has_error("file"):
            self.add_error("text", "Paste the text of the letter or report, or upload its PDF.")
        elif has_text and has_file:
            self.add_error("file", "Paste the text or upload a PDF, not both.")
        return cleaned


class ImportedEventForm(EventForm):
    """The event's facts and judgements as "Record a visit" asks for them, refusing an event
    that is already recorded."""

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        existing = existing_event(
            self.instance.authority,
            kind=kind,
            visit_number=cleaned.get("visit_number"),
            fieldwork_start=cleaned.get("fieldwork_start"),
        )
        if existing:
            field = "visit_number" if kind == InspectionEvent.Kind.MONITORING else "fieldwork_start"
            self.add_error(field, duplicate_message(existing))
        return cleaned


class AreaForm(Form):
    """One area the document covered, matched to an existing area or to be created."""

    ref = forms.IntegerField(widget=forms.HiddenInput)
    wording = forms.CharField(
        label="Wording in the document",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept as the document worded it, with the area's review at this event.",
    )
    area = forms.ChoiceField(
        label="Area of concern",
        error_messages={
            "invalid_choice": "Choose one of this authority's areas of concern, or a new area",
            "required": "Choose an area of concern, or a new area",
        },
    )
    new_title = forms.CharField(
        label="Title of the new area",
        required=False,
        max_length=AreaOfConcern._meta.get_field("title").max_length,
        help_text="Only if this is a new area: a short name the board will recognise.",
    )
    new_theme = forms.ChoiceField(
        label="Theme of the new area",
        required=False,
        choices=[("", "Choose a theme")] + list(Theme.choices),
        help_text="Only if this is a new area.",
    )
    input_widths = {"new_title": "govuk-!-width-full"}

    def __init__(self, *args, area_choices=(), authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority = authority
        self.existing = {str(area.pk): area for area in area_choices}
        self.fields["area"].choices = [(NEW_AREA, "A new area of concern")] + [
            (str(area.pk), area.title) for area in area_choices
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("area") != NEW_AREA:
            return cleaned
        if not (cleaned.get("new_title") or "").strip():
            self.add_error("new_title", "Enter a title for the new area of concern")
        if not cleaned.get("new_theme"):
            self.add_error("new_theme", "Choose a theme for the new area of concern")
        if not self.errors:
            # The model's own rules, including one title per authority.
            candidate = AreaOfConcern(
                authority=self.authority,
                title=cleaned["new_title"].strip(),
                description=(cleaned.get("wording") or "").strip(),
                theme=cleaned["new_theme"],
            )
            try:
                candidate.full_clean(exclude=["raised_by", "position"])
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    field = {"theme": "new_theme", "description": "wording"}.get(name, "new_title")
                    for message in messages:
                        self.add_error(field, message)
        return cleaned

    @property
    def chosen_area(self) -> AreaOfConcern | None:
        return self.existing.get(self.cleaned_data.get("area"))


class FindingForm(FindingFields):
    """One finding quoted from the document, with the document area it speaks to."""

    area_ref = forms.TypedChoiceField(
        label="Area it speaks to",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose one of the areas the document covered, or none"},
    )

    class Meta(FindingFields.Meta):
        fields = ["text", "polarity", "area_ref", "section", "paragraph"]

    def __init__(self, *args, area_refs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_ref"].choices = [("", "No particular area")] + list(area_refs)
        self.fields["area_ref"].widget.attrs["class"] = "govuk-select"


class _ImportFormSet(GovUKFormSetMixin, BaseFormSet):
    delete_label = "Leave this {item} out"


class _AreaFormSet(_ImportFormSet):
    item = "Area"


class _FindingFormSet(_ImportFormSet):
    item = "Finding"


AreaFormSet = formset_factory(AreaForm, formset=_AreaFormSet, extra=0, can_delete=True)
FindingFormSet = formset_factory(FindingForm, formset=_FindingFormSet, extra=0, can_delete=True)


class FormGroup:
    """Several forms seen as one formset, so one GOV.UK error summary lists all their errors
    (templates/includes/error_summary.html), each under its form's `error_label`."""

    def __init__(self, forms_, extra_errors=()):
        self._forms = list(forms_)
        self._extra = list(extra_errors)

    def __iter__(self):
        return iter(self._forms)

    def non_form_errors(self):
        return self._extra

    @property
    def total_error_count(self) -> int:
        return len(self._extra) + sum(
            len(errors) for form in self._forms for errors in form.errors.values()
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
            initial=_event_initial(draft),
            instance=InspectionEvent(authority=authority, status=InspectionEvent.Status.DRAFT),
        )
        self.area_formset = AreaFormSet(
            data,
            prefix="areas",
            initial=[_area_initial(area) for area in draft.areas],
            form_kwargs={"area_choices": self.area_choices, "authority": authority},
        )
        self.finding_formset = FindingFormSet(
            data,
            prefix="findings",
            initial=[_finding_initial(finding) for finding in draft.findings],
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
        return [(area.ref, f"{area.ref}. {_shorten(area.wording)}") for area in self.draft.areas]

    @property
    def shows_judgements(self) -> bool:
        return (
            bool(self.draft.judgements)
            or self.draft.document == INSPECTION_REPORT
            or self.event_form.show_judgements
        )

    @property
    def duplicate(self) -> InspectionEvent | None:
        event = self.draft.event
        return existing_event(
            self.authority,
            kind=event.kind,
            visit_number=event.visit_number,
            fieldwork_start=event.fieldwork_start,
        )

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

    def _kept_areas(self) -> list[AreaForm]:
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
                document_kind=self.draft.document,
            )
        except ValidationError as error:
            # An event field's message goes next to it; the rest (a duplicate, a rule only the save
            # could check) heads the page.
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


def _json_errors(form) -> dict[str, list[str]]:
    return {name: [str(m) for m in errors] for name, errors in form.errors.items()}


def _shorten(text: str, length: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def _event_initial(draft: Draft) -> dict:
    event = draft.event
    return {
        "kind": event.kind,
        "visit_number": event.visit_number,
        "fieldwork_start": event.fieldwork_start,
        "fieldwork_end": event.fieldwork_end,
        "published_on": event.published_on,
        "lead_inspector": event.lead_inspector,
        "inspectors": ", ".join(event.inspectors),
        "headline_summary": event.headline_summary,
        "source_reference": event.source_reference,
        **{j.judgement: j.grade for j in draft.judgements},
    }


def _area_initial(area) -> dict:
    return {
        "ref": area.ref,
        "wording": area.wording,
        "area": str(area.area_id) if area.area_id else NEW_AREA,
        "new_title": area.new_title,
        "new_theme": area.new_theme,
    }


def _finding_initial(finding) -> dict:
    return {
        "text": finding.text,
        "polarity": finding.polarity,
        "area_ref": finding.area_ref,
        "section": finding.section,
        "paragraph": finding.paragraph,
    }


DATE_FIELDS = ("fieldwork_start", "fieldwork_end", "published_on")


def draft_as_form_data(draft: Draft) -> dict[str, str]:
    """The POST data the review page would send for `draft`, unchanged."""
    data: dict[str, str] = {}
    for name, value in _event_initial(draft).items():
        if name in DATE_FIELDS:
            parts = (value.day, value.month, value.year) if value else ("", "", "")
            for part, number in zip(("day", "month", "year"), parts, strict=True):
                data[f"event-{name}_{part}"] = str(number)
        else:
            data[f"event-{name}"] = "" if value is None else str(value)
    for prefix, rows in (
        ("areas", [_area_initial(a) for a in draft.areas]),
        ("findings", [_finding_initial(f) for f in draft.findings]),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for index, row in enumerate(rows):
            for name, value in row.items():
                data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    return data
