"""Database-level rules that span two tables.

A CHECK constraint cannot look at another table, so rules such as "a finding's area belongs to the
event's authority" are enforced by triggers. They are (re)installed after every `migrate` because
SQLite drops a table's triggers when a migration rebuilds the table; each statement is idempotent.
A violation raises IntegrityError naming the rule, exactly like a named constraint would.
"""

from dataclasses import dataclass

from django.apps import AppConfig
from django.apps import apps as django_apps
from django.db import connections


@dataclass(frozen=True)
class CrossTableRule:
    name: str  # also the error text, so a violation names the rule
    table: str
    columns: tuple[str, ...]  # a change to any of these re-checks the rule
    violated_when: str  # SQL over NEW.<column>; valid in PostgreSQL and SQLite >= 3.39
    # What a person is told when the database refuses a change under this rule, and the field
    # it concerns (as forms and the API name it); validation normally says it first.
    message: str = ""
    field: str = ""

    def install_sql(self, vendor: str) -> list[str]:
        if vendor == "postgresql":
            return [
                f"""
                CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger AS $$
                BEGIN
                    IF {self.violated_when} THEN
                        RAISE EXCEPTION 'new row for relation "{self.table}" violates rule "{self.name}"'
                            USING ERRCODE = 'check_violation', CONSTRAINT = '{self.name}';
                    END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql
                """,
                f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}",
                f"""
                CREATE TRIGGER {self.name} BEFORE INSERT OR UPDATE OF {", ".join(self.columns)}
                ON {self.table} FOR EACH ROW EXECUTE FUNCTION {self.name}()
                """,
            ]
        if vendor == "sqlite":
            return [
                f"""
                CREATE TRIGGER IF NOT EXISTS {self.name}_{event.split()[0].lower()}
                BEFORE {event} ON {self.table} WHEN {self.violated_when}
                BEGIN SELECT RAISE(ABORT, '{self.name}'); END
                """
                for event in ("INSERT", f"UPDATE OF {', '.join(self.columns)}")
            ]
        raise NotImplementedError(f"No cross-table rules for the {vendor} database.")


# The apps whose database rules forms and the API put in words: app label -> its cross-table
# rules. Each app registers itself from its AppConfig.ready().
_RULE_APPS: dict[str, tuple[CrossTableRule, ...]] = {}


def register_rules(app_config: AppConfig, cross_table_rules=()) -> None:
    """Name the app's constraints and cross-table rules to the API's error messages, and install
    its cross-table rules after every migrate."""
    _RULE_APPS[app_config.label] = tuple(cross_table_rules)


def rule_apps() -> list[AppConfig]:
    return [django_apps.get_app_config(label) for label in _RULE_APPS]


def cross_table_rules() -> list[CrossTableRule]:
    return [rule for rules in _RULE_APPS.values() for rule in rules]


def install_registered_rules(sender: AppConfig, using, **kwargs) -> None:
    """post_migrate: (re)install the rules of the app just migrated."""
    install_rules(_RULE_APPS.get(sender.label, ()), using)


def install_rules(rules, using) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        for rule in rules:
            for statement in rule.install_sql(connection.vendor):
                cursor.execute(statement)
