from django.core.management.base import BaseCommand, CommandError

from findings.scale import CODE_PREFIX, generate, remove_scale_data
from visits.models import LocalAuthority


class Command(BaseCommand):
    help = (
        "Create synthetic authorities (ONS codes starting E99) with inspections, visits, areas, "
        "ratings, findings and actions, for benchmarks. Default: all 153 English children's "
        "services authorities' worth."
    )

    def add_arguments(self, parser):
        parser.add_argument("--authorities", type=int, default=153)
        parser.add_argument("--events", type=int, default=8, help="per authority")
        parser.add_argument("--areas", type=int, default=10, help="per authority")
        parser.add_argument("--findings", type=int, default=20, help="per area per event")
        parser.add_argument("--seed", type=int, default=2022)
        parser.add_argument(
            "--replace", action="store_true", help="remove earlier scale data first"
        )

    def handle(self, *args, **options):
        for name in ("authorities", "events", "areas", "findings"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        if LocalAuthority.objects.filter(ons_code__startswith=CODE_PREFIX).exists():
            if not options["replace"]:
                raise CommandError(
                    "Scale data already exists: pass --replace to generate it afresh."
                )
            remove_scale_data()
        report = generate(
            authorities=options["authorities"],
            events=options["events"],
            areas=options["areas"],
            findings=options["findings"],
            seed=options["seed"],
        )
        self.stdout.write(
            f"Created {report.authorities} authorities, {report.events} events, {report.areas} areas, "
            f"{report.ratings} ratings, {report.findings} findings and {report.actions} actions: "
            f"{report.rows:,} rows in {report.seconds:.1f} s ({report.rows / report.seconds:,.0f} rows/s)."
        )
