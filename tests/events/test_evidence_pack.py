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
from tests.factories import EventFactory, RegistrationFactory, UserFactory

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


def test_a_big_events_pdf_names_the_first_participants_and_the_workbook_everyone(
    monkeypatch, tmp_path
):
    """The PDF's list and each signature sheet stop at PDF_PARTICIPANTS and say so; the counts
    and the workbook are of everyone."""
    monkeypatch.setattr(evidence, "PDF_PARTICIPANTS", 3)
    event = EventFactory(title="Big event")
    for index in range(5):
        RegistrationFactory(
            event=event,
            user=UserFactory(first_name="Person", last_name=f"Number{index}"),
        )
    pdf = tmp_path / "evidence.pdf"
    pdf.write_bytes(evidence.evidence_pdf(event))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    names = [f"Person Number{index}" for index in range(5)]
    assert all(text.count(name) == 2 for name in names[:3])  # the list and the sheet
    assert not any(name in text for name in names[3:])
    assert text.count("The first 3 of 5 participants by name") == 2
    assert evidence.counts(evidence.participants(event))["total"] == 5
    archive = io.BytesIO()
    evidence.write_evidence_zip(event, archive)
    stem = f"event-{event.pk}-evidence"
    book = openpyxl.load_workbook(
        io.BytesIO(zipfile.ZipFile(archive).read(f"{stem}.xlsx")), read_only=True
    )
    assert sum(1 for _row in book[book.sheetnames[1]].iter_rows()) == 5 + 1
