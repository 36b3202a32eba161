"""PDF rendering with WeasyPrint, shared by the steering report and the survey results.

Every PDF is tagged for screen readers as PDF/UA-1: a structure tree from the HTML (headings,
lists, tables with their header cells, figures with the <title> of their SVG as alternative
text), the document language from <html lang> and the title from <title>, also in the XMP
metadata. The templates must give both.

The renderer reads stylesheets and images from the static files only: no network at all. A
file it cannot read (a stylesheet missing from the collected static files) fails the
rendering: a PDF never goes out without its stylesheet, unnoticed. In production the
`{% static %}` names carry the hash collectstatic gave them, which only the collected copy has
(`static_file` reads both).
"""

import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

from leadvet.lib.downloads import FileToWrite

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
PDF_TYPE = "application/pdf"


class MissingStaticFile(Exception):
    """The template names a stylesheet or image the static files do not have."""


def static_file(name: str) -> bytes | None:
    """The content of the static file `name` as `{% static %}` named it, or None.

    The finders read the source file; in production (`ManifestStaticFilesStorage`) the name
    carries the file's hash, which only the collected copy has, so the storage is asked next.
    """
    found = finders.find(name)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    try:
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return handle.read()
    except SuspiciousFileOperation:  # a name that leaves the static folder
        pass
    return None


def _static_name(url: str) -> str | None:
    """The static file name in `url`, or None when it is not a static URL or leaves the
    static folder."""
    static_path = urlsplit(settings.STATIC_URL).path
    path = unquote(urlsplit(url).path)
    if not path.startswith(static_path):
        return None
    name = path.removeprefix(static_path)
    normalised = posixpath.normpath(name)
    if name.startswith("/") or normalised.startswith("..") or normalised != name:
        return None
    return name


def static_url_fetcher():
    """A WeasyPrint URL fetcher that serves static files and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """A file it cannot serve stops the rendering (`fail_on_errors`): by default
        WeasyPrint would log it and go on without it."""

        def __init__(self):
            super().__init__(fail_on_errors=True)

        def fetch(self, url, headers=None):
            name = _static_name(url)
            if name is None:
                raise ValueError(f"only static files are available to the PDF renderer: {url}")
            body = static_file(name)
            if body is None:
                raise ValueError(f"no static file at {url}")
            mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mimetype})

    return StaticFilesFetcher()


def render_document(template: str, context: dict):
    """The template laid out in pages (a `weasyprint.Document`), before it is written."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    html = render_to_string(template, context)
    try:
        return HTML(
            string=html, base_url=settings.SITE_URL + "/", url_fetcher=static_url_fetcher()
        ).render(**PDF_OPTIONS)
    except FatalURLFetchingError as error:  # a BaseException: no caller would expect it
        raise MissingStaticFile(f"{template}: {error}") from error.__cause__


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template to HTML and the HTML to the bytes of a tagged PDF."""
    return render_document(template, context).write_pdf(**PDF_OPTIONS)


def prepare_pdf(template: str, context: dict, *, filename: str) -> FileToWrite:
    """The template as a PDF file to write (a background job's, see leadvet.lib.jobs)."""

    def write(file) -> None:
        render_document(template, context).write_pdf(target=file, **PDF_OPTIONS)

    return FileToWrite(filename, PDF_TYPE, write)
