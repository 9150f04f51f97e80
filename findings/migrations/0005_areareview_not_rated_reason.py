"""A review may be recorded, with a reason, as not rated at its event; the database refuses a review
that is both rated (or has a rationale) and has such a reason. Whether each review of a published
event is one or the other is checked when it is published (findings.services.publish)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0004_finding_text_search_plain_punctuation"),
        ("visits", "0004_event_history_reason_as_text"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="areareview",
            name="not_rated_reason",
            field=models.TextField(
                blank=True,
                help_text="Why the area was not rated at this event, when the event reviewed it but the board gives it no rating this time. Do not record anything that could identify a child.",
                verbose_name="reason not rated",
            ),
        ),
        migrations.AddField(
            model_name="historicalareareview",
            name="not_rated_reason",
            field=models.TextField(
                blank=True,
                help_text="Why the area was not rated at this event, when the event reviewed it but the board gives it no rating this time. Do not record anything that could identify a child.",
                verbose_name="reason not rated",
            ),
        ),
        migrations.AddConstraint(
            model_name="areareview",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("not_rated_reason", ""),
                    models.Q(("rag", ""), ("rationale", "")),
                    _connector="OR",
                ),
                name="findings_areareview_rated_or_not_rated_not_both",
                violation_error_message="Give either a rating with its rationale or the reason the area was not rated, not both.",
            ),
        ),
    ]
