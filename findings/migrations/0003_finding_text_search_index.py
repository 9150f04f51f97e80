"""A GIN index for searching findings' quoted text (findings.selectors.search).

PostgreSQL only: the expression must match the query's SearchVector("text", config="english")
exactly, COALESCE included, or the planner cannot use it. Other databases search without an index.
"""

from django.db import migrations

INDEX = "findings_finding_text_search"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON findings_finding "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("findings", "0002_roles")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
