"""Checking that the database itself refuses a row, by the name of the rule it breaks."""

import pytest
from django.db import IntegrityError, connection, transaction


def assert_rejected_by(name, make):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        make()
    message = str(caught.value)
    if connection.vendor == "sqlite" and message.startswith("UNIQUE constraint failed"):
        return  # SQLite names a unique constraint's columns, not the constraint
    assert name in message
