"""The forms of the import: the document to read, then the draft's parts to review (the event's
facts and judgements, each area the document covered, each finding), and a draft as the data
those forms take. `review.ImportReview` puts the review's forms together."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory

from sefton_tracker.core.govuk_forms import Form, GovUKFormSetMixin
from visits.forms import EventForm
from visits.models import InspectionEvent, LocalAuthority
from visits.scope import scoped_authorities

from ..forms import FindingFields
from ..models import AreaOfConcern, Theme
from .parsing.draft import Draft
from .parsing.errors import ImportProblem
from .parsing.pdf import MAX_PDF_BYTES, check_upload
from .services import duplicate_message, existing_event

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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "govuk-file-upload"
        # Only the authorities the user records for (visits.scope).
        self.fields["authority"].queryset = scoped_authorities(user)

    @classmethod
    def after_failed_reading(cls, job) -> "StartForm":
        """The form again, as it was sent (a file cannot be sent back), with why the document
        could not be read against the field it concerns."""
        form = cls(
            {"text": job.text, "authority": job.chosen_authority_id or ""}, user=job.requested_by
        )
        form.full_clean()
        form.errors.clear()  # only the reading's own error: the form was valid when sent
        form.add_error(job.error_field or None, job.error)
        return form

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
    that is already recorded (`duplicate`)."""

    duplicate: InspectionEvent | None = None
    # The one rule of the database over the event's authority, one visit number per authority, is
    # the duplicate check's, in its own words (see ServiceModelForm).
    constraints_with_view_fields = False

    def _post_clean(self):
        # After the model's own rules have seen every field: the duplicate's error drops the field
        # it is put on from cleaned_data, and the model would then say that field is missing
        # ("Enter the monitoring visit number") when it is not.
        super()._post_clean()
        cleaned = self.cleaned_data
        existing = existing_event(
            self.instance.authority,
            kind=cleaned.get("kind"),
            visit_number=cleaned.get("visit_number"),
            fieldwork_start=cleaned.get("fieldwork_start"),
        )
        if existing:
            self.refuse_duplicate(existing)

    def refuse_duplicate(self, existing: InspectionEvent) -> None:
        """Refuse the event as a duplicate of `existing`, against the field that identifies it:
        a monitoring visit's number, or another event's first day of fieldwork."""
        self.duplicate = existing
        kind = self.cleaned_data.get("kind") or self.instance.kind
        field = "visit_number" if kind == InspectionEvent.Kind.MONITORING else "fieldwork_start"
        self.add_error(field, ValidationError(duplicate_message(existing), code="duplicate"))


class ImportedAreaForm(Form):
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

    new_area_choice = NEW_AREA

    @property
    def proposes_new_area(self) -> bool:
        """Whether the area is, as the page is drawn, a new one: only then are its title and theme
        asked for (revealed by that choice); otherwise they are not read."""
        return str(self["area"].value()) == NEW_AREA


class ImportedFindingForm(FindingFields):
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

    @property
    def area_label(self) -> str:
        """The area the finding speaks to as the page is drawn, as its choice reads."""
        value = self["area_ref"].value()
        labels = {str(ref): label for ref, label in self.fields["area_ref"].choices}
        return labels.get("" if value is None else str(value), labels[""])


class _ImportFormSet(GovUKFormSetMixin, BaseFormSet):
    delete_label = "Leave this {item} out"


class _AreaFormSet(_ImportFormSet):
    item = "Area"


class _FindingFormSet(_ImportFormSet):
    item = "Finding"


AreaFormSet = formset_factory(ImportedAreaForm, formset=_AreaFormSet, extra=0, can_delete=True)
FindingFormSet = formset_factory(
    ImportedFindingForm, formset=_FindingFormSet, extra=0, can_delete=True
)


def event_initial(draft: Draft) -> dict:
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


def area_initial(area) -> dict:
    return {
        "ref": area.ref,
        "wording": area.wording,
        "area": str(area.area_id) if area.area_id else NEW_AREA,
        "new_title": area.new_title,
        "new_theme": area.new_theme,
    }


def finding_initial(finding) -> dict:
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
    for name, value in event_initial(draft).items():
        if name in DATE_FIELDS:
            parts = (value.day, value.month, value.year) if value else ("", "", "")
            for part, number in zip(("day", "month", "year"), parts, strict=True):
                data[f"event-{name}_{part}"] = str(number)
        else:
            data[f"event-{name}"] = "" if value is None else str(value)
    for prefix, rows in (
        ("areas", [area_initial(a) for a in draft.areas]),
        ("findings", [finding_initial(f) for f in draft.findings]),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for index, row in enumerate(rows):
            for name, value in row.items():
                data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    return data
