"""Forms in the GOV.UK Design System pattern, and the one way a form hands its data to a service.

Forms here check the shape of what was typed (a real date, a choice from the list) and ask the
model's own rules (`clean()` and named constraints) about it, so that every problem shows at once;
no rule is written again here. The service the form posts through runs the same rules on the whole
record when it saves: `submit()` calls it and puts what it refuses back on the form, next to the
field concerned.
A save refused because someone else changed the record meanwhile (StaleVersionError) becomes a
`Conflict`: the error summary lists what changed, and the form shows their current value of each
field you had not changed, your own of each you had, with a note under a field you both changed.

A form reports every problem in one go, one message a field (the first found), in the page's order.
"""

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import CheckConstraint, UniqueConstraint
from django.forms.boundfield import BoundField
from django.forms.models import construct_instance

from .display import describe_time, display_value, field_label
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
    nested: BoundField | None = None  # a field revealed under this option when it is chosen


@dataclass
class ConflictNote:
    """What a field says after a refused save: whose value it now shows, or (`clash`) that someone
    else changed it too, to what."""

    text: str
    clash: bool = False


class GovUKBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        base, error = _classes_for(widget)
        if (self.errors or (self.conflict_note and self.conflict_note.clash)) and error:
            attrs["class"] = f"{widget.attrs.get('class', base)} {error}"
        return attrs

    def value(self):
        """What the field shows: after a refused save, someone else's newer value of a field you
        had not changed (see `conflict_from`); otherwise what was typed, or the initial value."""
        theirs = getattr(self.form, "theirs", {})
        if self.name in theirs:
            return self.field.prepare_value(theirs[self.name])
        return super().value()

    @property
    def conflict_note(self) -> ConflictNote | None:
        return getattr(self.form, "conflict_notes", {}).get(self.name)

    @property
    def aria_describedby(self):
        described = super().aria_describedby
        if described is not None and self.conflict_note and self.auto_id:
            described = f"{described} {self.auto_id}_conflict".strip()
        return described

    @property
    def is_date(self) -> bool:
        return isinstance(self.field, DateField)

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the first input of a group, the part of a date in error."""
        chosen = getattr(self.form, "error_anchors", {}).get(self.name)
        if chosen:
            return chosen
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
    # Fields revealed under one option of a radio or checkbox group (GOV.UK's conditional reveal;
    # see templates/includes/field.html): {field: {option value: field}}. Without JavaScript they
    # all show; the form should read a revealed field's answer only with its option chosen.
    nested_fields: dict[str, dict[str, str]] = {}
    # The id an error summary's link goes to, for a field whose error is about one of its options.
    error_anchors: dict[str, str] = {}
    input_widths: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        self.theirs: dict[str, object] = {}  # after a refused save: values to show, not those sent
        self.conflict_notes: dict[str, ConflictNote] = {}
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

    def conflicting_values(self, stale: StaleVersionError) -> dict[str, "Versions"]:
        """For each field of the record a refused save was about: its value when the page was
        opened, its value now, and the value sent. A form that edits a record says how."""
        return {}


@dataclass
class Versions:
    """One field's values, for `conflict_from`: as loaded, as now saved, as sent (each as the
    model holds it); `model_field` when it is one of the record's fields (described by the
    record's own history), otherwise the form field's label and choices describe it."""

    loaded: object
    current: object
    yours: object
    model_field: object = None


class ServiceModelForm(GovUKFormMixin, forms.ModelForm):
    """A ModelForm posted through a service. The form copies what was typed onto the instance and
    asks the model's own rules about the fields typed correctly, so that every problem is shown at
    once; the service runs the rules again, on the whole record, when it saves.

    A `version` field (VersionField) carries the version the page was drawn at: required once the
    record exists, so that a save from an older copy is refused.

    The form works on a copy of an existing record: what was typed is not the record's until it is
    saved, so a page that refuses it still shows the record as saved (its title, its dates)."""

    # Ask the database's rules (named constraints) about the fields the view set on the record
    # too, not only the form's: False for a form that checks those rules itself, in its own words.
    constraints_with_view_fields = True

    def __init__(self, *args, **kwargs):
        if kwargs.get("instance") is not None and kwargs["instance"].pk is not None:
            kwargs["instance"] = copy.copy(kwargs["instance"])
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            exists = self.instance.pk is not None
            self.fields["version"].initial = self.instance.version if exists else None
            self.fields["version"].required = exists

    def _post_clean(self):
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)
        model_fields = {f.name: f for f in self.instance._meta.concrete_fields}
        # A field typed wrongly counts as blank to the model's rules, so that they do not judge
        # the value it replaces (a date compared with the one saved before) or say it is missing.
        for name in self._errors:
            if name in model_fields and name in self.fields:
                f = model_fields[name]
                setattr(self.instance, f.attname, "" if f.empty_strings_allowed else None)
        exclude = self._get_validation_exclusions()
        errors: dict = {}
        try:
            self.instance.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # The database's rules are asked about the fields the view set (the event's authority)
        # too, so that one tying them to a field of the form (one visit number per authority)
        # is reported with every other problem, not after they are put right.
        set_by_view = {
            name
            for name in exclude
            if self.constraints_with_view_fields
            and name in model_fields
            and name not in self.fields
            and getattr(self.instance, model_fields[name].attname) is not None
        }
        try:
            self.instance.validate_constraints(exclude=(exclude - set_by_view) | set(errors))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            add_model_errors(self, ValidationError(errors))

    def conflicting_values(self, stale: StaleVersionError) -> dict[str, Versions]:
        if stale.loaded is None or type(stale.current) is not type(self.instance):
            return {}
        values = {}
        for name in self._meta.fields or ():
            if name not in self.fields:
                continue
            try:
                f = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            values[name] = Versions(
                loaded=getattr(stale.loaded, f.attname, None),
                current=getattr(stale.current, f.attname, None),
                yours=getattr(self.instance, f.attname, None),
                model_field=f,
            )
        return values


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
    shown: str = ""  # what the form now shows of it: "theirs", "yours" (both changed it), or ""

    @property
    def outcome(self) -> str:
        return {
            "theirs": "The form now shows their version.",
            "yours": "You changed it too: the form keeps yours.",
        }.get(self.shown, "")


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
            "have not been saved. The form now shows their changes to what you had not changed, "
            "and your own entries; where you both changed something it keeps yours. "
            "Check it, then save again."
        )


def _same(one, other) -> bool:
    def plain(value):
        return "" if value is None else value

    return plain(one) == plain(other)


def _describe(form, name: str, versions: Versions, value) -> str:
    if versions.model_field is not None:
        return display_value(versions.model_field, value)
    choices = dict(getattr(form.fields[name], "choices", ()) or ())
    return str(choices.get(value, "" if value is None else value))


def conflict_from(error: StaleVersionError, form, what: str | None = None) -> Conflict:
    """Turn a refused save into the error summary's list, and into a form worth saving again: each
    field you had not changed shows their current value, each you had keeps yours (with a note
    when they changed it too), and the form's version moves on to the one just shown, so saving
    again is a decision, not an accident."""
    model = type(error.current)
    labels, names = {}, {}
    for name in form.fields:
        try:
            label = field_label(model._meta.get_field(name))
        except FieldDoesNotExist:  # a form field that is not a model field
            continue
        labels[label], names[label] = form[name].anchor, name
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
    who = error.by or "Someone else"
    shown = {}
    for name, versions in form.conflicting_values(error).items():
        if _same(versions.loaded, versions.current):
            continue
        theirs = _describe(form, name, versions, versions.current)
        if _same(versions.yours, versions.loaded):
            form.theirs[name] = versions.current
            shown[name] = "theirs"
            form.conflict_notes[name] = ConflictNote(
                f"Changed by {who} after you opened the page: this is their version."
            )
        elif not _same(versions.yours, versions.current):
            shown[name] = "yours"
            form.conflict_notes[name] = ConflictNote(
                f"Also changed by {who} to “{theirs}”: saving again keeps yours.", clash=True
            )
        if versions.model_field is None:  # not in the record's own history: say what changed
            items.append(
                ConflictItem(
                    field=str(form.fields[name].label),
                    anchor=form[name].anchor,
                    yours=_describe(form, name, versions, versions.loaded),
                    theirs=theirs,
                    by=who,
                    at=describe_time(error.at) if error.at else "",
                    shown=shown.get(name, ""),
                )
            )
    for item in items:
        item.shown = item.shown or shown.get(names.get(item.field, ""), "")
    version_field = getattr(form, "version_field_for", lambda record: "version")(error.current)
    if form.is_bound and version_field in form.fields:
        form.data = form.data.copy() if not getattr(form.data, "_mutable", True) else form.data
        form.data[form.add_prefix(version_field)] = str(error.current.version)
    return Conflict(what=what or str(model._meta.verbose_name), by=who, items=items)


def add_model_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: each field's message next to its field, and a
    constraint's message next to the field it concerns, unless that field already says what is
    wrong (one message a field)."""
    if not hasattr(error, "error_dict"):
        error = ValidationError({NON_FIELD_ERRORS: error.error_list})
    general = []
    for name, errors in error.error_dict.items():
        if name != NON_FIELD_ERRORS and name in form.fields:
            if not form.errors.get(name):  # one message a field: the first problem found
                form.add_error(name, _specific(errors)[:1])
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
    (templates/includes/error_summary.html), each under its form's `error_label`, in the order the
    forms are given: the page's. Their refused saves (`conflicts`) head the list."""

    def __init__(self, forms_, extra_errors=()):
        self._forms = list(forms_)
        self._extra = list(extra_errors)

    def __iter__(self):
        return iter(self._forms)

    def non_form_errors(self):
        return self._extra

    @property
    def conflicts(self) -> list[Conflict]:
        return [form.conflict for form in self._forms if getattr(form, "conflict", None)]

    @property
    def total_error_count(self) -> int:
        return len(self._extra) + sum(
            len(errors) for form in self._forms for errors in form.errors.values()
        )
