"""The daily "Send due digests" periodic task for celery beat, kept in the database so that
administrators can change its time, or pause it, in the admin."""

from django.db import migrations

TASK_NAME = "Send due digests"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "reports.tasks.send_due_digests",
            "crontab": every_morning,
            "description": (
                "Every morning at 7:00: renders each digest that has fallen due (monthly or "
                "quarterly) and emails it to its subscribers, once each."
            ),
            "enabled": True,
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("reports", "0002_report_permissions_for_roles"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
