"""Forms for the plan's pages: the board's filters, recording (and correcting) a progress update
with its evidence, and an action's impact measures. They check what was typed; the rules are the
models' and plan.evidence's, run again by plan.services when they save."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from sefton_tracker.core.display import NO_CHILD_DETAILS
from sefton_tracker.core.govuk_forms import DateField, Form, ServiceModelForm, VersionField

from ..indicators.selectors import indicators_for
from ..models import ImprovementAction, LeadRAG
from .evidence import BY_EXTENSION, check_evidence
from .models import ImpactMeasure, ProgressUpdate

LEAD_RAG_TAGS = {rag.value: f"govuk-tag--{rag.colour}" for rag in LeadRAG}
NOT_RATED = "none"  # the RAG filter's value for actions not rated yet


def _choose(what: str) -> dict:
    return {"invalid_choice": f"Select {what} from the list"}


class PlanFilterForm(Form):
    """Narrows the plan's board. Every choice is a condition on the actions' query; a choice that
    is not allowed is reported on the form and not applied."""

    SHOW = [
        ("", "All actions"),
        ("open", "Open actions"),
        ("overdue", "Overdue"),
        ("due_soon", "Due soon"),
        ("complete", "Complete"),
    ]

    show = forms.ChoiceField(
        label="Show", choices=SHOW, required=False, error_messages=_choose("which actions")
    )
    lead = forms.ChoiceField(label="Lead", required=False, error_messages=_choose("a lead"))
    rag = forms.ChoiceField(
        label="Lead's RAG",
        choices=[("", "Any"), *LeadRAG.choices, (NOT_RATED, "Not rated")],
        required=False,
        error_messages=_choose("a RAG"),
    )
    area = forms.ChoiceField(
        label="Area of concern", required=False, error_messages=_choose("an area of concern")
    )

    def __init__(self, data=None, *, leads, areas, **kwargs):
        """`leads`: the plan's leads as (value, label, condition) (plan.pages.plan_leads);
        `areas`: the areas of concern shown."""
        super().__init__(data, **kwargs)
        self.lead_conditions = {value: condition for value, _, condition in leads}
        self.fields["lead"].choices = [("", "Anyone"), *((v, label) for v, label, _ in leads)]
        self.fields["area"].choices = [("", "All areas"), *((str(a.pk), a.title) for a in areas)]

    @property
    def chosen(self) -> dict:
        """The valid choices made: {} for an unbound form."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def apply(self, actions, today):
        chosen = self.chosen
        show = chosen.get("show")
        if show == "open":
            actions = actions.open()
        elif show == "overdue":
            actions = actions.overdue(today)
        elif show == "due_soon":
            actions = actions.due_soon(today)
        elif show == "complete":
            actions = actions.filter(status=ImprovementAction.Status.COMPLETE)
        if chosen.get("lead"):
            actions = actions.filter(self.lead_conditions[chosen["lead"]])
        if chosen.get("rag"):
            actions = actions.filter(rag="" if chosen["rag"] == NOT_RATED else chosen["rag"])
        if chosen.get("area"):
            actions = actions.filter(area_id=int(chosen["area"]))
        return actions


# -- Recording progress -----------------------------------------------------------------------


def evidence_help() -> str:
    limit = filesizeformat(settings.PLAN_EVIDENCE_MAX_BYTES)
    return (
        f"Optional. A PDF, a Word document, an Excel spreadsheet, or a PNG, JPEG, GIF or WebP "
        f"image, up to {limit}. Signed-in readers of the tracker can download it. "
        + NO_CHILD_DETAILS
    )


ACCEPT = ",".join(BY_EXTENSION)


class ProgressUpdateForm(ServiceModelForm):
    """A progress update on one action: the date, what was done, the lead's RAG and, optionally,
    evidence (a link and a file) and a move of the action's status. A new update only: a correction
    (ProgressCorrectionForm) keeps its file."""

    date = DateField(
        label="Date of the update",
        help_text="For example, 27 3 2026. Today or a day in the past.",
        required_message="Enter the date of the update",
        initial=timezone.localdate,
    )
    status = forms.ChoiceField(
        label="Move the action to",
        required=False,
        widget=forms.RadioSelect,
        error_messages=_choose("the action's status"),
    )
    evidence_url = forms.URLField(
        label="Link to evidence",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Optional. For example, a document on the council's intranet.",
        error_messages={
            "invalid": "Enter a link in the right format, like https://www.example.org"
        },
    )
    evidence_file = forms.FileField(
        label="Evidence file",
        required=False,
        widget=forms.FileInput,
        error_messages={"empty": "The selected file is empty", "invalid": "Select a file"},
    )
    option_tags = {"rag": LEAD_RAG_TAGS}
    input_widths = {"evidence_url": "govuk-!-width-full"}

    class Meta:
        model = ProgressUpdate
        fields = ["date", "note", "rag", "evidence_url"]
        labels = {
            "note": "What has been done, and what difference has it made?",
            "rag": "How is the action going?",
        }
        help_texts = {
            "note": "For example, what was done this month and what changed as a result. "
            + NO_CHILD_DETAILS,
            "rag": "The lead's own view. It becomes the action's RAG, with this note as the "
            "reason, when this is the action's latest update.",
        }
        error_messages = {
            "note": {"required": "Enter what has been done"},
            "rag": {"required": "Select how the action is going"},
        }
        widgets = {"rag": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, data=None, files=None, *, action: ImprovementAction, author, **kwargs):
        super().__init__(data, files, **kwargs)
        self.action = action
        self.instance.action = action
        if self.instance.pk is None:
            self.instance.author = author
        self.fields["rag"].choices = LeadRAG.choices
        self.evidence: tuple[str, bytes] | None = None
        current = action.get_status_display().lower()
        self.fields["status"].choices = [
            ("", f"Keep it as it is ({current})"),
            *(
                (value, label)
                for value, label in ImprovementAction.Status.choices
                if value != action.status and value != ImprovementAction.Status.NOT_STARTED
            ),
        ]
        self.fields["status"].initial = ""
        upload = self.fields["evidence_file"]
        upload.help_text = evidence_help()
        upload.widget.attrs.update({"class": "govuk-file-upload", "accept": ACCEPT})

    def clean_evidence_file(self):
        """Check the file before anything is saved: its size first (without reading it), then its
        name and content (plan.evidence). Its bytes are kept for the save: `evidence`."""
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return None
        limit = settings.PLAN_EVIDENCE_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"The file {upload.name} must be smaller than {filesizeformat(limit + 1)}."
            )
        data = upload.read()
        try:
            check_evidence(upload.name, data)
        except ValidationError as refused:
            raise ValidationError(refused.message_dict["evidence_file"]) from None
        self.evidence = (upload.name, data)
        return upload

    @property
    def new_status(self) -> str | None:
        return self.cleaned_data.get("status") or None


class ProgressCorrectionForm(ProgressUpdateForm):
    """Correcting an update already recorded: its date, note, RAG and link (its file stays)."""

    version = VersionField()

    class Meta(ProgressUpdateForm.Meta):
        fields = ["date", "note", "rag", "evidence_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]
        del self.fields["evidence_file"]


# -- Impact measures ----------------------------------------------------------------------------


class ImpactMeasureForm(ServiceModelForm):
    version = VersionField()
    input_widths = {"description": "govuk-!-width-full"}

    class Meta:
        model = ImpactMeasure
        fields = ["description", "indicator"]
        labels = {
            "description": "What would show that the action worked?",
            "indicator": "Indicator that measures it",
        }
        help_texts = {
            "description": "For example, “Fewer re-referrals within 12 months”. "
            + NO_CHILD_DETAILS,
            "indicator": "Optional. One of DfE's indicators, or one of the council's own.",
        }
        error_messages = {"description": {"required": "Enter what would show the action worked"}}

    def __init__(self, *args, action: ImprovementAction, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.action = action
        indicator = self.fields["indicator"]
        indicator.queryset = indicators_for(action.area.authority).order_by("name")
        indicator.empty_label = "None"
        indicator.error_messages["invalid_choice"] = "Select an indicator from the list"
