"""End to end on the real stack: an officer requests the sixth visit's progress letter, the task
crosses the Redis broker, and a real Celery worker (started here, not eager mode) renders it into
the test database and media folder.

Needs CELERY_BROKER_URL naming a reachable Redis, and a database the worker can share (PostgreSQL:
SQLite's in-memory test database lives inside this process). Without them the test skips, which
REQUIRE_SERVICES=1 (CI) turns into a failure.
"""

import pytest

from reports.models import Report
from tests.support.pdf_text import pdf_text
from visits.models import InspectionEvent

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RENDER_TIMEOUT = 90


def test_a_real_worker_renders_the_sixth_visits_letter(celery_worker, sefton, officer, client):
    event = InspectionEvent.objects.get(authority=sefton, visit_number=6)
    client.force_login(officer)
    response = client.post(f"/reports/letters/{event.pk}/")
    report = Report.objects.get()
    assert response["Location"] == f"/reports/{report.pk}/"

    def finished():
        report.refresh_from_db()
        return not report.is_active

    celery_worker.wait_for(finished, RENDER_TIMEOUT)

    log = celery_worker.log
    assert report.status == Report.Status.READY, f"{report.error_message}\n{log}"
    assert f"Task reports.tasks.render_report[{report.task_id}] succeeded" in log
    assert report.attempts == 1
    text = pdf_text(report.pdf.read())
    assert "Sixth monitoring visit" in text
    assert (
        "Children who need early help receive an effective and timely response from FAST." in text
    )

    download = client.get(f"/reports/{report.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == report.pdf.open("rb").read()
