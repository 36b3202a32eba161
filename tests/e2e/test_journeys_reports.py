"""A steering group member downloads the report as PDF from the reports page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in_with_keyboard, tab_to
from tests.factories import ContactFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_steering_member_downloads_the_pdf_report(page, steering, password):
    ContactFactory()
    log_in_with_keyboard(page, steering, password)
    tab_to(page, "Reports")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # Rendering the PDF takes seconds on a busy machine: wait for the download, not 10 s.
    with page.expect_download(timeout=60_000) as download_info:
        tab_to(page, "Download PDF")
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
