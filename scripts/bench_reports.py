"""Benchmark PDF rendering: the sixth visit's progress letter and a ~30-page quarterly digest over a
large generated dataset. Prints seconds per render, pages per second and peak memory.

    make bench-reports            (or: .venv/bin/python scripts/bench_reports.py --help)

Runs on a throwaway SQLite database in a temporary folder (never the app's own), loads Sefton's
journey, adds a large generated authority-wide dataset, and renders in this one process, as a
worker does: WeasyPrint imported and the print stylesheet parsed once, then reused. The PDFs are
written to var/bench/ to be looked at. A benchmark, not a test: it always exits 0.
"""

import argparse
import datetime
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
TARGETS = {"letter": 0.5, "digest": 3.0, "memory_mb": 300}

# Generated findings are built from these fragments; they read like a letter without quoting one.
SUBJECTS = [
    "Managers' oversight of casework",
    "The quality of assessments",
    "Planning for children in care",
    "Multi-agency information sharing",
    "The response to children at risk of exploitation",
    "Supervision of social workers",
    "Return home interviews",
    "Pathway planning for care leavers",
    "The use of the public law outline",
    "Auditing of frontline practice",
]
VERDICTS = [
    "is now more consistent and is helping practitioners to focus on what matters for children",
    "remains variable, and in some teams decisions are not recorded clearly enough",
    "has improved since the last visit, although the pace of change is slow in places",
    "is not yet strong enough to make sure that every child receives a timely service",
    "is increasingly effective, with clearer actions and regular review by senior leaders",
]
DETAILS = [
    "Leaders have a clearer understanding of where practice needs to improve.",
    "Caseloads are now more manageable for most practitioners.",
    "Some children experience drift and delay before their needs are met.",
    "Partners report better working relationships and more timely escalation.",
    "Records do not always show the rationale for key decisions.",
    "Quality assurance activity is beginning to identify recurring weaknesses.",
]


def configure(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["VAR_DIR"] = str(workdir / "var")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["CELERY_BROKER_URL"] = ""
    # As `make run`: the development key and static files straight from static/ (no collectstatic).
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sefton_tracker.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def build_dataset(
    seed: int, areas: int, events: int, reviewed: int, findings_per_event: int, actions: int
):
    """Sefton's real journey, plus generated areas, monitoring visits every five weeks from
    September 2024 (three of them reported in the digest's quarter, January to March 2025), their
    ratings and findings, and improvement actions, many overdue. Bulk writes: scale data needs no
    history."""
    from django.core.management import call_command

    from findings.models import RAG, AreaOfConcern, AreaReview, Finding, ImprovementAction, Theme
    from findings.seed import load_journey
    from visits.models import InspectionEvent

    call_command("migrate", verbosity=0)
    sefton = load_journey().authority
    rng = random.Random(seed)
    themes = list(Theme.values)
    AreaOfConcern.objects.bulk_create(
        AreaOfConcern(
            authority=sefton,
            title=f"Generated area {n}: {rng.choice(SUBJECTS).lower()}",
            description=f"{rng.choice(SUBJECTS)} {rng.choice(VERDICTS)}.",
            theme=rng.choice(themes),
            position=100 + n,
        )
        for n in range(areas)
    )
    all_areas = list(AreaOfConcern.objects.filter(authority=sefton))
    first = datetime.date(2024, 9, 2)
    new_events = InspectionEvent.objects.bulk_create(
        InspectionEvent(
            authority=sefton,
            kind=InspectionEvent.Kind.MONITORING,
            visit_number=7 + n,
            fieldwork_start=first + datetime.timedelta(days=35 * n),
            fieldwork_end=first + datetime.timedelta(days=35 * n + 1),
            published_on=first + datetime.timedelta(days=35 * n + 20),
            inspectors="Generated Inspector",
            headline_summary=f"{rng.choice(SUBJECTS)} {rng.choice(VERDICTS)}.",
            status=InspectionEvent.Status.PUBLISHED,
        )
        for n in range(events)
    )
    reviews, findings = [], []
    for event in new_events:
        covered = rng.sample(all_areas, reviewed)
        for area in covered:
            reviews.append(
                AreaReview(
                    event=event,
                    area=area,
                    rag=rng.choice(RAG.values),
                    rationale=" ".join(rng.sample(DETAILS, 3)) + " " + rng.choice(DETAILS),
                )
            )
        for order in range(1, findings_per_event + 1):
            findings.append(
                Finding(
                    event=event,
                    area=rng.choice(covered),
                    text=f"{rng.choice(SUBJECTS)} {rng.choice(VERDICTS)}. "
                    + " ".join(rng.sample(DETAILS, 2)),
                    polarity=rng.choice(Finding.Polarity.values),
                    section=Finding.Section.FINDINGS,
                    paragraph=order,
                    order=order,
                )
            )
    AreaReview.objects.bulk_create(reviews)
    Finding.objects.bulk_create(findings)
    ImprovementAction.objects.bulk_create(
        ImprovementAction(
            area=rng.choice(all_areas),
            title=f"Action {n}: strengthen {rng.choice(SUBJECTS).lower()}",
            lead_name=rng.choice(["Head of service", "Principal social worker", "Team manager"]),
            due_date=datetime.date(2024, 6, 1) + datetime.timedelta(days=n % 500),
            status=rng.choice(["not_started", "in_progress", "complete"]),
        )
        for n in range(actions)
    )
    return sefton, InspectionEvent.objects.get(authority=sefton, visit_number=6)


def timed(render, repeat: int):
    """Wall-clock and CPU seconds of each render. On a shared machine the CPU time is the steadier
    figure: wall-clock time includes waiting for other processes."""
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = render()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu, result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="renders of each document (5)")
    parser.add_argument("--events", type=int, default=10, help="generated monitoring visits (10)")
    parser.add_argument("--reviewed", type=int, default=5, help="areas each visit reviews (5)")
    parser.add_argument("--findings", type=int, default=35, help="findings per visit (35)")
    parser.add_argument("--areas", type=int, default=40, help="generated areas of concern (40)")
    parser.add_argument("--actions", type=int, default=400, help="generated actions (400)")
    parser.add_argument("--out", type=Path, default=BASE_DIR / "var" / "bench")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as workdir:
        configure(Path(workdir))
        print("Setting up a throwaway database with a large generated dataset…", flush=True)
        sefton, sixth = build_dataset(
            1, args.areas, args.events, args.reviewed, args.findings, args.actions
        )

        from findings.models import AreaOfConcern, Finding, ImprovementAction
        from reports.digests import digest_context
        from reports.letters import letter_context
        from reports.models import Cadence
        from reports.periods import Period

        quarter = Period(Cadence.QUARTERLY, datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
        print(
            f"Dataset: {AreaOfConcern.objects.count()} areas, {sefton.events.count()} events, "
            f"{Finding.objects.count()} findings, {ImprovementAction.objects.count()} actions."
        )

        rss_before = peak_rss_mb()
        start = time.perf_counter()
        from reports.rendering import print_stylesheet, render_pdf

        print_stylesheet()
        startup = time.perf_counter() - start
        print(f"Worker start-up (import WeasyPrint, parse print CSS): {startup:.2f} s")

        def letter():
            return render_pdf("pdf/letter.html", letter_context(sixth.pk))

        def digest():
            return render_pdf("pdf/digest.html", digest_context(sefton.pk, quarter))

        letter()  # first use loads fonts; a worker pays this once
        rows = []
        for name, render in (("letter", letter), ("digest", digest)):
            wall, cpu, result = timed(render, args.repeat)
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{name}.pdf").write_bytes(result.data)
            rows.append((name, result.page_count, wall, cpu))

        context_start = time.perf_counter()
        digest_context(sefton.pk, quarter)
        context_seconds = time.perf_counter() - context_start

        tracemalloc.start()
        digest()
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = peak_rss_mb()

    load = os.getloadavg()[0]
    print()
    print(f"{args.repeat} renders each; load average {load:.1f} on {os.cpu_count()} CPUs.")
    print(
        f"{'document':<8} {'pages':>5} {'wall s':>7} {'(min)':>7} {'CPU s':>6} {'(min)':>7} "
        f"{'pages/s':>8}  target (median wall)"
    )
    for name, pages, wall, cpu in rows:
        median = statistics.median(wall)
        verdict = "met" if median < TARGETS[name] else "MISSED"
        print(
            f"{name:<8} {pages:>5} {median:>7.3f} {min(wall):>7.3f} {statistics.median(cpu):>6.3f} "
            f"{min(cpu):>7.3f} {pages / median:>8.1f}  < {TARGETS[name]} s: {verdict}"
        )
    print(f"(of which building the digest's context from the database: {context_seconds:.3f} s)")
    print()
    verdict = "met" if rss < TARGETS["memory_mb"] else "MISSED"
    print(
        f"Peak memory: {rss:.0f} MB resident (ru_maxrss; {rss_before:.0f} MB before rendering), "
        f"target < {TARGETS['memory_mb']} MB: {verdict}"
    )
    print(
        f"Python allocations during one digest render (tracemalloc peak): {traced_peak / 2**20:.1f} MB"
    )
    print(f"PDFs written to {args.out}/ (letter.pdf, digest.pdf)")


if __name__ == "__main__":
    main()
