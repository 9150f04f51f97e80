"""Forms for a council's own indicators: the definition, one month's value, the areas of concern
an indicator bears on, and an uploaded file of figures. They check what was typed; the rules are
the services' (findings.indicators.services), run when the form is saved."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from sefton_tracker.core.display import NO_CHILD_DETAILS
from sefton_tracker.core.govuk_forms import Form, ServiceModelForm, VersionField

from ..models import AreaOfConcern, Theme
from .models import Indicator, IndicatorValue
from .services import OTHER_AREAS, month_end
from .uploads import MAX_BYTES, UploadRefused, read_upload

UNIT_LABELS = {
    Indicator.Unit.PERCENT: "Percentage (%)",
    Indicator.Unit.PER_10000: "Rate per 10,000 children",
    Indicator.Unit.CASES: "Cases per social worker",
    Indicator.Unit.NUMBER: "A count or other number",
}
BETTER_LABELS = {
    Indicator.Better.HIGHER: "Higher is better",
    Indicator.Better.LOWER: "Lower is better",
    Indicator.Better.NEITHER: "Neither: it is watched, not aimed up or down",
}


VALUE_HINTS = {
    Indicator.Unit.PERCENT: "A percentage: 81.5 for 81.5%.",
    Indicator.Unit.PER_10000: "A rate per 10,000 children.",
    Indicator.Unit.CASES: "Cases per social worker.",
}


class FigureField(forms.DecimalField):
    """A number as people type it: '81.5', '81.5%' or '1,204'."""

    def __init__(self, *, what: str, example: str, **kwargs):
        kwargs.setdefault("decimal_places", 2)
        whole = kwargs.get("max_digits", 12) - kwargs["decimal_places"]
        kwargs["error_messages"] = {
            "required": f"Enter the {what.lower()}",
            "invalid": f"{what} must be a number, like {example}",
            "max_decimal_places": f"{what} must have no more than 2 decimal places",
            "max_digits": f"{what} must be less than {10**whole:,}",
            "max_whole_digits": f"{what} must be less than {10**whole:,}",
            **kwargs.get("error_messages", {}),
        }
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        """A stored figure as people write it: 85, not 85.00."""
        if isinstance(value, Decimal) and value.is_finite():
            return f"{value.normalize():f}"
        return super().prepare_value(value)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").replace(",", "").strip()
        return super().to_python(value)


class MonthInput(forms.MultiWidget):
    """Month and year boxes (the GOV.UK date input without the day), drawn by
    templates/indicators/forms/value_form.html."""

    def __init__(self, attrs=None):
        boxes = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(2)]
        super().__init__(boxes, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.month, value.year]
        return [None, None]


class MonthField(forms.MultiValueField):
    """A month typed as its number and year; the date is the month's last day. `error_part` says
    which box an error is about (0 the month, 1 the year), for the error summary's link."""

    widget = MonthInput

    def __init__(self, **kwargs):
        part = forms.CharField(required=False)
        super().__init__(fields=(part, part), require_all_fields=False, **kwargs)
        self.error_part = 0

    def clean(self, value):
        self.error_part = 0
        month, year = ((str(v).strip() if v is not None else "") for v in (value or ["", ""]))
        if not month and not year:
            if self.required:
                raise ValidationError("Enter the month the value is for", code="required")
            return None
        if not year:
            self.error_part = 1
            raise ValidationError("The month must include a year", code="incomplete")
        if not month:
            raise ValidationError("The month must include the month's number", code="incomplete")
        if not (month.isascii() and month.isdigit()) or not 1 <= int(month) <= 12:
            raise ValidationError("The month must be a real month, like 4 2025", code="invalid")
        if not (year.isascii() and year.isdigit()) or len(year) != 4:
            self.error_part = 1
            raise ValidationError("The year must include 4 numbers", code="invalid_year")
        if int(year) < 2000:
            self.error_part = 1
            raise ValidationError("The year must be 2000 or later", code="invalid_year")
        return month_end(datetime.date(int(year), int(month), 1))

    def has_changed(self, initial, data):
        return [str(v or "") for v in self.widget.decompress(initial)] != [
            str(v or "").strip() for v in (data or ["", ""])
        ]


def _areas_field(authority) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=AreaOfConcern.objects.filter(authority=authority).order_by("position", "id"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Areas of concern it bears on",
        help_text="Its figures are shown with these areas, and in the digests and letters that "
        "cover them. Select all that apply.",
        error_messages={"invalid_choice": OTHER_AREAS, "invalid_pk_value": OTHER_AREAS},
    )


class IndicatorForm(ServiceModelForm):
    """A council's own indicator: what it measures, how it is counted, which way is better, its
    target and tolerance (which give its RAG rating) and the areas of concern it bears on."""

    target = FigureField(
        what="Target",
        example="85",
        max_digits=9,
        required=False,
        label="Target (optional)",
        help_text="In the indicator's unit: 85 for 85%. With a target, each month's value is "
        "rated green on the right side of it.",
    )
    tolerance = FigureField(
        what="Tolerance",
        example="5",
        max_digits=9,
        required=False,
        label="Tolerance (optional)",
        help_text="How far on the wrong side of the target is still amber rather than red. With "
        "a target of 85 and a tolerance of 5, when higher is better, 80 to 85 is amber and below "
        "80 red.",
    )
    version = VersionField()
    input_widths = {
        "name": "govuk-!-width-full",
        "source": "govuk-!-width-full",
        "target": "govuk-input--width-5",
        "tolerance": "govuk-input--width-5",
    }

    class Meta:
        model = Indicator
        fields = ["name", "description", "unit", "better", "theme", "source", "target", "tolerance"]
        labels = {
            "name": "Name",
            "description": "What it measures",
            "unit": "Unit",
            "better": "Which way is better?",
            "theme": "Theme (optional)",
            "source": "Where the figures come from",
        }
        help_texts = {
            "name": "For example, Assessments completed within 45 working days.",
            "description": "What is counted, over what, and from which records. "
            + NO_CHILD_DETAILS,
            "source": "The council's system or report, e.g. Liquidlogic monthly performance "
            "report.",
            "theme": "",
        }
        error_messages = {
            "name": {"required": "Enter the indicator's name"},
            "description": {"required": "Enter what the indicator measures"},
            "unit": {"required": "Select the unit the indicator is counted in"},
            "better": {"required": "Select whether higher or lower is better"},
            "source": {"required": "Enter where the figures come from"},
            "theme": {"invalid_choice": "Choose a theme from the list"},
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "unit": forms.RadioSelect,
            "better": forms.RadioSelect,
        }

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.authority = authority
        self.fields["unit"].choices = list(UNIT_LABELS.items())
        self.fields["better"].choices = list(BETTER_LABELS.items())
        self.fields["theme"].choices = [("", "No theme"), *Theme.choices]
        self.fields["areas"] = _areas_field(authority)
        if self.instance.pk and not self.is_bound:
            self.fields["areas"].initial = [area.pk for area in self.instance.areas.all()]


class AreaLinksForm(Form):
    """The areas of one authority that an indicator (DfE's or its own) bears on."""

    def __init__(self, *args, authority, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"] = _areas_field(authority)
        self.fields[
            "areas"
        ].label = f"Which of {authority.name}'s areas of concern does it bear on?"
        if not self.is_bound:
            self.fields["areas"].initial = [
                area.pk for area in indicator.areas.all() if area.authority_id == authority.pk
            ]


class ValueForm(ServiceModelForm):
    """One month's value of a council's own indicator: the month when it is entered (a value's
    month is not changed: delete it and enter it again), the value and a note."""

    period_end = MonthField(
        label="Month",
        help_text="The month the value is for, as its number and year: for example, 4 2025.",
    )
    value = FigureField(what="Value", example="81.5", max_digits=12, label="Value")
    version = VersionField()
    # The service says when the month already has a value, in its own words.
    constraints_with_view_fields = False
    input_widths = {"value": "govuk-input--width-5", "note": "govuk-!-width-full"}

    class Meta:
        model = IndicatorValue
        fields = ["period_end", "value", "note"]
        labels = {"note": "Note (optional)"}
        help_texts = {"note": "What explains the figure, if anything. " + NO_CHILD_DETAILS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].help_text = VALUE_HINTS.get(self.instance.indicator.unit, "")
        if self.instance.pk:
            del self.fields["period_end"]
        elif not self.is_bound:
            last_month = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
            self.fields["period_end"].initial = last_month

    @property
    def error_anchors(self):
        field = self.fields.get("period_end")
        return {"period_end": f"id_period_end_{field.error_part}"} if field else {}

    @property
    def period_parts(self) -> list:
        """What the month and year boxes show: as typed, or the initial month."""
        value = self["period_end"].value()
        if not isinstance(value, list | tuple):
            value = self.fields["period_end"].widget.decompress(value)
        return value

    @property
    def taken(self) -> IndicatorValue | None:
        """The value the month already has, when the service refused to enter another."""
        return getattr(self.instance, "taken", None)


class UploadForm(Form):
    """A CSV or XLSX file of figures, read whole: every bad cell is kept (`cell_errors`) to be
    listed, and the values of a good file are `cleaned_data['values']`."""

    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV or XLSX file with the template's headings, up to 2 MB.",
        error_messages={
            "required": "Select a CSV or XLSX file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or XLSX file",
        },
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.cell_errors = []
        self.fields["file"].widget.attrs.update(
            {"class": "govuk-file-upload", "accept": ".csv,.xlsx"}
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError("The file must be a CSV or XLSX file")
        if upload.size > MAX_BYTES:
            raise ValidationError("The file must be smaller than 2 MB")
        try:
            self.cleaned_data["values"] = read_upload(upload.read(), upload.name, self.indicators)
        except UploadRefused as refused:
            self.cell_errors = refused.errors
            count = len(refused.errors)
            raise ValidationError(
                f"The file has {count} problem{'' if count == 1 else 's'}, listed above: nothing "
                "was saved. Correct the file and upload it again."
            ) from refused
        return upload
