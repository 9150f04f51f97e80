"""Loads an authority's improvement journey from a JSON file (Sefton's is findings/data/sefton.json).

Idempotent: rows are matched on natural keys and saved only when a value differs, so a second run
writes nothing — not even a history entry.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from visits.models import InspectionEvent, Judgement, LocalAuthority

from .models import AreaOfConcern, AreaReview, Finding

SEFTON_DATA = Path(__file__).resolve().parent / "data" / "sefton.json"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    authority: LocalAuthority | None = None  # the authority whose journey was loaded

    def count(self, kind: str, model) -> None:
        bucket = self.created if kind == "created" else self.updated
        name = model._meta.verbose_name_plural
        bucket[name] = bucket.get(name, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(report: LoadReport, model, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        report.count("created", model)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        if hasattr(obj, "version"):
            obj.version += 1
            changed.append("version")
        obj.save()
        report.count("updated", model)
    return obj


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load_journey(path: Path = SEFTON_DATA) -> LoadReport:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    report = LoadReport()
    a = data["authority"]
    authority = _upsert(
        report,
        LocalAuthority,
        {"ons_code": a["ons_code"]},
        {"name": a["name"], "region": a["region"]},
    )
    report.authority = authority

    events = {}
    for e in data["events"]:
        events[e["key"]] = _upsert(
            report,
            InspectionEvent,
            {
                "authority": authority,
                "kind": e["kind"],
                "fieldwork_start": _date(e["fieldwork_start"]),
            },
            {
                "visit_number": e["visit_number"],
                "fieldwork_end": _date(e["fieldwork_end"]),
                "published_on": _date(e["published_on"]),
                "lead_inspector": e["lead_inspector"],
                "inspectors": ", ".join(e["inspectors"]),
                "source_reference": e["source_reference"],
                "headline_summary": e["headline_summary"],
                "status": InspectionEvent.Status.PUBLISHED,
            },
        )
    raising_event = next((events[e["key"]] for e in data["events"] if e["judgements"]), None)

    areas = {}
    for area in data["areas"]:
        areas[area["key"]] = _upsert(
            report,
            AreaOfConcern,
            {"authority": authority, "position": area["position"]},
            {
                "title": area["title"],
                "description": area["description"],
                "theme": area["theme"],
                "raised_by": raising_event,
            },
        )

    for e in data["events"]:
        event = events[e["key"]]
        for j in e["judgements"]:
            _upsert(
                report,
                Judgement,
                {"event": event, "judgement": j["judgement"]},
                {"grade": j["grade"]},
            )
        day = _date(e["published_on"]) or _date(e["fieldwork_end"])
        rated_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        for r in e["reviews"]:
            _upsert(
                report,
                AreaReview,
                {"event": event, "area": areas[r["area"]]},
                {
                    "area_wording": r["area_wording"],
                    "rag": r["rag"],
                    "rationale": r["rationale"],
                    "rated_at": rated_at,
                },
            )
        for f in e["findings"]:
            _upsert(
                report,
                Finding,
                {"event": event, "order": f["order"]},
                {
                    "area": areas[f["area"]] if f["area"] else None,
                    "section": f["section"],
                    "paragraph": f["paragraph"],
                    "polarity": f["polarity"],
                    "text": f["text"],
                },
            )
    return report
