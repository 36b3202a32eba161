"""The PDF renderer's URL fetcher: static files only, hashed names too (leadvet/lib/pdf.py)."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static

from leadvet.lib.pdf import static_url_fetcher


def test_fetcher_serves_a_static_file_and_refuses_other_addresses():
    fetcher = static_url_fetcher()
    response = fetcher.fetch("http://127.0.0.1:8000/static/css/report_pdf.css")
    assert b"@page" in response.read()
    for url in (
        "https://example.org/tracker.png",
        "http://127.0.0.1:8000/static/../leadvet/settings.py",
        "http://127.0.0.1:8000/static/%2e%2e/leadvet/settings.py",
        "http://127.0.0.1:8000/static//etc/passwd",
        "file:///etc/passwd",
        "http://127.0.0.1:8000/static/css/missing.css",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_fetcher_serves_the_hashed_name_of_manifest_storage(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_DIRS = [settings.BASE_DIR / "static"]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static("css/report_pdf.css")
    assert url != "/static/css/report_pdf.css"  # the hashed name, e.g. report_pdf.1a2b3c4d5e6f.css
    response = static_url_fetcher().fetch("http://127.0.0.1:8000" + url)
    assert response.read() == (settings.BASE_DIR / "static/css/report_pdf.css").read_bytes()
    assert response.headers["Content-Type"] == "text/css"
