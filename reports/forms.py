"""Forms for digests on demand: which period and areas a digest covers, and who to send it to now."""

import datetime

from django import forms
from django.utils import timezone

from findings.models import AreaOfConcern, Theme, published_areas
from sefton_tracker.core.govuk_forms import DateField, Form
from visits.models import InspectionEvent

from .models import Cadence, DigestSubscription, Report, scope_label
from .periods import Period

# How far back the months and quarters go when the authority has no event yet.
DEFAULT_YEARS_BACK = 2


def _periods(cadence: str, first: datetime.date, today: datetime.date) -> list[Period]:
    """Every month or quarter from the one holding `first` to the one holding `today`, newest
    first."""
    periods = [Period.containing(cadence, today)]
    while periods[-1].start > first:
        periods.append(periods[-1].previous())
    return periods


def _so_far(period: Period, today: datetime.date) -> str:
    return f"{period.label} (so far)" if period.end >= today else period.label


class DigestForm(Form):
    """The period (a month, a quarter or any dates up to today) and the areas (all, one theme or
    one area of concern) of a digest to preview."""

    period = forms.ChoiceField(
        label="Period",
        choices=[("month", "A month"), ("quarter", "A quarter"), ("dates", "Other dates")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the period the digest covers"},
    )
    month = forms.ChoiceField(label="Which month", required=False)
    quarter = forms.ChoiceField(label="Which quarter", required=False)
    start_date = DateField(label="Start date", required=False, help_text="For example, 1 7 2024")
    end_date = DateField(label="End date", required=False, help_text="For example, 31 7 2024")
    scope = forms.ChoiceField(
        label="Areas of concern",
        required=False,
        help_text="A digest can cover every area of concern, the areas of one theme, or one area.",
    )

    nested_fields = {"period": {"month": "month", "quarter": "quarter"}}
    option_hints = {
        "period": {
            "month": "A calendar month, as monthly recipients get it.",
            "quarter": "Three calendar months, as quarterly recipients get it.",
            "dates": "Any dates up to today, for example since the last board meeting.",
        }
    }

    def __init__(self, *args, authority, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority = authority
        self.today = today or timezone.localdate()
        first_event = (
            InspectionEvent.objects.published()
            .filter(authority=authority)
            .order_by("fieldwork_start")
            .values_list("fieldwork_start", flat=True)
            .first()
        )
        first = first_event or self.today - datetime.timedelta(days=365 * DEFAULT_YEARS_BACK)
        self.fields["month"].choices = [("", "Choose a month")] + [
            (f"{p.start:%Y-%m}", _so_far(p, self.today))
            for p in _periods(Cadence.MONTHLY, first, self.today)
        ]
        self.fields["quarter"].choices = [("", "Choose a quarter")] + [
            (f"{p.start.year}-Q{(p.start.month + 2) // 3}", _so_far(p, self.today))
            for p in _periods(Cadence.QUARTERLY, first, self.today)
        ]
        areas = list(
            AreaOfConcern.objects.published()
            .filter(authority=authority)
            .order_by("position", "id")
            .only("pk", "title", "theme")
        )
        themes = [theme for theme in Theme if any(area.theme == theme for area in areas)]
        self.fields["scope"].choices = [
            ("", "All areas of concern"),
            ("Themes", [(f"theme:{theme.value}", f"Theme: {theme.label}") for theme in themes]),
            ("One area of concern", [(f"area:{area.pk}", area.title) for area in areas]),
        ]
        last_month = Period.last_completed(Cadence.MONTHLY, self.today)
        self.initial.setdefault("period", "month")
        self.initial.setdefault("month", f"{last_month.start:%Y-%m}")

    def clean(self):
        cleaned = super().clean()
        self.selected_period = None
        kind = cleaned.get("period")
        if kind == "month":
            if not cleaned.get("month"):
                self.add_error("month", "Choose a month")
            else:
                year, month = (int(part) for part in cleaned["month"].split("-"))
                self.selected_period = Period.containing(
                    Cadence.MONTHLY, datetime.date(year, month, 1)
                )
        elif kind == "quarter":
            if not cleaned.get("quarter"):
                self.add_error("quarter", "Choose a quarter")
            else:
                year, quarter = cleaned["quarter"].split("-Q")
                first_month = 3 * (int(quarter) - 1) + 1
                self.selected_period = Period.containing(
                    Cadence.QUARTERLY, datetime.date(int(year), first_month, 1)
                )
        elif kind == "dates":
            self.selected_period = self._dates(cleaned)
        if kind != "dates":
            # Dates typed before another period was chosen are not used: nothing to correct there.
            for name in ("start_date", "end_date"):
                self._errors.pop(name, None)
        scope = cleaned.get("scope") or ""
        self.theme, self.area = "", None
        if scope.startswith("theme:"):
            self.theme = scope.removeprefix("theme:")
        elif scope.startswith("area:"):
            self.area = AreaOfConcern.objects.get(pk=int(scope.removeprefix("area:")))
        return cleaned

    def _dates(self, cleaned) -> Period | None:
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        for name, value in (("start_date", start), ("end_date", end)):
            if value is None and name not in self.errors:
                self.add_error(name, f"Enter the {self.fields[name].label.lower()}")
        if start is None or end is None:
            return None
        if end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
            return None
        if end > self.today:
            self.add_error("end_date", "The end date must be today or in the past")
            return None
        return Period.from_dates(start, end)

    @property
    def scope_label(self) -> str:
        return scope_label(self.theme, self.area)


class DigestSendForm(Form):
    """Who to send a digest to now: the authority's active recipients. Until it has been sent to
    anyone, those whose own digest covers the same areas are ticked to begin with; after that,
    nobody is, so that sending it again to one more recipient sends it to no one else."""

    recipients = forms.ModelMultipleChoiceField(
        label="Send it to",
        queryset=DigestSubscription.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who to send the digest to"},
    )

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        subscriptions = (
            DigestSubscription.objects.filter(
                published_areas(), authority=report.authority_id, active=True
            )
            .select_related("area")
            .order_by("name", "id")
        )
        field = self.fields["recipients"]
        field.queryset = subscriptions
        field.label_from_instance = lambda subscription: (
            f"{subscription.name} ({subscription.email})"
        )
        already = set(report.deliveries.values_list("email", flat=True))
        self.already_sent = [s for s in subscriptions if s.email.strip().lower() in already]
        self.option_hints = {
            "recipients": {
                str(s.pk): f"{s.get_cadence_display()} · {s.scope}" for s in subscriptions
            }
        }
        self.initial.setdefault(
            "recipients",
            [
                s.pk
                for s in subscriptions
                if not already
                and (s.area_id or None) == (report.area_id or None)
                and (s.theme if not s.area_id else "") == report.theme
            ],
        )

    @property
    def already_sent_ids(self) -> set[str]:
        return {str(s.pk) for s in self.already_sent}
