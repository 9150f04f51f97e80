"""Reminder emails about the improvement plan: each threshold on its day (the clock is the `today`
the tasks are given), only the latest one missed, re-armed by a new due date, stopped by
completion or the user's choice, the embargo respected, the officers' weekly summary once a week,
and every email sent exactly once however the tasks are retried or repeated."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from findings.models import ImprovementAction, LeadRAG
from findings.plan import reminders, tasks
from findings.plan.models import ProgressUpdate, ReminderEmail, ReminderPreference
from sefton_tracker.celery import app
from sefton_tracker.core.roles import BOARD_MEMBER
from tests.support.factories import (
    AreaOfConcernFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
    LocalAuthorityFactory,
    UserFactory,
)
from tests.support.smtp import Inbox, smtp_server, use_smtp
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 3, 31)  # a Tuesday
Status = ReminderEmail.Status


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def authority(db):
    return LocalAuthorityFactory(name="Sefton")


@pytest.fixture
def area(authority):
    return AreaOfConcernFactory(authority=authority, title="The front door", position=1)


@pytest.fixture
def lead(db):
    user = UserFactory(
        username="lena", first_name="Lena", last_name="Lead", email="lena@example.org"
    )
    user.groups.add(Group.objects.get(name=BOARD_MEMBER))
    return user


@pytest.fixture
def action(area, lead):
    return ImprovementActionFactory(
        area=area, title="Share decisions with the LADO", lead_user=lead, lead_name="", due_date=DUE
    )


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the daily reminders task as on a given day (an ISO date); returns the emails sent."""

    def run_on(today: str, task=tasks.send_plan_reminders):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            task.delay(today=today)
        return mail.outbox[before:]

    return run_on


@pytest.fixture
def summarise(run):
    return lambda today: run(today, task=tasks.send_plan_summaries)


@pytest.fixture
def inbox(settings):
    """A real SMTP server (aiosmtpd) that this process's email goes to."""
    handler = Inbox()
    with smtp_server(handler) as port:
        use_smtp(settings, port)
        yield handler


# Thresholds --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today,expected",
    [
        ("2026-03-23", None),
        ("2026-03-24", ("due_soon", "due-soon")),
        ("2026-03-31", ("due_soon", "due-soon")),
        ("2026-04-01", ("overdue", "overdue")),
        ("2026-04-07", ("overdue", "overdue")),
        ("2026-04-08", ("still_overdue", "overdue-week-1")),
        ("2026-04-14", ("still_overdue", "overdue-week-1")),
        ("2026-04-15", ("still_overdue", "overdue-week-2")),
    ],
)
def test_the_threshold_reached_on_each_day(today, expected):
    assert reminders.threshold(DUE, day(today)) == expected


def test_each_reminder_is_sent_on_its_day_and_not_the_day_before(action, run):
    sent = {}
    for offset in range(29):  # 20 March to 17 April, one run a day
        today = datetime.date(2026, 3, 20) + datetime.timedelta(days=offset)
        for message in run(today.isoformat()):
            sent.setdefault(today.isoformat(), []).append(message.subject)
    assert sent == {
        "2026-03-24": ["Improvement action due on 31 March 2026: Share decisions with the LADO"],
        "2026-04-01": ["Improvement action overdue: Share decisions with the LADO"],
        "2026-04-08": ["Improvement action still overdue (8 days): Share decisions with the LADO"],
        "2026-04-15": ["Improvement action still overdue (15 days): Share decisions with the LADO"],
    }
    assert list(
        ReminderEmail.objects.order_by("created_at", "id").values_list("key", flat=True)
    ) == [
        f"action-{action.pk}:due-2026-03-31:due-soon",
        f"action-{action.pk}:due-2026-03-31:overdue",
        f"action-{action.pk}:due-2026-03-31:overdue-week-1",
        f"action-{action.pk}:due-2026-03-31:overdue-week-2",
    ]


def test_a_run_on_the_due_date_says_it_is_due_today(action, run):
    [message] = run("2026-03-31")
    assert message.subject == "Improvement action due today: Share decisions with the LADO"
    assert "An improvement action you lead is due today." in message.body


def test_only_the_latest_threshold_missed_is_sent(action, run):
    """The worker was down for three weeks: one email, not four."""
    [message] = run("2026-04-16")
    assert message.subject.startswith("Improvement action still overdue (16 days)")
    assert ReminderEmail.objects.get().key == f"action-{action.pk}:due-2026-03-31:overdue-week-2"
    assert run("2026-04-17") == []


def test_moving_the_due_date_re_arms_the_reminders(action, run):
    assert len(run("2026-03-24")) == 1
    action.due_date = datetime.date(2026, 4, 30)
    action.save()
    assert run("2026-03-25") == []
    [message] = run("2026-04-23")
    assert (
        message.subject == "Improvement action due on 30 April 2026: Share decisions with the LADO"
    )
    [overdue] = run("2026-05-01")
    assert overdue.subject.startswith("Improvement action overdue")


def test_completing_the_action_stops_the_reminders(action, run):
    assert len(run("2026-04-01")) == 1
    ImprovementAction.objects.filter(pk=action.pk).update(status=ImprovementAction.Status.COMPLETE)
    assert run("2026-04-08") == []
    assert run("2026-04-15") == []


def test_a_lead_who_turned_reminders_off_gets_none(action, lead, run):
    ReminderPreference.objects.create(user=lead, action_reminders=False)
    assert run("2026-03-24") == []
    assert run("2026-04-01") == []
    assert not ReminderEmail.objects.exists()


def test_turning_off_the_summary_leaves_the_action_reminders_on(action, lead, run):
    ReminderPreference.objects.create(user=lead, weekly_summary=False)
    assert len(run("2026-03-24")) == 1


def test_a_lead_without_an_email_address_or_no_longer_active_gets_none(action, lead, run):
    lead.email = ""
    lead.save()
    assert run("2026-04-01") == []
    lead.email, lead.is_active = "lena@example.org", False
    lead.save()
    assert run("2026-04-01") == []


def test_a_partners_named_lead_gets_no_email(area, run):
    ImprovementActionFactory(area=area, lead_name="DI Rob Jones", due_date=DUE)
    assert run("2026-04-01") == []


def test_an_action_embargoed_with_a_draft_is_not_mentioned_to_a_lead_who_may_not_see_it(
    authority, lead, run, officer
):
    draft = InspectionEventFactory(authority=authority, status=InspectionEvent.Status.DRAFT)
    raised = AreaOfConcernFactory(authority=authority, raised_by=draft, title="New concern")
    ImprovementActionFactory(area=raised, lead_user=lead, lead_name="", due_date=DUE)
    officers_action = ImprovementActionFactory(
        area=raised, title="Officer's action", lead_user=officer, lead_name="", due_date=DUE
    )
    # The board member leading the first may not see drafts; the officer sees their authority's.
    [message] = run("2026-04-01")
    assert message.to == ["Olu Officer <officer@example.org>"]
    assert ReminderEmail.objects.get().action == officers_action
    draft.status = InspectionEvent.Status.PUBLISHED
    draft.save()
    [published] = run("2026-04-02")
    assert published.to == ["Lena Lead <lena@example.org>"]


# What the lead's email says ------------------------------------------------------------------------


def test_the_reminder_says_what_where_and_when_and_links_to_the_action(action, lead, run, settings):
    settings.SITE_URL = "https://tracker.sefton.example/"
    settings.DIGEST_FROM_EMAIL = "Sefton improvement board <improvement@sefton.example>"
    ImprovementAction.objects.filter(pk=action.pk).update(
        rag=LeadRAG.AT_RISK, rag_reason="Staff shortages", status="in_progress"
    )
    ProgressUpdate.objects.create(
        action=action,
        date=datetime.date(2026, 3, 2),
        note="A private note that stays in the tracker",
        rag=LeadRAG.AT_RISK,
        author=lead,
    )
    [message] = run("2026-04-08")
    assert message.from_email == "Sefton improvement board <improvement@sefton.example>"
    assert message.to == ["Lena Lead <lena@example.org>"]
    html = message.alternatives[0][0]
    action_url = f"https://tracker.sefton.example/plan/actions/{action.pk}/"
    for body in (message.body, html):
        assert "Dear Lena Lead," in body
        assert "Share decisions with the LADO" in body
        assert "The front door (Sefton)" in body
        assert "still overdue: it was due on 31 March 2026, 8 days ago" in body
        assert "8 days overdue" in body
        assert "At risk" in body
        assert "2 March 2026 (At risk)" in body
        assert "In progress" in body
        assert action_url in body
        assert "https://tracker.sefton.example/plan/reminders/" in body
        assert "A private note" not in body
        assert "Staff shortages" not in body


def test_an_action_with_no_update_says_so(action, run):
    [message] = run("2026-04-01")
    assert "Latest progress update: none recorded yet" in message.body
    assert "Your RAG: not rated" in message.body


# The officers' weekly summary ----------------------------------------------------------------------


def test_officers_get_a_summary_of_what_is_overdue_and_due_soon_grouped_by_area(
    authority, area, action, officer, lead, summarise
):
    second = AreaOfConcernFactory(authority=authority, title="Missing children", position=2)
    ImprovementActionFactory(
        area=second,
        title="Return home interviews within 72 hours",
        lead_name="DI Rob Jones",
        lead_agency="Merseyside Police",
        due_date=datetime.date(2026, 4, 20),
        rag=LeadRAG.ON_TRACK,
        rag_reason="Staffed",
    )
    ImprovementActionFactory(area=second, title="Far off", due_date=datetime.date(2026, 9, 1))
    ImprovementActionFactory(
        area=second, title="Done already", due_date=DUE, status=ImprovementAction.Status.COMPLETE
    )
    ProgressUpdate.objects.create(
        action=action, date=datetime.date(2026, 3, 20), note="x", rag="red", author=lead
    )
    [message] = summarise("2026-04-06")  # a Monday
    assert message.to == ["Olu Officer <officer@example.org>"]
    assert message.subject == (
        "Improvement plan, week of 6 April 2026: 1 action overdue, 1 due soon"
    )
    text = message.body
    assert "1 action overdue and 1 due in the next 28 days" in text
    assert text.index("The front door") < text.index("Share decisions with the LADO")
    assert text.index("Share decisions with the LADO") < text.index("Missing children")
    assert text.index("Missing children") < text.index("Return home interviews")
    assert "Lead: Lena Lead" in text
    assert "Due: 31 March 2026 (6 days overdue)" in text
    assert "Latest progress update: 20 March 2026" in text
    assert "Lead: DI Rob Jones, Merseyside Police" in text
    assert "Due: 20 April 2026 (in 14 days)" in text
    assert "Lead's RAG: On track" in text
    assert "Far off" not in text and "Done already" not in text
    html = message.alternatives[0][0]
    assert "DI Rob Jones, Merseyside Police" in html and "6 days overdue" in html
    assert ReminderEmail.objects.get(kind="summary").key == "summary:2026-04-06"


def test_the_summary_is_sent_once_a_week(action, officer, summarise):
    assert len(summarise("2026-03-31")) == 1  # Tuesday
    assert summarise("2026-04-02") == []  # Thursday, same week
    assert summarise("2026-03-31") == []
    assert len(summarise("2026-04-06")) == 1  # the next Monday
    assert sorted(ReminderEmail.objects.values_list("key", flat=True)) == [
        "summary:2026-03-30",
        "summary:2026-04-06",
    ]


def test_a_summary_with_nothing_left_to_list_when_its_turn_comes_is_not_sent(action, officer):
    reminders.send_summaries(day("2026-03-31"))  # recorded; its task is queued on commit, not run
    action.status = ImprovementAction.Status.COMPLETE
    action.save()
    reminder = ReminderEmail.objects.get(kind=ReminderEmail.Kind.SUMMARY)
    reminders.send_reminder(reminder.pk, today=day("2026-03-31"))
    reminder.refresh_from_db()
    assert reminder.status == Status.CANCELLED
    assert mail.outbox == []


def test_an_officer_with_nothing_due_gets_no_summary(area, officer, summarise):
    ImprovementActionFactory(area=area, due_date=datetime.date(2026, 12, 1))
    assert summarise("2026-03-30") == []


def test_the_summary_covers_only_the_officers_own_authorities(action, officer, summarise):
    officer.authorities.set([LocalAuthorityFactory(name="Elsewhere")])
    assert summarise("2026-03-30") == []


def test_an_officer_who_turned_the_summary_off_gets_none(action, officer, summarise):
    ReminderPreference.objects.create(user=officer, weekly_summary=False)
    assert summarise("2026-03-30") == []


def test_only_officers_get_the_summary(action, lead, administrator, summarise):
    assert summarise("2026-03-30") == []


# Exactly once ------------------------------------------------------------------------------------


def test_running_the_daily_task_twice_the_same_day_sends_once(action, run):
    assert len(run("2026-04-01")) == 1
    assert run("2026-04-01") == []
    reminder = ReminderEmail.objects.get()
    assert (reminder.status, reminder.attempts) == (Status.SENT, 1)


def test_a_duplicated_send_task_sends_once(action, run):
    run("2026-04-01")
    reminder = ReminderEmail.objects.get()
    assert tasks.send_reminder_email.delay(reminder.pk, "2026-04-01").get() == "skipped"
    assert reminders.send_reminder(reminder.pk) is None
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("change", ["complete", "re-date", "delete", "new lead", "opt out"])
def test_a_reminder_no_longer_due_when_its_turn_to_send_comes_is_not_sent(action, change):
    """Recorded, then (while its task waited, or between retries) the action was completed, given
    another due date or deleted: nothing is sent, and the row says why."""
    reminders.remind_leads(day("2026-04-01"))  # recorded; its task is queued on commit, not run
    reminder = ReminderEmail.objects.get()
    if change == "complete":
        action.status = ImprovementAction.Status.COMPLETE
        action.save()
    elif change == "re-date":
        action.due_date = day("2026-06-30")
        action.save()
    elif change == "new lead":
        action.lead_user = UserFactory(email="nia@example.org")
        action.save()
    elif change == "opt out":
        ReminderPreference.objects.create(user=action.lead_user, action_reminders=False)
    else:
        action.delete()
    reminders.send_reminder(reminder.pk, today=day("2026-04-01"))
    reminder.refresh_from_db()
    assert reminder.status == Status.CANCELLED
    assert reminder.last_error.startswith("Nothing was sent")
    assert mail.outbox == []


@pytest.mark.usefixtures("retries_run_in_process")
def test_a_send_the_mail_server_refuses_is_retried_and_sent_once(action, inbox, run):
    inbox.refuse_next = 1
    run("2026-04-01")
    reminder = ReminderEmail.objects.get()
    assert (reminder.status, reminder.attempts, reminder.last_error) == (Status.SENT, 2, "")
    assert len(inbox.to("lena@example.org")) == 1


@pytest.mark.usefixtures("retries_run_in_process")
def test_a_send_that_keeps_failing_is_recorded_as_failed_and_tried_again_next_run(
    action, settings, run
):
    from tests.support.smtp import free_port

    use_smtp(settings, free_port())  # nothing listens there
    run("2026-04-01")
    reminder = ReminderEmail.objects.get()
    assert reminder.status == Status.FAILED
    assert reminder.attempts == tasks.MAX_RETRIES + 1
    assert "ConnectionRefusedError" in reminder.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    [message] = run("2026-04-02")  # still the "overdue" threshold: the same email, once
    assert message.subject.startswith("Improvement action overdue")
    reminder.refresh_from_db()
    assert reminder.status == Status.SENT


def test_an_interrupted_send_may_have_been_sent_and_is_never_sent_again(action, inbox, run):
    inbox.hang_up_next = 1  # the server takes the message, then hangs up without answering
    run("2026-04-01")
    reminder = ReminderEmail.objects.get()
    assert reminder.status == Status.UNCERTAIN
    assert "may or may not have been sent" in reminder.last_error
    assert run("2026-04-02") == []
    assert tasks.send_reminder_email.delay(reminder.pk).get() == "skipped"
    assert len(inbox.received) == 1 and inbox.messages == []


def test_a_send_left_sending_past_its_time_limit_is_marked_uncertain_by_the_next_run(
    action, run, settings
):
    run("2026-04-01")
    stale = ReminderEmail.objects.get()
    limit = datetime.timedelta(seconds=settings.EMAIL_SEND_TIME_LIMIT + 30)
    ReminderEmail.objects.filter(pk=stale.pk).update(
        status=Status.SENDING, claimed_at=timezone.now() - limit - datetime.timedelta(seconds=1)
    )
    recent = ReminderEmail.objects.create(
        user=stale.user,
        key="summary:2026-03-30",
        kind="summary",
        status=Status.SENDING,
        claimed_at=timezone.now(),
    )
    assert run("2026-04-02") == []
    stale.refresh_from_db()
    recent.refresh_from_db()
    assert (stale.status, stale.last_error) == (Status.UNCERTAIN, reminders.SEND_INTERRUPTED)
    assert recent.status == Status.SENDING


def test_a_reminder_recorded_by_another_run_at_the_same_moment_is_left_to_it(
    action, run, monkeypatch
):
    def raced(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(ReminderEmail.objects, "get_or_create", raced)
    assert run("2026-04-01") == []


# The schedule ------------------------------------------------------------------------------------


def test_beat_installs_the_two_schedules_from_the_settings(settings):
    app.loader.import_default_modules()
    for name, task, day_of_week in (
        ("Send plan reminders", "findings.plan.tasks.send_plan_reminders", "*"),
        ("Send plan summaries", "findings.plan.tasks.send_plan_summaries", "1"),
    ):
        entry = app.conf.beat_schedule[name]
        assert entry["task"] == task and task in app.tasks
        # What the DatabaseScheduler does with each entry when beat starts.
        DatabaseScheduler.Entry.from_entry(name, app=app, **entry)
        periodic = PeriodicTask.objects.get(name=name)
        assert periodic.enabled and periodic.task == task
        crontab = periodic.crontab
        assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("30", "7", day_of_week)
        assert str(crontab.timezone) == "Europe/London"


def test_the_send_task_has_the_email_time_limits(settings):
    assert settings.CELERY_TASK_ANNOTATIONS["findings.plan.tasks.send_reminder_email"] == {
        "soft_time_limit": settings.EMAIL_SEND_SOFT_TIME_LIMIT,
        "time_limit": settings.EMAIL_SEND_TIME_LIMIT,
    }


# The admin ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/plan/reminderemail/", "/admin/plan/reminderpreference/"])
def test_administrators_see_the_reminders_and_choices_in_the_admin(
    url, client, administrator, action, run
):
    run("2026-04-01")
    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code == 200


def test_the_reminders_are_read_only_in_the_admin(client, administrator, action, run):
    run("2026-04-01")
    reminder = ReminderEmail.objects.get()
    client.force_login(administrator)
    page = client.get("/admin/plan/reminderemail/").content.decode()
    assert reminder.key in page
    assert client.get("/admin/plan/reminderemail/add/").status_code == 403
    response = client.post(
        f"/admin/plan/reminderemail/{reminder.pk}/change/", {"status": "pending"}
    )
    assert response.status_code == 403
    reminder.refresh_from_db()
    assert reminder.status == Status.SENT
