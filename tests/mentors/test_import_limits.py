"""Hostile import files: each is refused with a clear message after bounded work, and nothing
is imported. The web request only stores the file; a worker reads it as a stream and stops
at the first bound passed. Work is measured in rows read, never in seconds."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from leadvet.models import User
from mentors import importing
from mentors.models import Mentor, MentorImport
from mentors.services import imports as import_services
from portal.sweeps import SWEEPS
from tests.factories import PartnerCollegeFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("mentors:import")
HEADER = ("email", "first_name", "last_name", "college")
NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xml_row(number: int, values) -> str:
    cells = "".join(
        f'<c r="{chr(65 + index)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for index, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def sheet(rows: str, *, dimension: str = "") -> bytes:
    dimension = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NAMESPACE}">'
        f"{dimension}<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def workbook(sheet_xml: bytes | None = None, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A real workbook made by openpyxl, with its sheet's XML replaced by `sheet_xml`."""
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml" and sheet_xml is not None:
                data = sheet_xml
            target.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def refused(name: str, content: bytes) -> importing.ImportFileError:
    with pytest.raises(importing.ImportFileError) as caught:
        importing.read_table(name, content)
    return caught.value


def upload(client, name: str, content: bytes):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def nothing_imported() -> None:
    assert not Mentor.objects.exists()
    assert not User.objects.filter(email__endswith="@varia.fi").exists()


@pytest.fixture
def college():
    return PartnerCollegeFactory(name="Vantaa Vocational College Varia", short_name="Varia")


def test_an_xlsx_declaring_a_million_rows_is_refused_after_reading_three(
    client, coordinator, college
):
    """The finding: a small XLSX whose sheet claims a row far down made every empty row in
    between be read (and all kept in memory) before the row limit was checked."""
    rows = xml_row(1, HEADER) + xml_row(2, ("anna@varia.fi", "Anna", "Virtanen", "Varia"))
    rows += xml_row(1_048_576, ("last@varia.fi", "Last", "Row", "Varia"))
    content = workbook(sheet(rows, dimension="A1:D1048576"))
    assert len(content) < 10_000

    error = refused("mentors.xlsx", content)
    assert error.rows_read == 3
    assert "more than 100,000 rows" in str(error)

    client.force_login(coordinator)
    response = upload(client, "mentors.xlsx", content)
    mentor_import = MentorImport.objects.get()
    assert response.url == reverse("mentors:import_detail", args=[mentor_import.pk])
    assert mentor_import.status == MentorImport.Status.REFUSED
    assert bytes(mentor_import.upload) == b""
    page = client.get(response.url).content.decode()
    assert "The file was refused, so nothing was saved" in page
    assert "more than 100,000 rows" in page
    nothing_imported()


def test_an_xlsx_holding_too_many_rows_is_read_only_up_to_the_limit():
    rows = xml_row(1, HEADER) + "<row/>" * (importing.MAX_LINES + 500)
    error = refused("mentors.xlsx", workbook(sheet(rows)))
    assert error.rows_read == importing.MAX_LINES + 2  # the header, the rows, one too many


@pytest.mark.parametrize("name", ["mentors.csv", "mentors.xlsx"])
def test_more_mentor_rows_than_allowed_stop_the_reading_at_one_too_many(
    monkeypatch, client, coordinator, college, name
):
    monkeypatch.setattr(importing, "MAX_ROWS", 10)
    mentors = [(f"m{n}@varia.fi", "First", f"Last{n}", "Varia") for n in range(200)]
    if name.endswith(".csv"):
        content = "\n".join(",".join(row) for row in [HEADER, *mentors]).encode()
    else:
        rows = "".join(xml_row(n, row) for n, row in enumerate([HEADER, *mentors], start=1))
        content = workbook(sheet(rows))

    error = refused(name, content)
    assert error.rows_read == 12  # the header, ten mentors and the eleventh that is too many
    assert "more than 10 mentor rows" in str(error)
    client.force_login(coordinator)
    upload(client, name, content)
    assert MentorImport.objects.get().status == MentorImport.Status.REFUSED
    nothing_imported()


def test_a_row_of_many_cells_is_refused_at_the_first_cell_too_many():
    rows = xml_row(1, HEADER) + '<row r="2">' + "<c/>" * 200_000 + "</row>"
    error = refused("mentors.xlsx", workbook(sheet(rows)))
    assert "Line 2 has more than 50 columns" in str(error)
    assert error.rows_read == 2


def test_a_csv_row_of_many_columns_and_a_huge_cell_are_refused():
    header = ",".join(HEADER)
    error = refused("mentors.csv", f"{header}\n{',' * 60}\n".encode())
    assert "Line 2 has more than 50 columns" in str(error)
    error = refused("mentors.csv", f"{header}\na@varia.fi,{'x' * 5000},B,Varia\n".encode())
    assert "Line 2 has a cell of more than 1000 characters" in str(error)


def test_a_csv_of_blank_lines_is_read_only_up_to_the_limit(monkeypatch):
    monkeypatch.setattr(importing, "MAX_LINES", 100)
    content = (",".join(HEADER) + "\n" + "\n" * 10_000).encode()
    error = refused("mentors.csv", content)
    assert error.rows_read == 102


def test_a_zip_bomb_is_refused_by_the_web_request_without_unpacking_it(client, coordinator):
    """A workbook with a part that unpacks to more than the limit: the archive's directory
    says so, and the file is refused before any part of it is opened."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(importing.MAX_XLSX_UNPACKED // len(chunk) + 1):
                part.write(chunk)
    content = buffer.getvalue()
    assert len(content) < 100_000

    client.force_login(coordinator)
    response = upload(client, "mentors.xlsx", content)
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert "unpacks to more data than a mentor list can hold (at most 25 MB)" in error
    assert not MentorImport.objects.exists()


def test_a_part_that_shrinks_too_much_when_packed_is_refused():
    """Under the size limit but packed a thousand times smaller: no mentor list does that."""
    content = workbook(extra={"xl/media/padding.bin": b"\0" * (3 * 1024 * 1024)})
    assert "unpacks to more data" in str(refused("mentors.xlsx", content))


def test_a_workbook_with_xml_entities_is_refused():
    """The "billion laughs": entity declarations are refused outright (defusedxml)."""
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="' + NAMESPACE.encode() + b'"><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    assert "not a valid Excel" in str(refused("mentors.xlsx", workbook(bomb)))


def test_the_web_request_only_stores_the_file_and_the_page_waits_for_the_check(
    client, coordinator, college
):
    client.force_login(coordinator)
    content = f"{','.join(HEADER)}\nanna@varia.fi,Anna,Virtanen,Varia\n".encode()
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = client.post(UPLOAD, {"file": SimpleUploadedFile("mentors.csv", content)})
    mentor_import = MentorImport.objects.get()
    assert (mentor_import.status, mentor_import.rows) == ("checking", [])
    assert bytes(mentor_import.upload) == content
    page = client.get(response.url).content.decode()
    assert "The file is being checked" in page
    progress = reverse("mentors:import_progress", args=[mentor_import.pk])
    assert f'hx-get="{progress}"' in page
    partial = client.get(progress, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in partial and "<html" not in partial

    for callback in callbacks:
        callback()

    mentor_import.refresh_from_db()
    assert (mentor_import.status, mentor_import.total) == ("valid", 1)
    assert bytes(mentor_import.upload) == b""
    polled = client.get(progress, headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    assert "Confirm import" in client.get(response.url).content.decode()
    # A second delivery of the check changes nothing.
    assert import_services.check_import(import_id=mentor_import.pk) is None
    nothing_imported()


def test_the_sweep_checks_an_upload_whose_task_was_lost(coordinator, college):
    assert "mentors.services.imports.enqueue_waiting_imports" in SWEEPS
    content = f"{','.join(HEADER)}\nanna@varia.fi,Anna,Virtanen,Varia\n".encode()
    with TestCase.captureOnCommitCallbacks(execute=False):  # the broker lost the message
        lost = import_services.create_import(filename="m.csv", content=content, by=coordinator)
    fresh = MentorImport.objects.create(filename="new.csv", status="checking", upload=content)
    MentorImport.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )

    assert import_services.enqueue_waiting_imports() == 1

    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert (lost.status, lost.total) == ("valid", 1)
    assert fresh.status == "checking"  # its own task may still be on its way


def test_a_request_body_over_the_upload_limit_is_refused_before_it_is_read(
    client, coordinator, settings
):
    settings.MAX_UPLOAD_SIZE = 1000
    client.force_login(coordinator)
    big = SimpleUploadedFile("mentors.csv", b"email,first_name\n" + b"a" * 200_000)
    response = client.post(UPLOAD, {"file": big})
    assert response.status_code == 413
    content = response.content.decode()
    assert "The portal takes files of at most 1000" in content
    assert f'href="{UPLOAD}"' in content
    assert not MentorImport.objects.exists()


def test_a_check_that_fails_unexpectedly_refuses_the_file_rather_than_waiting_forever(
    monkeypatch, coordinator, college
):
    def broken(table):
        raise RuntimeError("database went away")

    monkeypatch.setattr(importing, "check_rows", broken)
    content = f"{','.join(HEADER)}\nanna@varia.fi,Anna,Virtanen,Varia\n".encode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        mentor_import = import_services.create_import(
            filename="m.csv", content=content, by=coordinator
        )
    mentor_import.refresh_from_db()
    assert mentor_import.status == MentorImport.Status.REFUSED
    assert "could not be checked: database went away" in mentor_import.errors[0]["errors"][0]
    assert bytes(mentor_import.upload) == b""
    nothing_imported()
