"""The "Recover stuck work" periodic task for celery beat, every five minutes, kept in the database
like "Send due digests" so that administrators can see it, change it or pause it in the admin."""

from django.db import migrations

TASK_NAME = "Recover stuck work"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five_minutes, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "reports.tasks.recover_stuck_work",
            "interval": every_five_minutes,
            "description": (
                "Every five minutes: queues again a report whose worker stopped (or whose task was "
                "lost) while it was queued or rendering, and marks failed one that has been tried "
                "three times. A digest email whose worker stopped while sending is marked 'May "
                "have been sent' and is not sent again automatically: emails go out at most once "
                "per recipient; an administrator can send it again from Deliveries."
            ),
            "enabled": True,
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("reports", "0004_report_queued_at_delivery_uncertain"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
