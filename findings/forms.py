"""Forms for areas of concern, ratings, findings and actions. They check what was typed; the rules
are the models', run by findings.services (see sefton_tracker.core.govuk_forms)."""

from django import forms
from django.db.models import Q
from django.forms import BaseModelFormSet, modelformset_factory

from sefton_tracker.core.display import NO_CHILD_DETAILS
from sefton_tracker.core.govuk_forms import (
    DateField,
    Form,
    GovUKFormSetMixin,
    ServiceModelForm,
    VersionField,
    Versions,
)
from visits.models import InspectionEvent

from .models import (
    RAG,
    AreaOfConcern,
    AreaReview,
    Finding,
    ImprovementAction,
    LeadRAG,
    needs_reviewed_areas,
)
from .services import areas_with_findings_message, findings_at

RAG_TAG_CLASSES = {rag.value: f"govuk-tag--{rag.colour}" for rag in RAG}
FINDING_LABELS = {
    "text": "Quoted text",
    "polarity": "Is it a strength or a weakness?",
    "section": "Section of the letter",
    "paragraph": "Paragraph number",
}
FINDING_HELP = {
    "text": "Copy the words from the letter exactly. " + NO_CHILD_DETAILS,
    "paragraph": "Optional. Counting from 1 within the section.",
}
FINDING_ERRORS = {
    "polarity": {"required": "Select whether the finding is a strength, a weakness or mixed"},
    "section": {"required": "Select the section of the letter the finding is in"},
    "paragraph": {"invalid": "Paragraph number must be a whole number, like 4"},
}


def choices_of(queryset, blank: str | None = None) -> list[tuple[str, str]]:
    options = [(str(obj.pk), getattr(obj, "title", None) or str(obj)) for obj in queryset]
    return ([("", blank)] if blank is not None else []) + options


def offer_only(form_field: forms.ModelChoiceField, shown, blank: str | None = None) -> None:
    """Offer `shown` in the list while accepting any row of the field's model, so that a choice
    from elsewhere (another authority's area) reaches the model's own rule and its message."""
    form_field.queryset = form_field.queryset.model._default_manager.all()
    form_field.widget.choices = choices_of(shown, blank)


class FindingFields(ServiceModelForm):
    version = VersionField()
    input_widths = {"paragraph": "govuk-input--width-3"}

    class Meta:
        model = Finding
        fields = ["text", "polarity", "section", "paragraph"]
        labels = FINDING_LABELS
        help_texts = FINDING_HELP
        error_messages = FINDING_ERRORS
        widgets = {
            "polarity": forms.RadioSelect,
            "paragraph": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            "text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["polarity"].choices = Finding.Polarity.choices
        self.fields["section"].choices = Finding.Section.choices
        # A finding with no text is refused by the model, in its own words.
        self.fields["text"].required = False
        if not self.instance.pk:
            self.fields["section"].initial = Finding.Section.FINDINGS


class FindingForm(FindingFields):
    """One finding of an event, with the area it speaks to (any of the authority's areas)."""

    class Meta(FindingFields.Meta):
        fields = ["area", "text", "polarity", "section", "paragraph"]
        labels = {**FINDING_LABELS, "area": "Area of concern"}
        help_texts = {
            **FINDING_HELP,
            "area": "The area the finding speaks to. Choose “No particular area” for general "
            "statements, such as the letter's opening.",
        }

    def __init__(self, *args, event: InspectionEvent, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        offer_only(
            self.fields["area"],
            AreaOfConcern.objects.filter(authority_id=event.authority_id),
            blank="No particular area",
        )


class BaseAreaFindingFormSet(GovUKFormSetMixin, BaseModelFormSet):
    """An area's findings at an event, on the area's one screen; blank extra forms are ignored."""

    item = "Finding"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["id"].error_messages["invalid_choice"] = (
            "This finding was deleted by someone else after you opened the page."
        )


AreaFindingFormSet = modelformset_factory(
    Finding, form=FindingFields, formset=BaseAreaFindingFormSet, extra=1, can_delete=True
)


NOT_RATED = "not_rated"  # the rating form's choice for "Not rated at this visit"


class RatingForm(ServiceModelForm):
    """An area's RAG rating at an event, with its rationale; or "Not rated at this visit", with the
    reason drawn under that choice (and read only when it is chosen); or, while the event is a
    draft, "Decide later"."""

    version = VersionField()
    option_hints = {
        "rag": {
            **{value: RAG(value).meaning for value in RAG.values},
            NOT_RATED: "The visit reviewed the area, but it has no rating this time.",
            "": "Save without a rating for now. The visit cannot be published until each area "
            "has a rating or a reason it was not rated.",
        }
    }
    option_tags = {"rag": RAG_TAG_CLASSES}
    nested_fields = {"rag": {NOT_RATED: "not_rated_reason"}}

    class Meta:
        model = AreaReview
        fields = ["rag", "not_rated_reason", "rationale"]
        labels = {
            "rag": "Progress rating",
            "rationale": "Rationale",
            "not_rated_reason": "Why was it not rated?",
        }
        help_texts = {
            "rationale": "For a red, amber or green rating: what evidence supports it. A red "
            "rating must say what risk remains for children, in at least one full sentence. "
            + NO_CHILD_DETAILS,
            "not_rated_reason": "For example, the letter says too little about the area. "
            + NO_CHILD_DETAILS,
        }
        error_messages = {"rag": {"required": "Select a rating, or “Not rated at this visit”"}}
        widgets = {"rag": forms.RadioSelect, "not_rated_reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rag = self.fields["rag"]
        rag.choices = list(RAG.choices) + [(NOT_RATED, "Not rated at this visit")]
        if self.instance.pk and self.instance.event.is_published:
            # A published visit's areas are each rated or not rated with a reason.
            rag.required = True
        else:
            rag.choices += [("", "Decide later")]
            rag.required = False
        if self.instance.is_not_rated:
            self.initial["rag"] = NOT_RATED

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rag") == NOT_RATED:
            cleaned["rag"] = ""
            if not (cleaned.get("not_rated_reason") or "").strip():
                self.add_error("not_rated_reason", "Enter why the area was not rated at this visit")
        elif "rag" in cleaned:
            # The reason is drawn under "Not rated at this visit": with any other choice, it is
            # not part of the answer.
            cleaned["not_rated_reason"] = ""
        return cleaned


NO_AREAS_CHOSEN = "Select the areas of concern this visit reviewed"


class ReviewedAreasForm(Form):
    """Which of the authority's areas of concern an event reviewed, each with the letter's wording."""

    areas = forms.MultipleChoiceField(
        label="Which areas of concern did the visit review?",
        help_text="Select all that apply. Under an area you select, add the letter's own wording "
        "of it if it differs from the area's title. " + NO_CHILD_DETAILS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, event: InspectionEvent, areas, require_areas=False, **kwargs):
        """`require_areas`: the answer is final (not a pause to add a new area), so an event that
        must review areas (findings.models.needs_reviewed_areas) needs at least one."""
        super().__init__(*args, **kwargs)
        self.event = event
        self.require_areas = require_areas
        self.area_list = list(areas)
        reviews = {review.area_id: review for review in event.reviews.all()}
        self.reviewed = set(reviews)
        self.fields["areas"].choices = [(str(a.pk), a.title) for a in self.area_list]
        self.fields["areas"].initial = [str(pk) for pk in reviews]
        self.nested_fields = {"areas": {}}
        self.option_hints = {"areas": {}}
        for area in self.area_list:
            review = reviews.get(area.pk)
            self.fields[f"wording_{area.pk}"] = forms.CharField(
                label=f"The letter's wording of area {area.position} (optional)",
                required=False,
                initial=review.area_wording if review else "",
                widget=forms.TextInput(attrs={"class": "govuk-input"}),
            )
            self.fields[f"version_{area.pk}"] = VersionField(
                required=False, initial=review.version if review else None
            )
            self.nested_fields["areas"][str(area.pk)] = f"wording_{area.pk}"
            self.option_hints["areas"][str(area.pk)] = f"Area {area.position}"

    def clean(self):
        cleaned = super().clean()
        chosen = set(cleaned.get("areas", []))
        # An area's wording is read only with the area ticked (it is revealed under it), and
        # kept as typed when the page comes back refused.
        if "areas" in cleaned:
            dropped = [
                a for a in self.area_list if a.pk in self.reviewed and str(a.pk) not in chosen
            ]
            if kept := findings_at(self.event, dropped):
                self.add_error("areas", areas_with_findings_message(kept))
                first = self.area_list.index(next(iter(kept)))
                self.error_anchors = {"areas": f"{self['areas'].auto_id}_{first}"}
        if (
            self.require_areas
            and "areas" in cleaned
            and not chosen
            and needs_reviewed_areas(self.event)
        ):
            self.add_error("areas", NO_AREAS_CHOSEN)
        return cleaned

    def version_field_for(self, review: AreaReview) -> str:
        return f"version_{review.area_id}"

    def conflicting_values(self, stale) -> dict[str, Versions]:
        """The letter's wording of the area whose review someone else changed meanwhile."""
        name = f"wording_{getattr(stale.current, 'area_id', None)}"
        if stale.loaded is None or name not in self.fields or not hasattr(self, "cleaned_data"):
            return {}
        return {
            name: Versions(
                loaded=stale.loaded.area_wording,
                current=stale.current.area_wording,
                yours=(self.cleaned_data.get(name) or "").strip(),
                model_field=AreaReview._meta.get_field("area_wording"),
            )
        }

    @property
    def version_fields(self):
        return [self[f"version_{area.pk}"] for area in self.area_list]

    @property
    def chosen(self) -> list[AreaOfConcern]:
        wanted = set(self.cleaned_data["areas"])
        return [area for area in self.area_list if str(area.pk) in wanted]

    @property
    def wording(self) -> dict[int, str]:
        return {area.pk: self.cleaned_data[f"wording_{area.pk}"].strip() for area in self.chosen}

    @property
    def expected_versions(self) -> dict[int, int]:
        return {
            area.pk: self.cleaned_data[f"version_{area.pk}"]
            for area in self.area_list
            if self.cleaned_data.get(f"version_{area.pk}")
        }


class AreaForm(ServiceModelForm):
    version = VersionField()
    input_widths = {"position": "govuk-input--width-3", "title": "govuk-!-width-full"}

    class Meta:
        model = AreaOfConcern
        fields = ["title", "description", "theme", "raised_by", "position"]
        labels = {
            "title": "Short title",
            "description": "The area in the inspection's words",
            "raised_by": "Raised by",
            "position": "Position in the list",
        }
        help_texts = {
            "description": "For example, the “What needs to improve?” bullet. " + NO_CHILD_DETAILS,
            "raised_by": "The inspection or visit that raised this area, if any.",
            "position": "Where the area sits in the list of areas, counting from 1.",
        }
        error_messages = {
            "title": {"required": "Enter a short title for the area"},
            "description": {"required": "Enter the area in the inspection's words"},
            "theme": {"required": "Select the area's theme"},
            "position": {"invalid": "Position must be a whole number, like 5"},
        }
        widgets = {
            "position": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.authority = authority
        self.fields["theme"].choices = [("", "Choose a theme")] + list(
            self.fields["theme"].choices
        )[1:]
        offer_only(
            self.fields["raised_by"],
            InspectionEvent.objects.filter(authority=authority).order_by("fieldwork_start"),
            blank="None",
        )
        if not self.instance.pk:
            # A new area goes to the end of the authority's list (see findings.services.save_area).
            del self.fields["position"]
            del self.fields["raised_by"]


class ActionForm(ServiceModelForm):
    due_date = DateField(
        label="Due date",
        help_text="For example, 31 3 2026. A date in the past is accepted: the action then shows "
        "as overdue.",
        required_message="Enter the date the action is due",
    )
    version = VersionField()
    input_widths = {
        "title": "govuk-!-width-full",
        "lead_name": "govuk-!-width-two-thirds",
        "lead_agency": "govuk-!-width-two-thirds",
    }

    class Meta:
        model = ImprovementAction
        fields = [
            "title",
            "lead_user",
            "lead_name",
            "lead_agency",
            "due_date",
            "status",
            "rag",
            "rag_reason",
        ]
        labels = {
            "title": "Action",
            "lead_user": "Lead",
            "lead_name": "Or a lead who is not a user of the tracker",
            "lead_agency": "Their agency",
            "status": "Status",
            "rag": "The lead's RAG",
            "rag_reason": "Reason for the RAG",
        }
        help_texts = {
            "title": "What the council will do, in a sentence. " + NO_CHILD_DETAILS,
            "lead_user": "The user who leads it: they are reminded by email as the due date nears.",
            "lead_name": "Their name and role, for example “Jo Reid, designated nurse”.",
            "lead_agency": "Optional. For example, Merseyside Police.",
            "rag_reason": "Why the action is on track, at risk or off track. " + NO_CHILD_DETAILS,
        }
        error_messages = {
            "title": {"required": "Enter the action"},
            "status": {"required": "Select the action's status"},
        }
        widgets = {
            "status": forms.RadioSelect,
            "rag": forms.RadioSelect,
            "rag_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, area: AreaOfConcern, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.area = area
        self.fields["status"].choices = ImprovementAction.Status.choices
        self.fields["rag"].choices = [("", "Not rated yet"), *LeadRAG.choices]
        # The lead is one of the authority's own users (or whoever leads it already).
        users = self.fields["lead_user"].queryset
        self.fields["lead_user"].queryset = (
            users.filter(
                Q(authorities=area.authority, is_active=True) | Q(pk=self.instance.lead_user_id)
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["lead_user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["lead_user"].empty_label = "Not a user of the tracker"
