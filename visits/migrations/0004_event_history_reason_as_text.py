"""The reason recorded with a change to an event (returning it to draft) is kept whole: a text, not
django-simple-history's default of 100 characters."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0003_localauthority_revision"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalinspectionevent",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
    ]
