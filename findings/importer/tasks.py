"""The import's task: read a document on a worker (its time limits are settings)."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from . import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def read_import(job_id: int) -> str:
    try:
        job = services.read_import(job_id)
    except SoftTimeLimitExceeded:
        logger.warning("Import %s: reading took too long", job_id)
        services.give_up_reading(job_id)
        return "failed"
    return job.status if job else "skipped"
