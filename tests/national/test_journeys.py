"""Journeys out of inadequate: who was re-inspected when, and the Kaplan-Meier statistics, on
histories small enough to work out by hand, and once on Ofsted's published data."""

import datetime

import pytest

from tests.support.factories import (
    InspectionEventFactory,
    InspectionFactory,
    JudgementFactory,
    OfstedOutcomeFactory,
)
from visits.models import InspectionEvent, Judgement
from visits.national import journeys
from visits.national.journeys import MONTH_DAYS, AuthorityVisits, Visit
from visits.national.loading import load_national_data
from visits.national.selectors import national_journeys

START = datetime.date(2020, 1, 6)
DATA_UNTIL = datetime.date(2025, 3, 31)


def day(offset):
    return START + datetime.timedelta(days=offset)


def inadequate(offset=0, kind="standard"):
    return Visit(kind, day(offset), "inadequate")


def graded(offset, grade):
    return Visit("standard", day(offset), grade)


def authority(code, *visits, still_exists=True, region="North West"):
    return AuthorityVisits(
        ons_code=code,
        name=f"Authority {code}",
        visits=visits,
        region=region,
        still_exists=still_exists,
    )


def waiting_until(days):
    """An authority judged inadequate `days` before the data's date, not yet re-inspected."""
    start = DATA_UNTIL - datetime.timedelta(days=days)
    return (Visit("standard", start, "inadequate"),)


def build(*histories, as_at=DATA_UNTIL):
    return journeys.build_journeys(histories, as_at=as_at, data_until=DATA_UNTIL)


def in_days(months):
    return None if months is None else round(months * MONTH_DAYS)


# Seven journeys: re-inspected after 100, 200, 200 and 300 days; still waiting after 150, 250
# and 400 days. By hand:
#   100 days: 7 at risk, 1 re-inspected  -> still waiting 6/7          (re-inspected 1/7)
#   150 days: 1 censored
#   200 days: 5 at risk, 2 re-inspected  -> 6/7 x 3/5 = 18/35          (re-inspected 17/35)
#   250 days: 1 censored
#   300 days: 2 at risk, 1 re-inspected  -> 18/35 x 1/2 = 9/35         (re-inspected 26/35)
#   400 days: 1 censored
# Lower quartile 200 days (17/35 >= 1/4), median 300 days (26/35 >= 1/2), upper quartile not
# reached (26/35 < 3/4). The finished journeys alone would give a median of 200 days.
SEVEN = [
    authority("A", inadequate(), graded(100, "good")),
    authority("B", *waiting_until(150)),
    authority("C", inadequate(), graded(200, "requires_improvement")),
    authority("D", inadequate(), graded(200, "requires_improvement")),
    authority("E", *waiting_until(250)),
    authority("F", inadequate(), graded(300, "good")),
    authority("G", *waiting_until(400)),
]


def test_the_quartiles_count_authorities_still_waiting_as_censored():
    summary = journeys.summarise(build(*SEVEN))

    assert in_days(summary.lower_quartile) == 200
    assert in_days(summary.median) == 300
    assert summary.upper_quartile is None


def test_the_curve_steps_down_only_at_re_inspections():
    curve = journeys.km_curve(build(*SEVEN))

    assert [(s.days, s.at_risk, s.reinspected, s.censored) for s in curve] == [
        (100, 7, 1, 0),
        (150, 6, 0, 1),
        (200, 5, 2, 0),
        (250, 3, 0, 1),
        (300, 2, 1, 0),
        (400, 1, 0, 1),
    ]
    assert [s.still_waiting for s in curve] == [
        pytest.approx(6 / 7),
        pytest.approx(6 / 7),
        pytest.approx(18 / 35),
        pytest.approx(18 / 35),
        pytest.approx(9 / 35),
        pytest.approx(9 / 35),
    ]


def test_it_counts_journeys_and_the_grades_they_ended_with():
    summary = journeys.summarise(build(*SEVEN))

    assert (summary.judged, summary.authorities, summary.reinspected, summary.waiting) == (
        7,
        7,
        4,
        3,
    )
    assert summary.outcomes == {"good": 2, "requires_improvement": 2}
    assert summary.outcome_labels == [
        ("Outstanding", 0),
        ("Good", 2),
        ("Requires improvement to be good", 2),
        ("Inadequate", 0),
    ]


def test_a_share_of_exactly_a_half_is_the_median():
    # Re-inspected after 100, 200 and 300 days, one still waiting after 600: still waiting 3/4,
    # then 3/4 x 2/3 = 1/2, then 1/2 x 1/2 = 1/4.
    summary = journeys.summarise(
        build(
            authority("A", inadequate(), graded(100, "good")),
            authority("B", inadequate(), graded(200, "good")),
            authority("C", inadequate(), graded(300, "good")),
            authority("D", *waiting_until(600)),
        )
    )

    assert [in_days(summary.lower_quartile), in_days(summary.median)] == [100, 200]
    assert in_days(summary.upper_quartile) == 300


def test_the_share_re_inspected_by_a_given_month_reads_the_curve():
    curve = journeys.km_curve(build(*SEVEN))

    assert journeys.share_reinspected_by(curve, 99 / MONTH_DAYS) == 0
    assert journeys.share_reinspected_by(curve, 150 / MONTH_DAYS) == pytest.approx(1 / 7)
    assert journeys.share_reinspected_by(curve, 400 / MONTH_DAYS) == pytest.approx(26 / 35)
    # Past the longest journey followed, which was still waiting: the curve says nothing.
    assert journeys.share_reinspected_by(curve, 401 / MONTH_DAYS) is None


def test_a_re_inspection_ends_a_journey_and_another_inadequate_starts_the_next():
    [first, second] = build(
        authority("A", inadequate(0), graded(500, "inadequate"), graded(900, "good"))
    )

    assert (first.inadequate_on, first.next_on, first.next_grade) == (
        day(0),
        day(500),
        "inadequate",
    )
    assert (second.inadequate_on, second.next_on, second.next_grade_label) == (
        day(500),
        day(900),
        "Good",
    )
    assert first.months_to_next == pytest.approx(500 / 30.4375)


def test_an_authority_still_waiting_counts_its_months_to_the_date_asked_and_is_censored_at_the_data():
    as_at = DATA_UNTIL + datetime.timedelta(days=365)
    [journey] = build(authority("A", *waiting_until(150)), as_at=as_at)

    assert journey.waiting and not journey.reinspected
    assert journey.months_to_next is None
    assert in_days(journey.months_waiting) == 150 + 365
    assert journey.observed_days == 150


def test_inspections_after_the_date_asked_are_not_yet_known():
    [journey] = build(authority("A", inadequate(), graded(300, "good")), as_at=day(200))

    assert journey.next_on is None
    assert in_days(journey.months_waiting) == 200
    assert journey.observed_days == 200


def test_an_authority_that_ceased_to_exist_is_censored_at_its_last_known_date_not_re_inspected():
    [journey] = build(
        authority("A", inadequate(), Visit("monitoring", day(120)), still_exists=False)
    )
    summary = journeys.summarise([journey])

    assert journey.ceased and not journey.waiting and not journey.reinspected
    assert journey.observed_days == 120
    assert journey.months_waiting is None
    assert (summary.reinspected, summary.waiting, summary.ceased, summary.censored) == (0, 0, 1, 1)
    assert summary.median is None


def test_it_lists_each_monitoring_visit_between_the_two_inspections_once():
    [journey] = build(
        authority(
            "A",
            inadequate(),
            Visit("monitoring", day(100), from_ofsted=False, from_tracker=True),
            Visit("monitoring", day(200), from_ofsted=True, from_tracker=True),
            Visit("focused", day(250)),
            graded(300, "good"),
            Visit("monitoring", day(400)),
        )
    )

    assert journey.monitoring_visits == (day(100), day(200))
    assert journey.monitoring_visits_from_tracker == (day(100),)


def test_only_inadequate_overall_effectiveness_since_2018_starts_a_journey():
    built = build(
        authority("A", Visit("standard", datetime.date(2017, 6, 5), "inadequate")),
        authority("B", graded(0, "requires_improvement"), graded(400, "good")),
        authority("C", Visit("monitoring", day(10)), inadequate(20, kind="short")),
    )

    assert [(j.ons_code, j.inadequate_kind) for j in built] == [("C", "short")]


def test_where_an_authority_stands_against_the_others():
    histories = [
        authority("A", inadequate(), graded(100, "good")),
        authority("B", inadequate(), graded(200, "good")),
        authority("C", inadequate(), graded(300, "good")),
        authority("D", *waiting_until(600)),
    ]

    standing = journeys.standing(build(*histories), "D")

    assert in_days(standing.months) == 600
    assert standing.share_reinspected == pytest.approx(3 / 4)
    assert standing.text == (
        "19 months since the inadequate judgement; by then three quarters of the authorities "
        "judged inadequate had been re-inspected."
    )
    assert journeys.standing(build(*histories), "B").text == (
        "Re-inspected 6 months after the inadequate judgement; by then half of the authorities "
        "judged inadequate had been re-inspected."
    )
    assert journeys.standing(build(*histories), "nobody") is None


def test_it_says_so_when_an_authority_has_waited_longer_than_the_data_follows_anyone():
    later = DATA_UNTIL + datetime.timedelta(days=400)
    built = build(
        authority("A", inadequate(), graded(100, "good")),
        authority("D", *waiting_until(600)),
        as_at=later,
    )

    standing = journeys.standing(built, "D")

    assert standing.beyond_data
    assert standing.share_reinspected is None
    assert standing.text == (
        "32 months since the inadequate judgement, longer than Ofsted's data follows any "
        "authority judged inadequate (19 months), so it cannot say how many had been "
        "re-inspected by then."
    )


def test_shares_read_as_words_where_they_are_simple_fractions():
    assert [journeys.share_in_words(s) for s in (0, 0.25, 0.5, 0.75, 1, 17 / 35)] == [
        "none",
        "a quarter",
        "half",
        "three quarters",
        "all",
        "49%",
    ]


def test_the_page_text_names_the_method_and_what_the_data_cannot_show():
    summary = journeys.summarise(build(*SEVEN))

    text = " ".join(journeys.method_text(summary))

    assert "7 inadequate judgements" in text
    assert "4 re-inspected, 3 still waiting at 31 March 2025" in text
    assert "Median wait for re-inspection: 9.9 months" in text
    assert (
        "A quarter had been re-inspected within 6.6 months; three quarters had not been "
        "re-inspected within the time the data follows."
    ) in text
    assert "Kaplan-Meier" in text and "censored" in text
    assert journeys.limits_text(DATA_UNTIL).startswith(
        "Ofsted's spreadsheet lists monitoring and focused visits for one year only "
        "(1 April 2024 to 31 March 2025): earlier monitoring visits are not in it"
    )


@pytest.mark.django_db
def test_the_tracker_s_published_events_join_ofsted_s_rows_once():
    event = InspectionFactory()
    JudgementFactory(event=event, grade=Judgement.Grade.INADEQUATE)
    OfstedOutcomeFactory(authority=event.authority, start_date=event.fieldwork_start)
    InspectionEventFactory(
        authority=event.authority,
        kind=InspectionEvent.Kind.MONITORING,
        visit_number=1,
        fieldwork_start=datetime.date(2022, 9, 6),
        fieldwork_end=datetime.date(2022, 9, 7),
        status=InspectionEvent.Status.PUBLISHED,
    )
    InspectionEventFactory(
        authority=event.authority,
        kind=InspectionEvent.Kind.MONITORING,
        visit_number=2,
        fieldwork_start=datetime.date(2023, 1, 10),
        fieldwork_end=datetime.date(2023, 1, 11),
        status=InspectionEvent.Status.DRAFT,
    )

    report = national_journeys(None, as_at=datetime.date(2024, 1, 1))

    [journey] = report.journeys
    assert journey.inadequate_on == datetime.date(2022, 2, 21)
    assert journey.monitoring_visits == (datetime.date(2022, 9, 6),)  # not the draft
    assert report.summary.judged == 1  # the inspection once, from both sources


@pytest.mark.django_db
def test_ofsted_s_published_data_as_at_31_march_2025():
    load_national_data()

    report = national_journeys(None, as_at=datetime.date(2025, 3, 31))
    summary = report.summary

    assert (summary.judged, summary.authorities) == (35, 33)
    assert (summary.reinspected, summary.waiting, summary.ceased) == (15, 19, 1)
    assert summary.outcomes == {"good": 6, "requires_improvement": 7, "inadequate": 2}
    # Wakefield and Newham (41.2 months), St Helens (45.5), Blackpool (48.3).
    assert [in_days(summary.lower_quartile), in_days(summary.median)] == [1253, 1386]
    assert in_days(summary.upper_quartile) == 1470
    assert summary.data_until == datetime.date(2025, 3, 31)

    sefton = report.standing("E08000014")
    assert sefton.journey.inadequate_on == datetime.date(2022, 2, 21)
    assert sefton.journey.monitoring_visits == (datetime.date(2024, 6, 25),)
    assert sefton.months == pytest.approx(1134 / 30.4375)
    assert sefton.share_reinspected == pytest.approx(9 / 85)
    assert sefton.text == (
        "37 months since the inadequate judgement; by then 11% of the authorities judged "
        "inadequate had been re-inspected."
    )
