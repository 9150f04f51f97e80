"""Forms in the GOV.UK Design System pattern, and the one way a form hands its data to a service.

Forms here check the shape of what was typed (a real date, a choice from the list) and ask the
model's own rules (`clean()` and named constraints) about it, so that every problem shows at once;
no rule is written again here. The service the form posts through runs the same rules on the whole
record when it saves: `submit()` calls it and puts what it refuses back on the form, next to the
field concerned.
A save refused because someone else changed the record meanwhile (StaleVersionError) becomes a
`Conflict`: the form keeps everything typed, and the error summary lists what changed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import CheckConstraint, UniqueConstraint
from django.forms.boundfield import BoundField
from django.forms.models import construct_instance

from .display import describe_time, field_label
from .locking import StaleVersionError

WIDGET_CLASSES = {
    forms.Textarea: ("govuk-textarea", "govuk-textarea--error"),
    forms.Select: ("govuk-select", "govuk-select--error"),
    forms.RadioSelect: ("govuk-radios__input", ""),
    forms.CheckboxSelectMultiple: ("govuk-checkboxes__input", ""),
    forms.CheckboxInput: ("govuk-checkboxes__input", ""),
    forms.widgets.Input: ("govuk-input", "govuk-input--error"),
}


def _classes_for(widget) -> tuple[str, str]:
    for widget_class, classes in WIDGET_CLASSES.items():
        if isinstance(widget, widget_class):
            return classes
    return "", ""


@dataclass
class Option:
    """One radio or checkbox, with what the template needs to draw it."""

    id: str
    value: str
    label: str
    checked: bool
    hint: str = ""
    tag_class: str = ""
    nested: BoundField | None = None  # a field drawn under this option, always shown


class GovUKBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        base, error = _classes_for(widget)
        if self.errors and error:
            attrs["class"] = f"{widget.attrs.get('class', base)} {error}"
        return attrs

    @property
    def is_date(self) -> bool:
        return isinstance(self.field, DateField)

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the first input of a group, the part of a date in error."""
        if self.is_date:
            parts = self.date_parts
            wrong = [part for part in parts if part["error"]]
            return (wrong or parts)[0]["id"]
        if self.use_fieldset:
            return f"{self.auto_id}_0"
        return self.id_for_label

    @property
    def options(self) -> list[Option]:
        hints = getattr(self.form, "option_hints", {}).get(self.name, {})
        tags = getattr(self.form, "option_tags", {}).get(self.name, {})
        nested = getattr(self.form, "nested_fields", {}).get(self.name, {})
        options = []
        for subwidget in self.subwidgets:
            value = str(subwidget.data["value"])
            under = nested.get(value)
            options.append(
                Option(
                    id=subwidget.id_for_label,
                    value=value,
                    label=str(subwidget.choice_label),
                    checked=bool(subwidget.data["selected"]),
                    hint=hints.get(value, ""),
                    tag_class=tags.get(value, ""),
                    nested=self.form[under] if under else None,
                )
            )
        return options

    @property
    def date_parts(self) -> list[dict]:
        values = self.value()
        if not isinstance(values, list | tuple):
            values = self.field.widget.decompress(values)
        wrong = set(getattr(self.field, "error_parts", ()) or ())
        if self.errors and not wrong:
            wrong = {"day", "month", "year"}
        return [
            {
                "id": f"{self.auto_id}_{part}",
                "name": f"{self.html_name}_{part}",
                "label": part.capitalize(),
                "value": "" if value is None else value,
                "width": 4 if part == "year" else 2,
                "error": part in wrong,
            }
            for part, value in zip(("day", "month", "year"), values, strict=True)
        ]


class DateInput(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input); drawn by templates/includes/field.html."""

    def __init__(self, attrs=None):
        parts = ("day", "month", "year")
        super().__init__({p: forms.TextInput(attrs={"inputmode": "numeric"}) for p in parts}, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages naming the field:
    "Fieldwork start must include a month", "Fieldwork start must be a real date"."""

    widget = DateInput

    def __init__(self, *, required_message: str | None = None, **kwargs):
        part = forms.CharField(required=False)
        super().__init__(fields=(part, part, part), require_all_fields=False, **kwargs)
        self.required_message = required_message
        self.error_parts: list[str] = []

    def clean(self, value):
        self.error_parts = []
        day, month, year = ((str(v).strip() if v is not None else "") for v in (value or [""] * 3))
        name = str(self.label)
        given = {"day": day, "month": month, "year": year}
        missing = [part for part, text in given.items() if not text]
        if len(missing) == 3:
            if self.required:
                raise ValidationError(
                    self.required_message or f"Enter the {name.lower()}", code="required"
                )
            return None
        if missing:
            self.error_parts = missing
            raise ValidationError(
                f"{name} must include a {' and '.join(missing)}", code="incomplete"
            )
        if not all(text.isdigit() for text in given.values()):
            self.error_parts = [part for part, text in given.items() if not text.isdigit()]
            raise ValidationError(f"{name} must be a real date", code="invalid")
        if len(year) != 4:
            self.error_parts = ["year"]
            raise ValidationError(f"{name} year must include 4 numbers", code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            self.error_parts = ["day", "month", "year"]
            raise ValidationError(f"{name} must be a real date", code="invalid") from None

    def has_changed(self, initial, data):
        if not isinstance(initial, list | tuple):
            initial = self.widget.decompress(initial)
        as_text = [("" if v is None else str(v)).strip().lstrip("0") for v in initial]
        typed = [("" if v is None else str(v)).strip().lstrip("0") for v in (data or [""] * 3)]
        return as_text != typed


class VersionField(forms.IntegerField):
    """The version of the record when the page was drawn: a save from an older copy is refused."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"required": "This page was missing the record's version: open it again and retry."},
        )
        super().__init__(min_value=1, **kwargs)


class GovUKFormMixin:
    """GOV.UK classes on every widget; the bound fields know their error-summary anchors."""

    bound_field_class = GovUKBoundField
    option_hints: dict[str, dict[str, str]] = {}
    option_tags: dict[str, dict[str, str]] = {}
    # Fields drawn under one option of a radio or checkbox group: {field: {option value: field}}.
    # Always shown: GOV.UK Frontend's conditional reveal marks inputs with aria-expanded, which is
    # not allowed on radios and checkboxes (alphagov/govuk-frontend#979).
    nested_fields: dict[str, dict[str, str]] = {}
    input_widths: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        for name, form_field in self.fields.items():
            widget = form_field.widget
            if widget.is_hidden:
                continue
            base, _ = _classes_for(widget)
            if base and not isinstance(form_field, DateField):
                classes = [base]
                if name in self.input_widths:
                    classes.append(self.input_widths[name])
                widget.attrs["class"] = " ".join(classes)
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 5)


class ServiceModelForm(GovUKFormMixin, forms.ModelForm):
    """A ModelForm posted through a service. The form copies what was typed onto the instance and
    asks the model's own rules about the fields typed correctly, so that every problem is shown at
    once; the service runs the rules again, on the whole record, when it saves.

    A `version` field (VersionField) carries the version the page was drawn at: required once the
    record exists, so that a save from an older copy is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            exists = self.instance.pk is not None
            self.fields["version"].initial = self.instance.version if exists else None
            self.fields["version"].required = exists

    def _post_clean(self):
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)
        try:
            self.instance.full_clean(exclude=self._get_validation_exclusions())
        except ValidationError as error:
            add_model_errors(self, error)


class Form(GovUKFormMixin, forms.Form):
    pass


class GovUKFormSetMixin:
    """A formset whose forms say which one they are in the error summary ("Finding 2: …"), with
    a GOV.UK checkbox to delete one."""

    item = ""  # what one form is: "Finding", "Area"
    delete_label = "Delete this {item}"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.error_label = f"{self.item} {index + 1}" if index is not None else self.item
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label.format(item=self.item.lower())
            form.fields["DELETE"].widget.attrs["class"] = "govuk-checkboxes__input"


@dataclass
class ConflictItem:
    field: str
    anchor: str
    yours: str
    theirs: str
    by: str
    at: object


@dataclass
class Conflict:
    """A save refused because someone else saved the record after the page was opened."""

    what: str  # "finding 2", "rating", "event"
    by: str
    items: list[ConflictItem] = field(default_factory=list)

    @property
    def message(self) -> str:
        who = self.by[:1].upper() + self.by[1:]
        return (
            f"{who} changed this {self.what} after you opened the page, so your changes "
            "have not been saved. Check what changed; your own entries are still in the form. "
            "Save again to replace their version with yours."
        )


def conflict_from(error: StaleVersionError, form, what: str | None = None) -> Conflict:
    """Turn a refused save into the error summary's list, and let a second save go through: the
    form's version moves on to the one just shown, so saving again is a decision, not an accident."""
    model = type(error.current)
    labels = {}
    for name in form.fields:
        try:
            labels[field_label(model._meta.get_field(name))] = form[name].anchor
        except FieldDoesNotExist:  # a form field that is not a model field
            continue
    items = [
        ConflictItem(
            field=change.field,
            anchor=labels.get(change.field, ""),
            yours=change.yours,
            theirs=change.theirs,
            by=change.by,
            at=describe_time(change.at),
        )
        for change in error.changes
    ]
    who = ", ".join(sorted({c.by for c in error.changes})) or "Someone else"
    version_field = getattr(form, "version_field_for", lambda record: "version")(error.current)
    if form.is_bound and version_field in form.fields:
        form.data = form.data.copy() if not getattr(form.data, "_mutable", True) else form.data
        form.data[form.add_prefix(version_field)] = str(error.current.version)
    return Conflict(what=what or str(model._meta.verbose_name), by=who, items=items)


def add_model_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: each field's message next to its field, and a
    constraint's message next to the field it concerns unless that field already says what is wrong."""
    if not hasattr(error, "error_dict"):
        error = ValidationError({NON_FIELD_ERRORS: error.error_list})
    general = []
    for name, errors in error.error_dict.items():
        if name != NON_FIELD_ERRORS and name in form.fields:
            form.add_error(name, _specific(errors))
        else:
            general.extend(errors)
    model = getattr(getattr(form, "_meta", None), "model", None)
    for item in general:
        target = _constraint_field(model, item, form) if model else None
        if target == "":
            continue  # the field concerned already shows the model's own, more specific message
        form.add_error(target, item)


GENERIC_CODES = {"blank", "null", "required"}


def _specific(errors: list[ValidationError]) -> list[ValidationError]:
    """Drop Django's generic "cannot be blank" when the model says the same in its own words."""
    specific = [e for e in errors if getattr(e, "code", None) not in GENERIC_CODES]
    return specific or errors


def _constraint_field(model, error: ValidationError, form) -> str | None:
    """The form field a constraint's message belongs to; "" when that field already has errors."""
    message = str(error.message % error.params) if error.params else str(error.message)
    for constraint in model._meta.constraints:
        if str(constraint.violation_error_message) != message:
            continue
        if isinstance(constraint, UniqueConstraint):
            names = list(constraint.fields)
        elif isinstance(constraint, CheckConstraint):
            names = sorted(constraint.condition.referenced_base_fields)
        else:
            names = []
        names = [n for n in names if n in form.fields]
        if not names:
            return None
        if any(form.errors.get(n) for n in names):
            return ""
        return names[-1]
    return None


def submit(form, save: Callable[[], object], *, what: str | None = None) -> bool:
    """Call `save` (a service call) for a valid form. True when saved; otherwise the form carries
    the model's messages, or `form.conflict` when someone else saved the record meanwhile."""
    return form.is_valid() and attempt(form, save, what=what)


def attempt(form, save: Callable[[], object], *, what: str | None = None) -> bool:
    """As `submit`, for a form already validated (one of several saved together)."""
    try:
        save()
    except StaleVersionError as stale:
        form.conflict = conflict_from(stale, form, what)
        return False
    except ValidationError as error:
        add_model_errors(form, error)
        return False
    return True


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
