"""The forms of the import: the document to read, then the draft to review.

The review is one page of several forms (the event's facts, its judgements, the areas it covered
and its findings). `ImportReview` holds them together: the web page binds it to the posted form,
the API and the command bind it to a draft's JSON, so every entry point validates the same way —
and field rules come from the models' own clean() and constraints.
"""

import datetime

from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from visits.models import InspectionEvent, Judgement, LocalAuthority

from ..models import AreaOfConcern, Finding, Theme
from .draft import INSPECTION_REPORT, Draft
from .errors import ImportProblem
from .pdf import MAX_PDF_BYTES, check_pdf
from .prepare import existing_event
from .saving import DuplicateEvent, ReviewedArea, ReviewedFinding, duplicate_message, save_import

NEW_AREA = "new"


class StartForm(forms.Form):
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
        help_text=f"The PDF as Ofsted published it, up to {MAX_PDF_BYTES // 1024 // 1024} MB.",
    )
    authority = forms.ModelChoiceField(
        label="Local authority",
        queryset=LocalAuthority.objects.order_by("name"),
        required=False,
        empty_label="Find it in the document",
        help_text="Only needed when the document's authority cannot be found by its name.",
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_PDF_BYTES:
            raise ValidationError(
                f"The selected file must be smaller than {MAX_PDF_BYTES // 1024 // 1024} MB."
            )
        data = upload.read()
        try:
            check_pdf(data, "The selected file")
        except ImportProblem as problem:
            raise ValidationError(str(problem)) from None
        upload.seek(0)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_text = bool((cleaned.get("text") or "").strip())
        has_file = cleaned.get("file") is not None
        if not has_text and not has_file and not self.has_error("file"):
            self.add_error("text", "Paste the text of the letter or report, or upload its PDF.")
        elif has_text and has_file:
            self.add_error("file", "Paste the text or upload a PDF, not both.")
        return cleaned


class DateField(forms.MultiValueField):
    """The GOV.UK date input (day, month, year), with messages that name the date."""

    widget = DateInputWidget

    def __init__(self, *, label: str, **kwargs):
        self.what = label
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, label=label, **kwargs)
        for field in self.fields:
            field.required = False

    def clean(self, value):
        parts = [str(v).strip() if v is not None else "" for v in (value or [])][:3]
        parts += [""] * (3 - len(parts))
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter the {self.what.lower()}.", code="required")
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise ValidationError(
                f"The {self.what.lower()} must include a {' and a '.join(missing)}.",
                code="incomplete",
            )
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1000:
                raise ValueError
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                f"The {self.what.lower()} must be a real date, like 25 7 2024.", code="invalid"
            ) from None

    def compress(self, data_list):  # clean() above does the work
        return data_list

    def prepare_value(self, value):
        """[day, month, year] for the template, from a date or from what was typed."""
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, list | tuple):
            return [("" if v is None else str(v)) for v in value] + [""] * (3 - len(value))
        return ["", "", ""]


class EventForm(forms.ModelForm):
    """The event's facts as read from the document."""

    fieldwork_start = DateField(label="Fieldwork start date")
    fieldwork_end = DateField(label="Fieldwork end date")
    published_on = DateField(label="Letter or publication date", required=False)

    class Meta:
        model = InspectionEvent
        fields = [
            "kind",
            "visit_number",
            "fieldwork_start",
            "fieldwork_end",
            "published_on",
            "lead_inspector",
            "inspectors",
            "headline_summary",
            "source_reference",
        ]
        widgets = {
            "headline_summary": forms.Textarea(attrs={"rows": 3}),
            "visit_number": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }

    def clean(self):
        cleaned = super().clean()
        existing = existing_event(
            self.instance.authority,
            kind=cleaned.get("kind"),
            visit_number=cleaned.get("visit_number"),
            fieldwork_start=cleaned.get("fieldwork_start"),
        )
        if existing:
            field = "visit_number" if cleaned.get("kind") == "monitoring" else "fieldwork_start"
            self.add_error(field, duplicate_message(existing))
        return cleaned


class JudgementForm(forms.Form):
    """A graded inspection's judgement table: one grade per judgement, or none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Judgement.Area.choices:
            self.fields[value] = forms.ChoiceField(
                label=label,
                choices=[("", "Not judged")] + list(Judgement.Grade.choices),
                required=False,
            )

    def grades(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class AreaForm(forms.Form):
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
            "invalid_choice": "Choose one of this authority's areas of concern, or a new area.",
            "required": "Choose an area of concern, or a new area.",
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

    def __init__(self, *args, area_choices=(), authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority = authority
        self.existing = {str(area.pk): area for area in area_choices}
        self.fields["area"].choices = [(NEW_AREA, "A new area of concern")] + [
            (str(area.pk), area.title) for area in area_choices
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("area") == NEW_AREA:
            if not (cleaned.get("new_title") or "").strip():
                self.add_error("new_title", "Enter a title for the new area of concern.")
            if not cleaned.get("new_theme"):
                self.add_error("new_theme", "Choose a theme for the new area of concern.")
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
                    _attach(self, error, {"title": "new_title", "theme": "new_theme",
                                          "description": "wording", "__all__": "new_title"})  # fmt: skip
        return cleaned

    @property
    def chosen_area(self) -> AreaOfConcern | None:
        return self.existing.get(self.cleaned_data.get("area"))


class FindingForm(forms.Form):
    """One finding quoted from the document."""

    text = forms.CharField(label="Quoted text", widget=forms.Textarea(attrs={"rows": 5}))
    polarity = forms.ChoiceField(
        label="Polarity", choices=Finding.Polarity.choices, widget=forms.RadioSelect
    )
    area = forms.TypedChoiceField(
        label="Area it speaks to",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose one of the areas the document covered, or none."},
    )
    section = forms.ChoiceField(label="Section of the letter", choices=Finding.Section.choices)
    paragraph = forms.IntegerField(
        label="Paragraph number",
        min_value=1,
        max_value=32767,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, area_refs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "No particular area")] + [
            (ref, label) for ref, label in area_refs
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            candidate = Finding(
                text=(cleaned.get("text") or "").strip(),
                polarity=cleaned.get("polarity"),
                section=cleaned.get("section"),
                paragraph=cleaned.get("paragraph"),
            )
            try:
                candidate.full_clean(exclude=["event", "area", "order"])
            except ValidationError as error:
                _attach(self, error)
        return cleaned


AreaFormSet = formset_factory(AreaForm, extra=0, can_delete=True)
FindingFormSet = formset_factory(FindingForm, extra=0, can_delete=True)


def _attach(form, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Put a model's validation errors on the form's fields (renamed where the names differ)."""
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            field = rename.get(name, name)
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class FormGroup:
    """Several forms seen as one formset, so one GOV.UK error summary lists all their errors
    (templates/includes/error_summary.html)."""

    def __init__(self, forms_, extra_errors=()):
        self._forms = list(forms_)
        self._extra = list(extra_errors)

    def __iter__(self):
        return iter(self._forms)

    def non_form_errors(self):
        return self._extra

    @property
    def total_error_count(self) -> int:
        count = len(self._extra)
        for form in self._forms:
            count += sum(len(errors) for errors in form.errors.values())
        return count


class ImportReview:
    """The draft as forms: bind it to a POST (`data`), or to a draft (see `from_draft`)."""

    def __init__(self, *, draft: Draft, authority: LocalAuthority, data=None):
        self.draft, self.authority = draft, authority
        self.area_choices = list(
            AreaOfConcern.objects.filter(authority=authority).only("id", "title", "position")
        )
        self.event_form = EventForm(
            data,
            prefix="event",
            initial=_event_initial(draft),
            instance=InspectionEvent(authority=authority, status=InspectionEvent.Status.DRAFT),
        )
        self.judgement_form = JudgementForm(
            data, prefix="judgements", initial={j.judgement: j.grade for j in draft.judgements}
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
        self.problems: list[str] = []  # errors that belong to no single field
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
        return bool(self.draft.judgements) or self.draft.document == INSPECTION_REPORT

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
            [self.event_form, self.judgement_form, *self.area_formset, *self.finding_formset],
            extra_errors=list(self.area_formset.non_form_errors())
            + list(self.finding_formset.non_form_errors())
            + self.problems,
        )

    def is_valid(self) -> bool:
        valid = all(
            [
                self.event_form.is_valid(),
                self.judgement_form.is_valid(),
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
                    form.add_error("new_title", f"Area {titles[title]} has the same title: "
                                                "give each new area its own title.")  # fmt: skip
                    ok = False
                titles.setdefault(title, ref)
            else:
                if choice in chosen:
                    form.add_error(
                        "area",
                        f"Area {chosen[choice]} is already matched to this area of concern: "
                        "an event reviews each area once.",
                    )
                    ok = False
                chosen.setdefault(choice, ref)
        kept_refs = {form.cleaned_data["ref"] for form in self._kept_areas()}
        for form in self.finding_formset:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            ref = form.cleaned_data.get("area")
            if ref is not None and ref not in kept_refs:
                form.add_error(
                    "area",
                    f"Area {ref} is being left out: choose another area for this finding, or none.",
                )
                ok = False
        if self.event_form.is_valid() and self.judgement_form.is_valid():
            grades = {k: v for k, v in self.judgement_form.grades().items() if v}
            kind = self.event_form.cleaned_data["kind"]
            if grades and kind not in InspectionEvent.GRADED_KINDS:
                self.judgement_form.add_error(
                    None,
                    "Only graded inspections (standard or short ILACS) have judgements: "
                    "change the kind of event or set every judgement to 'Not judged'.",
                )
                ok = False
        return ok

    def save(self) -> InspectionEvent | None:
        """Validate and save in one transaction; None (with errors on the forms) if refused."""
        if not self.is_valid():
            return None
        event = self.event_form.save(commit=False)
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
                area_ref=form.cleaned_data.get("area"),
            )
            for form in self.finding_formset
            if not form.cleaned_data.get("DELETE")
        ]
        try:
            self.saved_event = save_import(
                event=event,
                judgements=self.judgement_form.grades(),
                areas=areas,
                findings=findings,
                document_kind=self.draft.document,
            )
        except DuplicateEvent as error:
            self.event_form.add_error(None, error.message)
            return None
        except ValidationError as error:
            # A rule only the save could check (the database's, or another officer's change).
            self.problems.extend(error.messages)
            return None
        return self.saved_event

    def error_messages(self) -> list[str]:
        """Every error, each prefixed with where it is: for the command line."""
        found = [str(e) for e in self.forms.non_form_errors()]
        named = [("Event", self.event_form), ("Judgements", self.judgement_form)]
        named += [(f"Area {n}", form) for n, form in enumerate(self.area_formset, start=1)]
        named += [(f"Finding {n}", form) for n, form in enumerate(self.finding_formset, start=1)]
        for where, form in named:
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                found += [f"{where}{f', {label.lower()}' if label else ''}: {e}" for e in errors]
        return found

    def errors_as_json(self) -> dict:
        return {
            "event": _json_errors(self.event_form),
            "judgements": _json_errors(self.judgement_form),
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
        "area": finding.area_ref,
        "section": finding.section,
        "paragraph": finding.paragraph,
    }


def draft_as_form_data(draft: Draft) -> dict[str, str]:
    """The POST data the review page would send for `draft`, unchanged."""
    data: dict[str, str] = {}
    for name, value in _event_initial(draft).items():
        key = f"event-{name}"
        if isinstance(value, datetime.date) or name in (
            "fieldwork_start",
            "fieldwork_end",
            "published_on",
        ):
            parts = (value.day, value.month, value.year) if value else ("", "", "")
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = str(part)
        else:
            data[key] = "" if value is None else str(value)
    for judgement in draft.judgements:
        data[f"judgements-{judgement.judgement}"] = judgement.grade
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
