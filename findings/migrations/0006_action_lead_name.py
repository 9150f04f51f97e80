from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("findings", "0005_areareview_not_rated_reason")]

    operations = [
        migrations.RenameField("improvementaction", "owner", "lead_name"),
        migrations.RenameField("historicalimprovementaction", "owner", "lead_name"),
    ]
