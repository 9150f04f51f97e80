"""An illustrative improvement plan on Sefton's areas of concern, for trying the plan's pages and
reminders in development: a handful of actions led by the demo users and by one partner agency's
lead, some progress updates with their RAG, and impact measures linked to DfE's indicators where
they are loaded. Not Sefton's published plan: titles and notes are generic.

Idempotent: an action is matched on its area and title, and is given its updates and measures
only when it has none, so a second run changes nothing."""

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from findings.indicators.models import Indicator
from findings.models import AreaOfConcern, ImprovementAction
from findings.services import save_action
from visits.models import LocalAuthority

from ...models import ImpactMeasure, ProgressUpdate
from ...services import record_update, save_measure

PARTNER = ("Head of public protection", "Merseyside Police")

# (area title, action title, lead: a demo username or PARTNER, due in days from today, status,
#  updates: (days ago, RAG, note, move the status to), measures: (description, indicator key))
PLAN = [
    (
        "Caseloads and management oversight, including out of hours",
        "Audit management oversight in a sample of case files each month",
        "officer",
        45,
        "in_progress",
        [
            (
                50,
                "amber",
                "The first two monthly audits are done. Oversight was recorded in "
                "most of the files sampled, but not always with a clear direction for the worker.",
                None,
            ),
            (
                18,
                "green",
                "Audit findings were shared with team managers, and the latest "
                "sample showed recorded direction in nearly every file.",
                None,
            ),
        ],
        [("Caseloads within the agreed range for every team", "caseload")],
    ),
    (
        "Parental consent before information-sharing in the MASH",
        "Refresh the MASH guidance on consent and brief all staff",
        "officer",
        -10,
        "in_progress",
        [
            (
                15,
                "amber",
                "The guidance has been redrafted. Briefings for the out-of-hours "
                "team are still to be arranged.",
                None,
            ),
        ],
        [("Fewer re-referrals within 12 months", "re-referrals")],
    ),
    (
        "Response to allegations against professionals",
        "Agree a joint referral pathway for allegations with partner agencies",
        PARTNER,
        14,
        "in_progress",
        [
            (
                7,
                "green",
                "The draft pathway was agreed at the partnership's operational group. "
                "Sign-off is planned for its next meeting.",
                None,
            ),
        ],
        [],
    ),
    (
        "Performance and quality assurance arrangements",
        "Report a monthly performance scorecard to the improvement board",
        "officer",
        -20,
        "in_progress",
        [
            (
                30,
                "green",
                "The scorecard was presented to the board for the first time and "
                "will now go every month.",
                "complete",
            ),
        ],
        [],
    ),
    (
        "Urgency and robustness of the child protection response",
        "Review strategy discussions for timeliness each quarter",
        "admin",
        90,
        "in_progress",
        [
            (
                40,
                "red",
                "The first review found too many strategy discussions held late. "
                "A recovery plan is being agreed with the police and health.",
                None,
            ),
        ],
        [
            (
                "Fewer children becoming the subject of a second child protection plan",
                "repeat-protection-plans",
            )
        ],
    ),
    (
        "Quality of assessments, plans and planning",
        "Introduce a practice standard for assessments and plans",
        "officer",
        120,
        "not_started",
        [],
        [],
    ),
]

WITH_EVIDENCE = PLAN[0][1]  # its latest update carries a small PDF
EVIDENCE_NAME = "Illustrative audit summary.pdf"
EVIDENCE = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


class Command(BaseCommand):
    help = (
        "Add an illustrative improvement plan to Sefton's areas of concern (development only): "
        "illustrative, not Sefton's published plan. Run load_sefton and create_demo_users first."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo plan is for development only: this refuses to run with DEBUG off."
            )
        authority = LocalAuthority.objects.filter(
            ons_code=settings.DEFAULT_AUTHORITY_ONS_CODE
        ).first()
        if authority is None:
            raise CommandError("Sefton's journey is not loaded: run load_sefton first.")
        users = {
            user.username: user for user in User.objects.filter(username__in=["officer", "admin"])
        }
        if len(users) < 2:
            raise CommandError("The demo users are missing: run create_demo_users first.")
        indicators = {i.key: i for i in Indicator.objects.filter(authority__isnull=True)}
        created = 0
        with transaction.atomic():
            for area_title, title, lead, due_in, status, updates, measures in PLAN:
                area = AreaOfConcern.objects.filter(authority=authority, title=area_title).first()
                if area is None:
                    raise CommandError(f"Sefton has no area of concern “{area_title}”.")
                action, new = self._action(area, title, lead, due_in, status, users)
                created += new
                if new:
                    self._progress(action, updates, users["officer"])
                    for description, key in measures:
                        save_measure(
                            ImpactMeasure(
                                action=action,
                                description=description,
                                indicator=indicators.get(key),
                            )
                        )
        self.stdout.write(
            f"Demo improvement plan (illustrative, not Sefton's published plan): {created} "
            f"action{'' if created == 1 else 's'} added, {len(PLAN) - created} already there."
        )

    def _action(self, area, title, lead, due_in, status, users) -> tuple[ImprovementAction, bool]:
        existing = ImprovementAction.objects.filter(area=area, title=title).first()
        if existing is not None:
            return existing, False
        action = ImprovementAction(
            area=area,
            title=title,
            due_date=timezone.localdate() + datetime.timedelta(days=due_in),
            status=status,
        )
        if lead == PARTNER:
            action.lead_name, action.lead_agency = PARTNER
        else:
            action.lead_user = users[lead]
        return save_action(action), True

    def _progress(self, action, updates, author) -> None:
        today = timezone.localdate()
        for number, (days_ago, rag, note, move_to) in enumerate(updates):
            update = ProgressUpdate(
                action=action,
                date=today - datetime.timedelta(days=days_ago),
                note=note,
                rag=rag,
                author=author,
            )
            # One update carries a file, to show how evidence is offered.
            latest = number == len(updates) - 1
            evidence = (
                (EVIDENCE_NAME, EVIDENCE) if action.title == WITH_EVIDENCE and latest else None
            )
            record_update(update, evidence=evidence, status=move_to)
        action.refresh_from_db()
        if action.is_complete and action.latest_update is not None:
            # Completed when its last update said so, not the day the demo was loaded.
            action.completed_on = action.latest_update.date
            save_action(action)
