"""When each report was last queued (so that one whose task was lost can be queued again), and a
delivery's "may have been sent" status (a send interrupted after the message may have reached the
mail server: never sent again automatically)."""

import django.utils.timezone
from django.db import migrations, models


def queued_when_created(apps, schema_editor):
    apps.get_model("reports", "Report").objects.update(queued_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_send_due_digests_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="queued_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="When a task to render it was last sent to the queue.",
            ),
        ),
        migrations.RunPython(queued_when_created, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="delivery",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("failed", "Failed"),
                    ("uncertain", "May have been sent"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
    ]
