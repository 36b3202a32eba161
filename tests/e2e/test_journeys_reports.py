"""A steering group member asks for the report as PDF from the reports page; it is made in
the background while its page follows the progress, and downloaded from there."""

import pytest
from playwright.sync_api import expect

from leadvet.lib import jobs
from leadvet.models import Job
from tests.e2e.conftest import check_accessibility, log_in_with_keyboard, tab_to
from tests.factories import ContactFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_steering_member_downloads_the_pdf_report(page, steering, password, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ContactFactory()
    log_in_with_keyboard(page, steering, password)
    tab_to(page, "Reports")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    tab_to(page, "Download PDF")
    page.keyboard.press("Enter")
    # The job's page (the tests' eager Celery has made the file by the time it shows).
    expect(page.get_by_role("status")).to_have_text("The file is ready.", timeout=60_000)
    assert check_accessibility(page) == []
    with page.expect_download(timeout=60_000) as download_info:
        tab_to(page, f"Download {Job.objects.get().filename}")
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_the_jobs_page_follows_the_progress_until_the_file_is_ready(
    page, coordinator, password, settings, tmp_path, monkeypatch
):
    """The worker is late: the page says it waits, then (htmx asking every two seconds) that
    the file is ready, with its link, without a reload."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOWNLOAD_DIRECT_ROWS = 1
    ContactFactory.create_batch(3)
    monkeypatch.setattr(jobs, "_enqueue_on_commit", lambda job: None)  # no worker yet
    log_in_with_keyboard(page, coordinator, password)
    page.goto("/contacts/college/")
    tab_to(page, "Export CSV")
    page.keyboard.press("Enter")
    status = page.get_by_role("status")
    expect(status).to_have_text("Waiting for its turn.")
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    job = Job.objects.get()
    assert jobs.run(job.pk) == "done"  # the worker, at last
    expect(status).to_have_text("The file is ready.", timeout=10_000)
    job.refresh_from_db()
    expect(page.get_by_role("link", name=f"Download {job.filename}")).to_be_visible()
    expect(page.get_by_role("link", name="Check again")).to_have_count(0)
