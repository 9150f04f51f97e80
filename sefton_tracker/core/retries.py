"""How the Celery tasks retry: which errors are worth another try, and how long to wait."""

import random

from django.conf import settings
from django.db import InterfaceError, OperationalError

MAX_RETRIES = 5

# A lost database connection is worth retrying; a template or layout error is not.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# Connection refused, timeouts and every SMTP error are OSError or SMTPException (an OSError).
SEND_ERRORS = (OSError,)


def backoff(retries: int) -> float:
    """Seconds before retry number `retries + 1`: 15, 30, 60, 120, 240 … capped at 10 minutes
    (TASK_RETRY_MAX_COUNTDOWN, which the broker's visibility timeout allows for), with jitter so
    that many failed tasks do not all come back at once."""
    return min(settings.TASK_RETRY_MAX_COUNTDOWN, 15 * 2**retries) + random.uniform(0, 5)
