"""Journeys out of inadequate: how long authorities judged inadequate waited for their next graded
inspection, and where one authority stands against them.

Plain Python over plain inputs: nothing here reads the database. Build the inputs with
`visits.national.selectors.journey_histories(user)` (Ofsted's rows and the events the user may
see, each once: three queries), or call `visits.national.selectors.national_journeys(user,
as_at=..., region=...)`, which also finds the edition's "as at" date and credit and returns a
`JourneyReport` (four queries). A `user` of None sees published events only (digests).

Public names (kept stable for the pages, the API and the digests):

    MONTH_DAYS                                   days in a month, one definition everywhere
    months_between(start, end) -> float          decimal months: days / MONTH_DAYS
    Visit, AuthorityVisits                       the inputs: one authority's inspections and visits
    Journey                                      one inadequate judgement and what followed
    build_journeys(histories, *, as_at, data_until) -> list[Journey]
    CurveStep                                    one step of the Kaplan-Meier curve
    km_curve(journeys) -> list[CurveStep]
    share_reinspected_by(curve, months) -> float | None
    months_until_share(curve, share) -> float | None
    Summary                                      counts and quartiles
    summarise(journeys) -> Summary
    Standing                                     where one authority stands (.text, .beyond_data)
    standing(journeys, ons_code, *, curve=None) -> Standing | None
    JourneyReport                                journeys, summary and curve together
    report(journeys, *, credits=()) -> JourneyReport
    method_text(summary) -> list[str]            how the figures were made, for the page
    limits_text(data_until) -> str               what the data cannot show
    share_in_words(share) -> str                 'half', 'a quarter', '61%'

Definitions, used everywhere:

- A journey starts at a graded inspection (standard or short ILACS) since 2018 whose overall
  effectiveness was inadequate, on the first day of its fieldwork (Ofsted's "inspection date"), and
  ends at the authority's next graded inspection, on its first day, whatever its grade: an
  authority judged inadequate again starts a new journey that day. An authority inadequate twice
  has two journeys.
- Months are decimal months: days / 30.4375 (the average month of the Gregorian calendar).
- A journey with no re-inspection yet is open. For the statistics it is censored at `data_until`
  (the date the data is complete to, Ofsted's "as at" date) or `as_at` if earlier: the authority
  is known to have waited at least that long, not how much longer. Its months so far are counted
  to `as_at`. An authority that has since ceased to exist (a reorganisation) was never
  re-inspected: it is censored at the last date the data shows for it, not counted as
  re-inspected.
- The median and quartiles come from the Kaplan-Meier product-limit estimator over all journeys,
  open ones as censored: the first month by which at least half (a quarter, three quarters) of
  the authorities had been re-inspected. Leaving open journeys out would make the wait look
  shorter than it is; a quartile the curve has not reached yet is None.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.formats import date_format

from visits.models import InspectionEvent, Judgement

MONTH_DAYS = 30.4375
SINCE = datetime.date(2018, 1, 1)  # Ofsted's spreadsheet lists graded inspections from 2018

GRADED = {InspectionEvent.Kind.STANDARD.value, InspectionEvent.Kind.SHORT.value}
MONITORING = InspectionEvent.Kind.MONITORING.value
INADEQUATE = Judgement.Grade.INADEQUATE.value


def months_between(start: datetime.date, end: datetime.date) -> float:
    """Decimal months from `start` to `end`: days / 30.4375."""
    return (end - start).days / MONTH_DAYS


# -- the inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """One inspection or visit of an authority, once, whether from Ofsted's rows, the tracker's
    events or both. `overall_effectiveness` is a Judgement.Grade value, or "" (a visit, or an
    inspection from April 2026, which has no overall grade)."""

    kind: str
    start_date: datetime.date
    overall_effectiveness: str = ""
    from_ofsted: bool = True
    from_tracker: bool = False


@dataclass(frozen=True)
class AuthorityVisits:
    """An authority and everything known of its inspections and visits, in any order."""

    ons_code: str
    name: str
    visits: tuple[Visit, ...]
    region: str = ""
    ofsted_region: str = ""
    still_exists: bool = True
    authority_id: int | None = None


# -- journeys ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Journey:
    """One inadequate judgement and what followed it, as at `as_at`."""

    authority: AuthorityVisits
    inadequate_on: datetime.date
    inadequate_kind: str
    next_on: datetime.date | None  # the next graded inspection's first day, None if not yet
    next_kind: str | None
    next_grade: str | None  # its overall effectiveness (Judgement.Grade value, "" if none given)
    monitoring_visits: tuple[datetime.date, ...]  # between the two, each once
    as_at: datetime.date
    observed_until: datetime.date  # an open journey is censored here
    monitoring_visits_from_tracker: tuple[datetime.date, ...] = field(default=())

    @property
    def ons_code(self) -> str:
        return self.authority.ons_code

    @property
    def name(self) -> str:
        return self.authority.name

    @property
    def reinspected(self) -> bool:
        return self.next_on is not None

    @property
    def ceased(self) -> bool:
        """Not re-inspected and the authority no longer exists: censored, not waiting."""
        return not self.reinspected and not self.authority.still_exists

    @property
    def waiting(self) -> bool:
        return not self.reinspected and self.authority.still_exists

    @property
    def months_to_next(self) -> float | None:
        """Months from the inadequate inspection to the next graded one; None if not yet."""
        return months_between(self.inadequate_on, self.next_on) if self.next_on else None

    @property
    def months_waiting(self) -> float | None:
        """For an authority still waiting: months since the inadequate inspection, as at
        `as_at`. None once re-inspected (or ceased)."""
        return months_between(self.inadequate_on, self.as_at) if self.waiting else None

    @property
    def months(self) -> float:
        """Months to re-inspection, or so far: what the page shows in one column."""
        if self.reinspected:
            return self.months_to_next
        if self.waiting:
            return self.months_waiting
        return self.months_observed

    @property
    def observed_days(self) -> int:
        """Days to re-inspection, or to censoring: the Kaplan-Meier time."""
        end = self.next_on or self.observed_until
        return (end - self.inadequate_on).days

    @property
    def months_observed(self) -> float:
        return self.observed_days / MONTH_DAYS

    @property
    def next_grade_label(self) -> str:
        if self.next_grade is None:
            return ""
        if not self.next_grade:
            return "No overall effectiveness grade"
        return Judgement.Grade(self.next_grade).label

    @property
    def status_label(self) -> str:
        if self.reinspected:
            return "Re-inspected"
        return "Still waiting" if self.waiting else "No longer exists"


def build_journeys(
    histories, *, as_at: datetime.date, data_until: datetime.date | None = None
) -> list[Journey]:
    """Every journey out of inadequate in `histories` (AuthorityVisits), oldest first, as at
    `as_at`: anything starting after `as_at` is not yet known. Open journeys are censored at
    `data_until` (or `as_at` if earlier, or the authority's last known date if it has ceased)."""
    observed_until = min(as_at, data_until) if data_until else as_at
    journeys = []
    for history in histories:
        visits = sorted(
            (v for v in history.visits if v.start_date <= as_at),
            key=lambda v: (v.start_date, v.kind),
        )
        graded = [v for v in visits if v.kind in GRADED]
        monitoring = [v for v in visits if v.kind == MONITORING]
        last_known = visits[-1].start_date if visits else observed_until
        for index, inspection in enumerate(graded):
            if inspection.start_date < SINCE or inspection.overall_effectiveness != INADEQUATE:
                continue
            following = graded[index + 1] if index + 1 < len(graded) else None
            end = following.start_date if following else as_at
            between = [v for v in monitoring if inspection.start_date < v.start_date < end]
            censor = observed_until if history.still_exists else min(observed_until, last_known)
            journeys.append(
                Journey(
                    authority=history,
                    inadequate_on=inspection.start_date,
                    inadequate_kind=inspection.kind,
                    next_on=following.start_date if following else None,
                    next_kind=following.kind if following else None,
                    next_grade=following.overall_effectiveness if following else None,
                    monitoring_visits=tuple(v.start_date for v in between),
                    monitoring_visits_from_tracker=tuple(
                        v.start_date for v in between if v.from_tracker and not v.from_ofsted
                    ),
                    as_at=as_at,
                    observed_until=max(censor, inspection.start_date),
                )
            )
    journeys.sort(key=lambda j: (j.inadequate_on, j.name))
    return journeys


# -- the Kaplan-Meier curve ----------------------------------------------------------------------


@dataclass(frozen=True)
class CurveStep:
    """The curve at one time at which a journey ended or was censored."""

    days: int
    at_risk: int  # journeys still open just before this time
    reinspected: int  # journeys ending in re-inspection at this time
    censored: int  # open journeys censored at this time
    still_waiting: Fraction  # the estimated share not yet re-inspected, just after this time

    @property
    def months(self) -> float:
        return self.days / MONTH_DAYS

    @property
    def share_reinspected(self) -> float:
        return float(1 - self.still_waiting)


def km_curve(journeys) -> list[CurveStep]:
    """The Kaplan-Meier product-limit estimate of the share still waiting, one step per distinct
    time (in days) at which a journey ended or was censored. At a time where both happen, the
    censored journeys count as still at risk (the usual convention). Exact fractions, so a share
    of exactly a half is a half."""
    ends = Counter()
    censored = Counter()
    for journey in journeys:
        (ends if journey.reinspected else censored)[journey.observed_days] += 1
    at_risk = sum(ends.values()) + sum(censored.values())
    waiting = Fraction(1)
    steps = []
    for days in sorted(set(ends) | set(censored)):
        if ends[days]:
            waiting *= 1 - Fraction(ends[days], at_risk)
        steps.append(CurveStep(days, at_risk, ends[days], censored[days], waiting))
        at_risk -= ends[days] + censored[days]
    return steps


def share_reinspected_by(curve: list[CurveStep], months: float) -> float | None:
    """The estimated share of authorities re-inspected within `months` of their inadequate
    judgement. None beyond the longest journey followed when that one was censored (the curve
    says nothing there), or when there are no journeys."""
    if not curve:
        return None
    last = curve[-1]
    if months * MONTH_DAYS > last.days and last.censored and not last.reinspected:
        return None
    waiting = Fraction(1)
    for step in curve:
        if step.days > months * MONTH_DAYS:
            break
        waiting = step.still_waiting
    return float(1 - waiting)


def months_until_share(curve: list[CurveStep], share: float) -> float | None:
    """The first month by which at least `share` of authorities had been re-inspected (0.5: the
    median); None if the curve has not reached it."""
    target = 1 - Fraction(share).limit_denominator(1000)
    for step in curve:
        if step.reinspected and step.still_waiting <= target:
            return step.months
    return None


# -- the summary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    judged: int  # inadequate judgements (journeys)
    authorities: int  # authorities with at least one
    reinspected: int
    waiting: int
    ceased: int  # not re-inspected and no longer exists (censored)
    outcomes: dict  # next grade (Judgement.Grade value, "" for none given) -> count
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    data_until: datetime.date | None
    as_at: datetime.date | None

    @property
    def censored(self) -> int:
        return self.waiting + self.ceased

    @property
    def outcome_labels(self) -> list[tuple[str, int]]:
        """(grade label, count), best grade first, every grade listed."""
        rows = [(g.label, self.outcomes.get(g.value, 0)) for g in Judgement.Grade]
        if self.outcomes.get(""):
            rows.append(("No overall effectiveness grade", self.outcomes[""]))
        return rows


def summarise(journeys) -> Summary:
    journeys = list(journeys)
    curve = km_curve(journeys)
    return Summary(
        judged=len(journeys),
        authorities=len({j.ons_code for j in journeys}),
        reinspected=sum(j.reinspected for j in journeys),
        waiting=sum(j.waiting for j in journeys),
        ceased=sum(j.ceased for j in journeys),
        outcomes=dict(Counter(j.next_grade for j in journeys if j.reinspected)),
        median=months_until_share(curve, 0.5),
        lower_quartile=months_until_share(curve, 0.25),
        upper_quartile=months_until_share(curve, 0.75),
        data_until=max((j.observed_until for j in journeys), default=None),
        as_at=journeys[0].as_at if journeys else None,
    )


@dataclass(frozen=True)
class JourneyReport:
    journeys: list[Journey]
    summary: Summary
    curve: list[CurveStep]
    credits: tuple[str, ...] = ()  # the publications the journeys come from

    def standing(self, ons_code: str) -> "Standing | None":
        return standing(self.journeys, ons_code, curve=self.curve)


def report(journeys, *, credits=()) -> JourneyReport:
    journeys = list(journeys)
    return JourneyReport(journeys, summarise(journeys), km_curve(journeys), tuple(credits))


# -- one authority -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where one authority's latest journey stands against everyone's."""

    journey: Journey
    months: float  # to re-inspection, or so far
    # Of all authorities, by that many months (Kaplan-Meier); None beyond the longest journey
    # followed, where the curve rests on too few authorities to say.
    share_reinspected: float | None
    median: float | None
    longest: float | None = None  # the longest any journey in the data was followed, in months

    @property
    def beyond_data(self) -> bool:
        """Further than any journey in the data was followed: the curve's last value is all it
        can say, from very few authorities."""
        return self.longest is None or self.months > self.longest

    @property
    def whole_months(self) -> int:
        return int(self.months)

    @property
    def text(self) -> str:
        """'22 months since the inadequate judgement; by then half of the authorities judged
        inadequate had been re-inspected.'"""
        months = self.whole_months
        unit = "month" if months == 1 else "months"
        if self.journey.reinspected:
            opening = f"Re-inspected {months} {unit} after the inadequate judgement"
        else:
            opening = f"{months} {unit} since the inadequate judgement"
        if self.beyond_data:
            longest = "" if self.longest is None else f" ({int(self.longest)} months)"
            return (
                f"{opening}, longer than Ofsted's data follows any authority judged "
                f"inadequate{longest}, so it cannot say how many had been re-inspected by then."
            )
        return (
            f"{opening}; by then {share_in_words(self.share_reinspected)} of the authorities "
            "judged inadequate had been re-inspected."
        )


def standing(journeys, ons_code: str, *, curve: list[CurveStep] | None = None) -> Standing | None:
    """The authority's latest journey, its months to re-inspection (or so far, as at the
    journeys' `as_at`) and the share of all authorities re-inspected by then; None if it has no
    inadequate judgement in the data."""
    journeys = list(journeys)
    own = [j for j in journeys if j.ons_code == ons_code]
    if not own:
        return None
    journey = own[-1]
    curve = km_curve(journeys) if curve is None else curve
    months = journey.months
    longest = curve[-1].months if curve else None
    beyond = longest is None or months > longest
    return Standing(
        journey=journey,
        months=months,
        share_reinspected=None if beyond else share_reinspected_by(curve, months),
        median=months_until_share(curve, 0.5),
        longest=longest,
    )


# -- words ---------------------------------------------------------------------------------------

_SHARE_WORDS = {
    Fraction(0): "none",
    Fraction(1, 4): "a quarter",
    Fraction(1, 3): "a third",
    Fraction(1, 2): "half",
    Fraction(2, 3): "two thirds",
    Fraction(3, 4): "three quarters",
    Fraction(1): "all",
}


def share_in_words(share: float) -> str:
    """'half', 'a quarter', 'all', else a whole percentage ('61%')."""
    exact = Fraction(share).limit_denominator(1000)
    if exact in _SHARE_WORDS and abs(float(exact) - share) < 1e-9:
        return _SHARE_WORDS[exact]
    return f"{round(share * 100)}%"


def _count(number: int, one: str, many: str = "") -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


def _within(share: str, months: float | None) -> str:
    if months is None:
        return f"{share} had not been re-inspected within the time the data follows"
    return f"{share} had been re-inspected within {months:.1f} months"


def method_text(summary: Summary) -> list[str]:
    """How the figures were made, in plain words, for the page (and the API's summary)."""
    as_at = f" at {date_format(summary.data_until, 'j F Y')}" if summary.data_until else ""
    ceased = (
        f" {summary.ceased} no longer exist{'s' if summary.ceased == 1 else ''} and "
        f"{'was' if summary.ceased == 1 else 'were'} never re-inspected."
        if summary.ceased
        else ""
    )
    return [
        f"{_count(summary.judged, 'inadequate judgement')} at graded inspections since 2018 "
        f"({_count(summary.authorities, 'authority', 'authorities')}): "
        f"{summary.reinspected} re-inspected, "
        f"{summary.waiting} still waiting{as_at}.{ceased}",
        (
            f"Median wait for re-inspection: {summary.median:.1f} months."
            if summary.median is not None
            else "Median wait for re-inspection: not known yet, as fewer than half of the "
            "authorities had been re-inspected within the time the data follows."
        )
        + f" {_within('A quarter', summary.lower_quartile)};"
        + f" {_within('three quarters', summary.upper_quartile)}.",
        "These are Kaplan-Meier estimates: an authority still waiting is counted as censored — "
        "known to have waited at least as long as it has so far — rather than left out, which "
        "would make the wait look shorter than it is. An authority that has ceased to exist is "
        "censored too, not counted as re-inspected. Months run from the first day of one "
        "inspection to the first day of the next (days / 30.4375).",
    ]


def limits_text(data_until: datetime.date | None) -> str:
    """What the data cannot show."""
    if data_until:
        year_start = data_until.replace(year=data_until.year - 1) + datetime.timedelta(days=1)
        period = f" ({date_format(year_start, 'j F Y')} to {date_format(data_until, 'j F Y')})"
    else:
        period = ""
    return (
        "Ofsted's spreadsheet lists monitoring and focused visits for one year only"
        f"{period}: earlier monitoring visits are not in it, so before then only the visits the "
        "tracker records are shown. It lists graded inspections since 2018, so an inadequate "
        "judgement under the earlier framework is not counted, and inspections from April 2026 "
        "give no overall effectiveness grade."
    )
