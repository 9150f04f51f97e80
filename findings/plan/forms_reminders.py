"""The form of a user's choice of plan emails: one GOV.UK checkbox per kind of email."""

from django import forms

from sefton_tracker.core.govuk_forms import Form

from .models import ReminderPreference

_field = ReminderPreference._meta.get_field
KINDS = ("action_reminders", "weekly_summary")


def _label(name: str) -> str:
    text = str(_field(name).verbose_name)
    return text[:1].upper() + text[1:]


class ReminderPreferenceForm(Form):
    """Each kind of email is on when ticked; none ticked turns them all off."""

    emails = forms.MultipleChoiceField(
        label="Which emails do you want to get?",
        help_text="Select all that apply.",
        choices=[(name, _label(name)) for name in KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    option_hints = {"emails": {name: str(_field(name).help_text) for name in KINDS}}

    def __init__(self, *args, preference: ReminderPreference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emails"].initial = [name for name in KINDS if getattr(preference, name)]

    def choices(self) -> dict[str, bool]:
        """{kind: on} from a valid form."""
        chosen = set(self.cleaned_data["emails"])
        return {name: name in chosen for name in KINDS}
