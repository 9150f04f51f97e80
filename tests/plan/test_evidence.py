"""Evidence files on progress updates: PDF, Word, Excel and images are accepted when their content
is what their name says; anything else (a renamed executable above all) is refused on the file's
field, with nothing saved, no row and no file left behind. A file is served only to signed-in
readers who may see its action, always as a download, sandboxed, never from MEDIA_URL."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from findings.plan.models import ProgressUpdate
from tests.support.factories import (
    AreaOfConcernFactory,
    ImprovementActionFactory,
    InspectionEventFactory,
)
from tests.support.forms import date_fields, error_summary
from visits.models import InspectionEvent

pytestmark = pytest.mark.django_db


# -- Files made here ----------------------------------------------------------------------------


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def ooxml(part: str, *, content_type: str = "", extra: dict | None = None) -> bytes:
    """A minimal Office Open XML package: a Word document ('word') or a workbook ('xl'), its main
    part declared with its content type (or `content_type`), and any `extra` parts."""
    main = "document.xml" if part == "word" else "workbook.xml"
    kind = "wordprocessingml.document" if part == "word" else "spreadsheetml.sheet"
    content_type = content_type or f"application/vnd.openxmlformats-officedocument.{kind}.main+xml"
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/{part}/{main}" ContentType="{content_type}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", types)
        package.writestr(f"{part}/{main}", '<?xml version="1.0"?><root/>')
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


def xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Audits completed"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def png() -> bytes:
    """A one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


WINDOWS_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
LINUX_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


# -- Recording an update with a file ------------------------------------------------------------


@pytest.fixture
def action(db):
    return ImprovementActionFactory(title="Audit supervision monthly")


def post_file(client, action, name: str, data: bytes):
    return client.post(
        reverse("plan-update-create", args=[action.pk]),
        {
            **date_fields("date", timezone.localdate()),
            "note": "The audit report.",
            "rag": "green",
            "status": "",
            "evidence_url": "",
            "evidence_file": SimpleUploadedFile(name, data),
        },
    )


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    "name, make, media_type",
    [
        ("audit report.pdf", pdf, "application/pdf"),
        (
            "Supervision audit.docx",
            lambda: ooxml("word"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "audits.xlsx",
            xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("chart.PNG", png, "image/png"),
    ],
)
def test_a_file_of_an_accepted_type_is_kept_with_the_update(
    client, officer, action, settings, name, make, media_type
):
    data = make()
    client.force_login(officer)
    response = post_file(client, action, name, data)
    assert response.status_code == 302, error_summary(response)
    update = ProgressUpdate.objects.get()
    assert update.evidence_name == name
    assert update.evidence_type == media_type
    assert update.evidence_size == len(data)
    # Stored under a name of the tracker's own, not the uploader's.
    [stored] = stored_files(settings)
    assert stored.read_bytes() == data and name not in stored.name


@pytest.mark.parametrize("executable", [WINDOWS_EXECUTABLE, LINUX_EXECUTABLE], ids=["MZ", "ELF"])
def test_a_renamed_executable_is_refused_and_nothing_is_saved(
    client, officer, action, settings, executable
):
    client.force_login(officer)
    response = post_file(client, action, "report.pdf", executable)
    assert response.status_code == 200
    message = (
        "The file report.pdf is named as a PDF but its content is not a file of an accepted "
        "type. Upload a PDF, a Word document, an Excel spreadsheet, or a PNG, JPEG, GIF or "
        "WebP image."
    )
    assert error_summary(response) == [("id_evidence_file", message)]
    content = response.content.decode()
    assert 'id="id_evidence_file_error"' in content
    assert not ProgressUpdate.objects.exists()
    assert stored_files(settings) == []
    action.refresh_from_db()
    assert action.rag == ""


def test_a_file_named_as_an_executable_is_refused(client, officer, action, settings):
    client.force_login(officer)
    response = post_file(client, action, "setup.exe", pdf())
    [(anchor, message)] = error_summary(response)
    assert anchor == "id_evidence_file"
    assert message.startswith("The file setup.exe must be a PDF, a Word document")
    assert not ProgressUpdate.objects.exists() and stored_files(settings) == []


def test_a_file_over_the_limit_is_refused(client, officer, action, settings):
    settings.PLAN_EVIDENCE_MAX_BYTES = 100
    client.force_login(officer)
    response = post_file(client, action, "big.pdf", pdf() + b"%" * 200)
    assert error_summary(response) == [
        ("id_evidence_file", "The file big.pdf must be smaller than 101 bytes.")
    ]
    assert not ProgressUpdate.objects.exists() and stored_files(settings) == []


def test_a_word_document_that_is_really_a_spreadsheet_is_refused(client, officer, action, settings):
    client.force_login(officer)
    response = post_file(client, action, "minutes.docx", xlsx())
    [(anchor, message)] = error_summary(response)
    assert anchor == "id_evidence_file"
    assert message.startswith(
        "The file minutes.docx is named as a Word document but its content is an Excel spreadsheet."
    )
    assert not ProgressUpdate.objects.exists() and stored_files(settings) == []


def test_the_form_says_what_files_it_takes(client, officer, action):
    client.force_login(officer)
    content = client.get(reverse("plan-update-create", args=[action.pk])).content.decode()
    assert "A PDF, a Word document, an Excel spreadsheet, or a PNG, JPEG, GIF or WebP" in content
    assert "up to 10.0\xa0MB" in content
    assert 'accept=".pdf,.docx,.doc,.xlsx,.xls,.png,.jpg,.jpeg,.gif,.webp"' in content
    assert 'type="file"' in content and 'class="govuk-file-upload"' in content


# -- Serving it ---------------------------------------------------------------------------------


@pytest.fixture
def with_file(client, officer, action):
    client.force_login(officer)
    post_file(client, action, "audit report.pdf", pdf())
    client.logout()
    return ProgressUpdate.objects.get()


def test_a_signed_in_reader_downloads_it_as_an_attachment(client, board_member, with_file):
    client.force_login(board_member)
    response = client.get(reverse("plan-evidence", args=[with_file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="audit report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_the_action_page_and_the_board_link_to_the_download(client, board_member, with_file):
    client.force_login(board_member)
    url = reverse("plan-evidence", args=[with_file.pk])
    action = with_file.action
    assert url in client.get(reverse("plan-action", args=[action.pk])).content.decode()
    assert url in client.get("/plan/", {"authority": action.area.authority_id}).content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, with_file):
    response = client.get(reverse("plan-evidence", args=[with_file.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_evidence_of_an_embargoed_action_is_not_found(client, board_member, officer, settings):
    draft = InspectionEventFactory(status=InspectionEvent.Status.DRAFT)
    area = AreaOfConcernFactory(authority=draft.authority, raised_by=draft)
    action = ImprovementActionFactory(area=area)
    client.force_login(officer)
    assert post_file(client, action, "audit report.pdf", pdf()).status_code == 302
    update = ProgressUpdate.objects.get()
    client.force_login(board_member)
    assert client.get(reverse("plan-evidence", args=[update.pk])).status_code == 404
    client.force_login(officer)
    assert client.get(reverse("plan-evidence", args=[update.pk])).status_code == 200


def test_an_update_without_a_file_has_nothing_to_download(client, board_member, action):
    update = ProgressUpdate.objects.create(
        action=action, note="No file.", rag="green", author=board_member
    )
    client.force_login(board_member)
    assert client.get(reverse("plan-evidence", args=[update.pk])).status_code == 404


def test_the_file_is_never_served_from_media_url(client, board_member, with_file):
    client.force_login(board_member)
    assert client.get(f"/media/{with_file.evidence_file.name}").status_code == 404


def test_the_admin_links_to_the_download_never_to_media_url(client, administrator, with_file):
    client.force_login(administrator)
    page = client.get(reverse("admin:plan_progressupdate_change", args=[with_file.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert f'href="/plan/updates/{with_file.pk}/evidence/"' in content
    assert "/media/" not in content
