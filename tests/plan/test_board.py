"""The plan as the board reads it (/plan/): every action under its area of concern, the counts at
the top (each a link to what it counts), the filters, the embargo, and a query count that stays
the same however long the plan is."""

import datetime
import html
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from findings.models import ImprovementAction, LeadRAG
from findings.plan.models import ProgressUpdate
from tests.support.factories import (
    AreaOfConcernFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    LocalAuthorityFactory,
    UserFactory,
)
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def text(response) -> str:
    """The page's main content as plain text."""
    content = response.content.decode()
    main = content[content.index("<main") : content.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def action(area, title, due=TODAY + 60 * DAY, **fields):
    return ImprovementActionFactory(area=area, title=title, due_date=due, **fields)


def update(action, note, rag=LeadRAG.ON_TRACK, date=TODAY, author=None, **fields):
    return ProgressUpdate.objects.create(
        action=action, note=note, rag=rag, date=date, author=author or UserFactory(), **fields
    )


@pytest.fixture
def plan(db):
    """Two areas, in their order, with actions of every kind: overdue, due soon, complete, led by
    a user or by a partner, rated or not."""
    authority = LocalAuthorityFactory(name="Sefton")
    second = AreaOfConcernFactory(authority=authority, title="The front door", position=2)
    first = AreaOfConcernFactory(authority=authority, title="Caseloads", position=1)
    lead = UserFactory(username="jo", first_name="Jo", last_name="Reid")
    late = action(
        first,
        "Audit supervision monthly",
        due=TODAY - 12 * DAY,
        lead_user=lead,
        lead_name="",
        rag=LeadRAG.AT_RISK,
        rag_reason="Two audits slipped.",
    )
    soon = action(
        second,
        "Train MASH staff on consent",
        due=TODAY + 5 * DAY,
        lead_name="DI Rob Jones",
        lead_agency="Merseyside Police",
        rag=LeadRAG.ON_TRACK,
        rag_reason="Sessions booked.",
    )
    done = action(first, "Recruit team managers", due=TODAY - 30 * DAY, status="complete")
    later = action(second, "Review the threshold document")
    update(late, "Older note.", date=TODAY - 20 * DAY, rag=LeadRAG.ON_TRACK)
    update(late, "Audits resumed in March; " + "x" * 300, rag=LeadRAG.AT_RISK, date=TODAY - DAY)
    update(soon, "Four sessions held.", evidence_url="https://intranet.example.org/sessions")
    return {
        "authority": authority,
        "areas": (first, second),
        "late": late,
        "soon": soon,
        "done": done,
        "later": later,
        "lead": lead,
    }


def board(client, plan, **params):
    query = {"authority": plan["authority"].pk, **params}
    return client.get("/plan/", query)


def test_every_action_is_shown_under_its_area_in_the_areas_order(client, board_member, plan):
    client.force_login(board_member)
    page = text(board(client, plan)).split("Apply filters")[1]
    assert page.index("Caseloads") < page.index("Audit supervision monthly")
    assert page.index("Recruit team managers") < page.index("The front door")
    assert page.index("The front door") < page.index("Train MASH staff on consent")
    assert "Review the threshold document" in page
    assert "Areas of concern with no actions yet" not in page


def test_the_areas_with_no_actions_are_named_below_the_plan(client, board_member, plan):
    AreaOfConcernFactory(authority=plan["authority"], title="Care leavers", position=3)
    client.force_login(board_member)
    page = text(board(client, plan))
    assert page.endswith("Areas of concern with no actions yet Care leavers")
    assert "no actions yet" not in text(board(client, plan, show="overdue"))


def test_a_row_shows_the_lead_the_due_date_the_rag_and_the_latest_update(
    client, board_member, plan
):
    client.force_login(board_member)
    response = board(client, plan)
    content = response.content.decode()
    page = text(response)
    assert "Jo Reid" in page and "DI Rob Jones, Merseyside Police" in page
    assert "Overdue by 12 days" in page
    assert '<strong class="govuk-tag govuk-tag--orange app-rag">At risk</strong>' in content
    assert '<strong class="govuk-tag govuk-tag--green app-rag">On track</strong>' in content
    # The latest update, its note cut short; not the older one.
    assert "Audits resumed in March; " + "x" * 150 in page
    assert "x" * 300 not in page and "Older note." not in page
    assert 'href="https://intranet.example.org/sessions" rel="noopener noreferrer"' in content
    assert f'href="/plan/actions/{plan["late"].pk}/"' in content
    assert "No progress reported yet" in page  # the action with no update


def test_the_counts_come_first_each_linking_to_what_it_counts(client, board_member, plan):
    client.force_login(board_member)
    response = board(client, plan)
    page = text(response)
    assert "4 actions in the plan" in page
    assert "1 overdue" in page and "1 due soon" in page and "1 complete" in page
    # Among the open ones: one on track, one at risk, one not rated.
    assert "1 On track" in page and "1 At risk" in page and "0 Off track" in page
    assert "1 Not rated" in page
    content = response.content.decode()
    authority = plan["authority"].pk
    for query in ("show=overdue", "show=due_soon", "show=complete", "show=open&amp;rag=amber"):
        assert f'href="/plan/?authority={authority}&amp;{query}#actions"' in content


@pytest.mark.parametrize(
    "params, shown",
    [
        ({"show": "overdue"}, ["late"]),
        ({"show": "due_soon"}, ["soon"]),
        ({"show": "complete"}, ["done"]),
        ({"show": "open"}, ["late", "soon", "later"]),
        ({"rag": "amber"}, ["late"]),
        ({"rag": "none"}, ["done", "later"]),
        ({"show": "open", "rag": "none"}, ["later"]),
        ({"lead": "partner-DI Rob Jones|Merseyside Police"}, ["soon"]),
        ({"lead": "partner-Head of safeguarding|"}, ["done", "later"]),
    ],
)
def test_the_filters_narrow_the_actions(client, board_member, plan, params, shown):
    client.force_login(board_member)
    page = text(board(client, plan, **params))
    titles = {name: plan[name].title for name in ("late", "soon", "done", "later")}
    assert {name for name, title in titles.items() if title in page} == set(shown)
    assert f"Showing {len(shown)} of 4 actions." in page


def test_a_lead_who_is_a_user_and_an_area_can_be_chosen(client, board_member, plan):
    client.force_login(board_member)
    content = board(client, plan).content.decode()
    assert f'<option value="user-{plan["lead"].pk}">Jo Reid</option>' in content
    page = text(board(client, plan, lead=f"user-{plan['lead'].pk}"))
    assert "Audit supervision monthly" in page and "Recruit team managers" not in page
    second = plan["areas"][1]
    page = text(board(client, plan, area=second.pk))
    assert "Train MASH staff on consent" in page and "Audit supervision monthly" not in page
    assert "Caseloads" not in page.split("Filter the actions")[1].split("Showing")[1]


def test_a_choice_not_on_the_list_is_reported_and_not_applied(client, board_member, plan):
    client.force_login(board_member)
    page = text(board(client, plan, show="someday", lead="user-99999"))
    assert "Select which actions from the list" in page
    assert "Select a lead from the list" in page
    assert "Showing 4 of 4 actions." in page


def test_no_action_matching_the_filters_is_said_plainly(client, board_member, plan):
    client.force_login(board_member)
    page = text(board(client, plan, show="overdue", rag="green"))
    assert "No actions match these filters." in page and "Clear the filters" in page


def test_an_empty_plan_says_so(client, board_member):
    authority = LocalAuthorityFactory()
    AreaOfConcernFactory(authority=authority, title="The front door")
    client.force_login(board_member)
    page = text(client.get("/plan/", {"authority": authority.pk}))
    assert f"There are no actions in {authority.name}'s improvement plan yet." in page
    assert "Areas of concern with no actions yet The front door" in page


def test_a_board_member_sees_no_action_of_an_area_raised_by_a_draft(
    client, board_member, officer, plan
):
    draft = InspectionEventFactory(
        authority=plan["authority"], visit_number=9, status=InspectionEvent.Status.DRAFT
    )
    hidden = AreaOfConcernFactory(
        authority=plan["authority"], title="Out-of-hours duty", raised_by=draft, position=3
    )
    action(hidden, "Staff the emergency duty rota", due=TODAY - DAY)
    client.force_login(board_member)
    page = text(board(client, plan))
    assert "Staff the emergency duty rota" not in page and "Out-of-hours duty" not in page
    assert "4 actions in the plan" in page and "1 overdue" in page
    client.force_login(officer)
    page = text(board(client, plan))
    assert "Staff the emergency duty rota" in page and "5 actions in the plan" in page


def test_the_board_links_to_the_reminder_emails_and_is_in_the_menu(client, board_member, plan):
    client.force_login(board_member)
    content = board(client, plan).content.decode()
    assert "Your reminder emails" in content
    assert re.search(r'href="/plan/"\s+aria-current="page"', content)


def test_the_board_offers_the_plan_as_a_pdf(client, officer, plan):
    client.force_login(officer)
    page = text(board(client, plan))
    assert "Improvement plan (PDF)" in page


# -- Query counts -------------------------------------------------------------------------------


def bulk_plan(actions: int, areas: int = 10):
    """A plan of `actions` actions over `areas` areas, each with three progress updates, made in
    bulk; half led by users, half by partners, a third overdue."""
    authority = LocalAuthorityFactory()
    area_list = [AreaOfConcernFactory(authority=authority) for _ in range(areas)]
    leads = [UserFactory() for _ in range(5)]
    author = UserFactory()
    rags = ["green", "amber", "red", ""]  # the first five hold every filter's match
    rows = []
    for n in range(actions):
        by_user = n % 2 == 0
        rag = rags[n % 4]
        rows.append(
            ImprovementAction(
                area=area_list[n % areas],
                title=f"Action {n}",
                lead_user=leads[n % 5] if by_user else None,
                lead_name="" if by_user else f"Partner lead {n % 7}",
                lead_agency="" if by_user else "Merseyside Police",
                due_date=TODAY + datetime.timedelta(days=(n % 90) - 30),
                status=["not_started", "in_progress", "complete"][n % 3],
                rag=rag,
                rag_reason="Because." if rag else "",
            )
        )
    created = ImprovementAction.objects.bulk_create(rows)
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=row,
            date=TODAY - datetime.timedelta(days=days),
            note=f"Update {days} on {row.title}.",
            rag="amber",
            author=author,
            evidence_url="https://intranet.example.org/e" if days == 1 else "",
        )
        for row in created
        for days in (1, 10, 20)
    )
    return authority


# The session, the user and the user's and groups' permissions; the authority chosen; the plan's
# leads (the filter's choices), its areas, its counts; the actions and their latest updates; the
# latest improvement plan PDF (its panel).
BOARD_QUERIES = 11


@pytest.mark.parametrize("params", [{}, {"show": "open", "rag": "amber", "lead": ""}])
def test_the_board_runs_the_same_queries_for_500_actions_as_for_5(
    client, board_member, django_assert_num_queries, params
):
    small, large = bulk_plan(5, areas=2), bulk_plan(500)
    client.force_login(board_member)
    for authority in (small, large):
        with django_assert_num_queries(BOARD_QUERIES):
            response = client.get("/plan/", {"authority": authority.pk, **params})
        assert response.status_code == 200
        assert "Showing" in text(response) and "No actions match" not in text(response)


def test_the_large_plan_really_is_500_actions(client, board_member):
    authority = bulk_plan(500)
    client.force_login(board_member)
    assert "500 actions in the plan" in text(client.get("/plan/", {"authority": authority.pk}))
    assert ProgressUpdate.objects.filter(action__area__authority=authority).count() == 1500


def test_the_demo_plan_loads_once_and_reads_on_the_board(client, sefton, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_plan")
    settings.DEBUG = True
    call_command("create_demo_users", stdout=io.StringIO())
    out = io.StringIO()
    call_command("create_demo_plan", stdout=out)
    call_command("create_demo_plan", stdout=out)
    assert "illustrative, not Sefton's published plan" in out.getvalue()
    assert "6 actions added" in out.getvalue() and "6 already there" in out.getvalue()
    assert ImprovementAction.objects.filter(area__authority=sefton).count() == 6
    client.force_login(User.objects.get(username="board"))
    page = text(client.get("/plan/"))
    assert "6 actions in the plan" in page and "1 overdue" in page and "1 complete" in page
    assert "Head of public protection, Merseyside Police" in page
    # The complete action was completed on its last update's day, not the day it was loaded.
    [done] = ImprovementAction.objects.filter(status=ImprovementAction.Status.COMPLETE)
    assert done.completed_on == done.latest_update.date < timezone.localdate()
