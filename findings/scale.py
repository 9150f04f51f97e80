"""Synthetic data at national scale, for benchmarks: N authorities, each with a graded inspection and
monitoring visits, areas of concern, ratings, findings and actions.

Rows are written with bulk_create and so skip django-simple-history on purpose: this is load, not a
record of anyone's work. Authorities get ONS-like codes starting E99, which no real area uses, so
scale data never mixes with real authorities and can be removed cleanly.
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.db import connection, transaction

from visits.models import InspectionEvent, Judgement, LocalAuthority

from .models import RAG, AreaOfConcern, AreaReview, Finding, ImprovementAction, Theme

CODE_PREFIX = "E99"
REGIONS = [
    "North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
    "East of England", "London", "South East", "South West",
]  # fmt: skip
SUBJECTS = [
    "Strategy discussions", "Return home interviews", "Assessments", "Child protection plans",
    "Supervision", "Management oversight", "Audits", "Care plans", "Pathway plans", "Visits to children",
    "Private fostering assessments", "Early help", "Threshold decisions", "Permanence planning",
]  # fmt: skip
VERDICTS = {
    Finding.Polarity.STRENGTH: [
        "are timely and well recorded", "now consistently consider children's history",
        "are purposeful and child-focused", "have significantly improved since the last inspection",
    ],
    Finding.Polarity.WEAKNESS: [
        "are not consistently timely", "do not sufficiently reduce risk to children",
        "lack depth and analysis of cumulative harm", "are not reviewed when circumstances change",
    ],
    Finding.Polarity.MIXED: [
        "are improving but remain inconsistent", "are mostly timely although some lack detail",
        "are better informed by partners, but escalation is not always effective",
    ],
}  # fmt: skip


@dataclass
class ScaleReport:
    authorities: int = 0
    events: int = 0
    areas: int = 0
    ratings: int = 0
    findings: int = 0
    actions: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return (
            self.authorities
            + self.events
            + self.areas
            + self.ratings
            + self.findings
            + self.actions
        )


@transaction.atomic
def remove_scale_data() -> None:
    """Delete scale data with plain SQL: no per-row signals, so no history rows for a clean-up."""
    authorities = "SELECT id FROM visits_localauthority WHERE ons_code LIKE %s"
    events = f"SELECT id FROM visits_inspectionevent WHERE authority_id IN ({authorities})"
    areas = f"SELECT id FROM findings_areaofconcern WHERE authority_id IN ({authorities})"
    statements = [
        f"DELETE FROM findings_areareview WHERE event_id IN ({events})",
        f"DELETE FROM findings_finding WHERE event_id IN ({events})",
        f"DELETE FROM findings_improvementaction WHERE area_id IN ({areas})",
        f"DELETE FROM findings_areaofconcern WHERE authority_id IN ({authorities})",
        f"DELETE FROM visits_judgement WHERE event_id IN ({events})",
        f"DELETE FROM visits_inspectionevent WHERE authority_id IN ({authorities})",
        "DELETE FROM visits_localauthority WHERE ons_code LIKE %s",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, [f"{CODE_PREFIX}%"])


@transaction.atomic
def generate(
    authorities: int = 153, events: int = 8, areas: int = 10, findings: int = 20, seed: int = 2022
) -> ScaleReport:
    """Create the data; `findings` is per area per event."""
    rng = random.Random(seed)
    started = time.perf_counter()
    report = ScaleReport()
    themes = list(Theme)
    today = datetime.date.today()

    las = LocalAuthority.objects.bulk_create(
        LocalAuthority(
            name=f"Scale test authority {n:03d}",
            ons_code=f"{CODE_PREFIX}{n:06d}",
            region=REGIONS[n % len(REGIONS)],
        )
        for n in range(1, authorities + 1)
    )
    report.authorities = len(las)

    event_rows = []
    for la in las:
        start = datetime.date(2022, 1, 10) + datetime.timedelta(days=rng.randrange(0, 300))
        for index in range(events):
            first_day = start + datetime.timedelta(days=110 * index)
            event_rows.append(
                InspectionEvent(
                    authority=la,
                    kind=InspectionEvent.Kind.STANDARD
                    if index == 0
                    else InspectionEvent.Kind.MONITORING,
                    visit_number=None if index == 0 else index,
                    fieldwork_start=first_day,
                    fieldwork_end=first_day + datetime.timedelta(days=1 if index else 11),
                    published_on=first_day + datetime.timedelta(days=30),
                    inspectors="Scale Inspector",
                    lead_inspector="Scale Inspector",
                    source_reference="Generated scale data",
                    headline_summary="Generated for performance testing.",
                    status=InspectionEvent.Status.PUBLISHED,
                )
            )
    event_rows = InspectionEvent.objects.bulk_create(event_rows, batch_size=2000)
    report.events = len(event_rows)
    Judgement.objects.bulk_create(
        Judgement(event=event, judgement=name, grade=Judgement.Grade.INADEQUATE)
        for event in event_rows
        if event.kind == InspectionEvent.Kind.STANDARD
        for name in (
            Judgement.Name.IMPACT_OF_LEADERS,
            Judgement.Name.HELP_AND_PROTECTION,
            Judgement.Name.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
            Judgement.Name.OVERALL_EFFECTIVENESS,
        )
    )
    events_by_la: dict[int, list[InspectionEvent]] = {}
    for event in event_rows:
        events_by_la.setdefault(event.authority_id, []).append(event)

    area_rows = AreaOfConcern.objects.bulk_create(
        (
            AreaOfConcern(
                authority=la,
                title=f"{SUBJECTS[(n + i) % len(SUBJECTS)]} ({i + 1})",
                description=f"The quality and timeliness of {SUBJECTS[(n + i) % len(SUBJECTS)].lower()}.",
                theme=themes[(n + i) % len(themes)],
                raised_by=events_by_la[la.pk][0],
                position=i + 1,
            )
            for n, la in enumerate(las)
            for i in range(areas)
        ),
        batch_size=2000,
    )
    report.areas = len(area_rows)

    ratings, finding_rows, actions = [], [], []
    levels = list(RAG)
    for area in area_rows:
        level = 0
        for event in events_by_la[area.authority_id]:
            rag = levels[level]
            ratings.append(
                AreaReview(
                    event=event,
                    area=area,
                    rag=rag,
                    rationale=f"Generated rating: {rag.meaning.lower()}; risk to children is monitored.",
                )
            )
            for order in range(findings):
                polarity = rng.choice(list(Finding.Polarity))
                finding_rows.append(
                    Finding(
                        event=event,
                        area=area,
                        text=f"{rng.choice(SUBJECTS)} {rng.choice(VERDICTS[polarity])}.",
                        polarity=polarity,
                        section=Finding.Section.FINDINGS,
                        paragraph=order + 1,
                        order=area.position * findings + order + 1,
                    )
                )
            level = max(0, min(2, level + rng.choice((-1, 0, 1, 1))))
        if len(finding_rows) >= 20_000:  # keep memory flat at national scale
            report.findings += len(Finding.objects.bulk_create(finding_rows, batch_size=5000))
            finding_rows = []
        for n in range(2):
            actions.append(
                ImprovementAction(
                    area=area,
                    title=f"Improve {area.title.lower()} (step {n + 1})",
                    lead_name="Service manager",
                    due_date=today + datetime.timedelta(days=rng.randrange(-120, 240)),
                    status=rng.choice(list(ImprovementAction.Status)),
                )
            )
    report.ratings = len(AreaReview.objects.bulk_create(ratings, batch_size=5000))
    report.findings += len(Finding.objects.bulk_create(finding_rows, batch_size=5000))
    report.actions = len(ImprovementAction.objects.bulk_create(actions, batch_size=5000))
    report.seconds = time.perf_counter() - started
    return report
