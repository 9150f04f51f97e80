"""HTML templates to PDF with WeasyPrint, without ever touching the network.

WeasyPrint is imported once, when a worker first loads this module; the print stylesheet is parsed
once per process and reused for every document. Every URL a document mentions goes through
`StaticFilesOnlyFetcher`, which serves the app's own static files and refuses everything else
(remote fetches from a PDF renderer are a server-side request forgery risk, CVE-2025-68616).
"""

import functools
import logging
import mimetypes
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import tagging

logger = logging.getLogger(__name__)

# Documents are rendered as if served from this origin. It is reserved (RFC 2606) and is never
# contacted: the fetcher maps its static URLs to files on disk.
DOCUMENT_ORIGIN = "https://tracker.invalid"
PRINT_STYLESHEET = "pdf/print.css"


class RefusedURL(ValueError):
    """A document asked for something other than one of the app's own static files."""


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves `DOCUMENT_ORIGIN + STATIC_URL + <path>` from the static files; refuses any other URL,
    including file:// paths, other hosts and paths that climb out of the static folders."""

    def fetch(self, url, headers=None):
        path = static_path_for(url)
        if path is None:
            logger.warning("PDF rendering refused to fetch %s", url)
            raise RefusedURL(f"PDF rendering fetches only the app's own static files, not {url}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        with open(path, "rb") as file:
            body = file.read()
        return URLFetcherResponse(url, body, headers={"Content-Type": content_type})


def static_path_for(url: str) -> str | None:
    """The file on disk that `url` names, if it is one of the app's static files."""
    prefix = f"{DOCUMENT_ORIGIN}{settings.STATIC_URL}"
    if not url.startswith(prefix):
        return None
    parts = urlsplit(url)
    relative = unquote(parts.path).removeprefix(settings.STATIC_URL)
    if not relative or ".." in relative.split("/") or "\\" in relative:
        return None
    try:
        return finders.find(relative)
    except SuspiciousFileOperation:
        return None


def static_url(relative: str) -> str:
    return f"{DOCUMENT_ORIGIN}{settings.STATIC_URL}{relative}"


FETCHER = StaticFilesOnlyFetcher()


@functools.cache
def print_stylesheet() -> weasyprint.CSS:
    """The print CSS, parsed once per process."""
    return weasyprint.CSS(url=static_url(PRINT_STYLESHEET), url_fetcher=FETCHER)


@dataclass(frozen=True)
class RenderedPDF:
    data: bytes
    page_count: int


def html_to_pdf(html: str) -> RenderedPDF:
    """Every PDF is tagged PDF/UA-1 for screen readers, with reports.tagging's additions."""
    source = weasyprint.HTML(string=html, base_url=f"{DOCUMENT_ORIGIN}/", url_fetcher=FETCHER)
    tagging.describe_charts(source.etree_element)
    document = source.render(stylesheets=[print_stylesheet()])
    data = document.write_pdf(pdf_variant="pdf/ua-1", finisher=tagging.finish)
    return RenderedPDF(data=data, page_count=len(document.pages))


def render_pdf(template_name: str, context: dict) -> RenderedPDF:
    context = {
        "council_name": settings.COUNCIL_NAME,
        "generated_on": timezone.localdate(),
        **context,
    }
    return html_to_pdf(render_to_string(template_name, context))
