"""The GIN index for searching findings' quoted text, rebuilt to index the text with its
typographic quotes, apostrophes and dashes as ASCII (children’s as children's, – as -), as
findings.selectors.search now searches it (sefton_tracker.core.punctuation).

PostgreSQL only: the expression must match the query's
SearchVector(PlainPunctuation("text"), config="english") exactly, COALESCE and the translate()
character lists included, or the planner cannot use it. The lists are written out here, as they
were when this migration was made: a change to them in sefton_tracker.core.punctuation needs a
new migration (tests/findings/test_finding_search.py checks, with EXPLAIN, that the index serves
the query). Other databases search without an index.
"""

from django.db import migrations

INDEX = "findings_finding_text_search"
FROM = "’‘‛‚′ʼ“”„‟″‐‑‒–—―−"
TO = "''''''\"\"\"\"\"-------"
assert len(FROM) == len(TO)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


PLAIN = f"translate(text, {_sql_string(FROM)}, {_sql_string(TO)})"
OLD = f"CREATE INDEX {INDEX} ON findings_finding USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))"
NEW = (
    f"CREATE INDEX {INDEX} ON findings_finding "
    f"USING gin (to_tsvector('english'::regconfig, COALESCE({PLAIN}, '')))"
)


def _replace(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("findings", "0003_finding_text_search_index")]

    operations = [migrations.RunPython(_replace(NEW), _replace(OLD), elidable=False)]
