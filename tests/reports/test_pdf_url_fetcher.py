"""PDF rendering serves the app's own static files and nothing else: no network, no other files."""

import socket

import pytest

from reports.rendering import (
    DOCUMENT_ORIGIN,
    FETCHER,
    RefusedURL,
    html_to_pdf,
    static_url,
)
from tests.support.pdf_text import pdf_text


def test_it_serves_the_apps_own_print_stylesheet():
    response = FETCHER.fetch(static_url("pdf/print.css"))
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:6379/",
        "ftp://example.org/file.css",
        "file:///etc/passwd",
        f"{DOCUMENT_ORIGIN}/admin/",
        f"{DOCUMENT_ORIGIN}/static/../sefton_tracker/settings.py",
        f"{DOCUMENT_ORIGIN}/static/%2e%2e/sefton_tracker/settings.py",
        f"{DOCUMENT_ORIGIN}/static/does-not-exist.css",
        "https://tracker.invalid.example.org/static/pdf/print.css",
    ],
)
def test_it_refuses_anything_else(url):
    with pytest.raises(RefusedURL):
        FETCHER.fetch(url)


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"PDF rendering tried to connect to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def test_a_document_that_names_remote_resources_renders_without_fetching_them(no_network):
    html = """<!DOCTYPE html><html><head>
        <link rel="stylesheet" href="https://example.org/evil.css">
        <style>@import url("http://169.254.169.254/x.css");</style>
        </head><body>
        <p>Report body</p>
        <img src="https://example.org/tracker.png" alt="">
        <img src="file:///etc/hostname" alt="">
        </body></html>"""
    rendered = html_to_pdf(html)
    assert rendered.page_count == 1
    assert "Report body" in pdf_text(rendered.data)
    assert no_network == []
