"""The evidence pack of the demo's multiplier event: one ZIP of a PDF and an XLSX, the PDF
looked at page by page as PNG (pdftoppm) and read as text (pdftotext)."""

import io
import os
import subprocess
import zipfile
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from events import evidence
from events.models import Event
from tests.downloads import body, through_job

pytestmark = pytest.mark.django_db


def test_the_demo_multiplier_events_evidence_pack(client, coordinator, tmp_path):
    """Also leaves the pages in EVIDENCE_PNG_DIR when set, to look at."""
    call_command("seed_demo", "--force", stdout=StringIO())
    event = Event.objects.get(title="LeadVET Multiplier Event")
    client.force_login(coordinator)
    response = through_job(client, reverse("events:evidence", args=[event.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    stem = f"event-{event.pk}-evidence"
    assert sorted(archive.namelist()) == [f"{stem}.pdf", f"{stem}.xlsx"]

    pdf = tmp_path / "evidence.pdf"
    pdf.write_bytes(archive.read(f"{stem}.pdf"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    rows = evidence.participants(event)
    figures = evidence.counts(rows)
    assert figures["outside"] == 7  # eight guests, one of them absent
    assert figures["total"] == figures["partner"] + figures["outside"]
    for needle in (
        "Participants in figures",
        "From outside the partnership",
        "Agenda",
        "Preliminary research results",
        "Mentors need official status: next steps",
        "Attendance sheet",
        "Signature",
        "Stockholms stad",
        "Country: Sweden",
        "Effectiveness by utilizing networks in leadership",
    ):
        assert needle in text, needle
    # One signable sheet per day of the two-day event.
    assert text.count("Attendance sheet") == 2
    assert "Wednesday 20.9.2023" in text and "Thursday 21.9.2023" in text

    out = Path(os.environ.get("EVIDENCE_PNG_DIR") or tmp_path)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(out / "page")], check=True)
    pages = sorted(out.glob("page-*.png"))
    assert len(pages) >= 4
    assert all(page.stat().st_size > 2000 for page in pages)  # not blank

    book = openpyxl.load_workbook(io.BytesIO(archive.read(f"{stem}.xlsx")), read_only=True)
    participants = book[book.sheetnames[1]]
    header = [cell.value for cell in next(participants.iter_rows(max_row=1))]
    assert header[:4] == ["Name", "Organisation", "Organisation type", "Country"]
    assert sum(1 for _row in participants.iter_rows()) == len(rows) + 1
