"""PDF rendering with WeasyPrint, shared by the steering report and the survey results.

The renderer reads stylesheets and images from the static finders only: no network at all.
"""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def static_url_fetcher():
    """A WeasyPrint URL fetcher that serves static files and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = urlsplit(url).path
            if not path.startswith(settings.STATIC_URL):
                raise ValueError(f"only static files are available to the PDF renderer: {url}")
            found = finders.find(path.removeprefix(settings.STATIC_URL))
            if not found:
                raise ValueError(f"no static file at {url}")
            with open(found, "rb") as handle:
                body = handle.read()
            mimetype = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mimetype})

    return StaticFilesFetcher()


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template to HTML and the HTML to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(
        string=html, base_url=settings.SITE_URL + "/", url_fetcher=static_url_fetcher()
    ).write_pdf()
