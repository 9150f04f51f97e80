"""Forms for inspection events. They check what was typed; the rules are the models' (see
sefton_tracker.core.govuk_forms and visits.services)."""

from django import forms

from sefton_tracker.core.display import NO_CHILD_DETAILS
from sefton_tracker.core.govuk_forms import (
    DateField,
    Form,
    ServiceModelForm,
    VersionField,
    Versions,
)

from .models import InspectionEvent, Judgement, judgement_problems
from .services import RETURN_REASON_NEEDED

GRADE_CHOICES = [("", "Not judged")] + list(Judgement.Grade.choices)


class EventForm(ServiceModelForm):
    """The facts of an event and, for a graded inspection, its judgement table."""

    fieldwork_start = DateField(
        label="Fieldwork start",
        help_text="For example, 25 6 2024",
        required_message="Enter the date fieldwork started",
    )
    fieldwork_end = DateField(
        label="Fieldwork end",
        help_text="For example, 26 6 2024. The same as the start for a one-day visit.",
        required_message="Enter the date fieldwork ended",
    )
    published_on = DateField(
        label="Letter or publication date",
        help_text="The date on Ofsted's letter or report. Leave blank if it is not yet known.",
        required=False,
    )
    version = VersionField()

    input_widths = {
        "visit_number": "govuk-input--width-3",
        "lead_inspector": "govuk-!-width-two-thirds",
        "inspectors": "govuk-!-width-full",
        "source_reference": "govuk-!-width-full",
    }

    class Meta:
        model = InspectionEvent
        fields = [
            "kind",
            "visit_number",
            "fieldwork_start",
            "fieldwork_end",
            "published_on",
            "inspectors",
            "lead_inspector",
            "source_reference",
            "headline_summary",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "visit_number": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        }
        labels = {
            "kind": "What kind of event is it?",
            "visit_number": "Monitoring visit number",
            "inspectors": "Inspectors",
            "lead_inspector": "Lead inspector",
            "source_reference": "Source",
            "headline_summary": "Summary",
        }
        help_texts = {
            "visit_number": "For monitoring visits only: for example, 7 for the seventh visit.",
            "inspectors": "All inspectors' names as the letter gives them, separated by commas.",
            "lead_inspector": "Leave blank if the letter does not say.",
            "source_reference": "The letter or report this record is taken from, "
            "for example “Ofsted monitoring visit letter, 25 July 2024”.",
            "headline_summary": "Optional. A short summary in Ofsted's words. " + NO_CHILD_DETAILS,
        }
        error_messages = {
            "kind": {"required": "Select what kind of event it is"},
            "visit_number": {"invalid": "Enter the visit number as a number, like 6"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = InspectionEvent.Kind.choices  # no blank radio
        grades = (
            {j.judgement: j.grade for j in self.instance.judgements.all()}
            if self.instance.pk
            else {}
        )
        for value, label in Judgement.Name.choices:
            self.fields[value] = forms.ChoiceField(
                label=label, choices=GRADE_CHOICES, required=False, initial=grades.get(value, "")
            )
            self.fields[value].widget.attrs["class"] = "govuk-select"

    @property
    def judgement_fields(self):
        return [self[value] for value in Judgement.Name.values]

    @property
    def show_judgements(self) -> bool:
        """Open the judgements section for a graded inspection, or when a judgement is given or
        in error (so that the error summary's link leads somewhere visible)."""
        kind = self["kind"].value()
        return kind in InspectionEvent.GRADED_KINDS or any(
            field.value() or field.errors for field in self.judgement_fields
        )

    @property
    def judgements(self) -> dict[str, str]:
        return {value: self.cleaned_data.get(value, "") for value in Judgement.Name.values}

    def conflicting_values(self, stale):
        """The event's fields, and its judgements: saved with the event, they move its version on,
        so a refused save knows them as they were at the version the page showed."""
        values = super().conflicting_values(stale)
        if stale.loaded is None or not self.is_bound or not hasattr(self, "cleaned_data"):
            return values
        later = stale.current.history.filter(version__gt=stale.expected_version)
        after = later.order_by("history_date").values_list("history_date", flat=True).first()
        loaded: dict[str, str] = {}
        if after is not None:
            records = Judgement.history.filter(event_id=stale.current.pk, history_date__lt=after)
            for record in records.order_by("history_date", "history_id"):
                loaded[record.judgement] = "" if record.history_type == "-" else record.grade
        current = dict(
            Judgement.objects.filter(event_id=stale.current.pk).values_list("judgement", "grade")
        )
        for name in Judgement.Name.values:
            values[name] = Versions(
                loaded=loaded.get(name, ""),
                current=current.get(name, ""),
                yours=self.cleaned_data.get(name, ""),
            )
        return values

    def clean(self):
        cleaned = super().clean()
        # The judgement table's own rules, beside the judgements they concern, with every other
        # problem at once (the service checks them again when it saves).
        for name, message in judgement_problems(cleaned.get("kind") or "", self.judgements).items():
            self.add_error(name, message)
        return cleaned


class VersionForm(Form):
    """A confirmation (publish, delete): carries the version the person confirming has seen."""

    version = VersionField()

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["version"].initial = instance.version


class ReturnToDraftForm(VersionForm):
    """Returning a published event to draft: the reason, recorded in the event's history."""

    reason = forms.CharField(
        label="Why is it being returned to draft?",
        help_text="For example, Ofsted reissued the letter with a correction. The reason is kept "
        "in the event's history. " + NO_CHILD_DETAILS,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": RETURN_REASON_NEEDED,
            "max_length": "The reason must be 1,000 characters or fewer",
        },
    )
