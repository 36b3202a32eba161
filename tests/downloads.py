"""Reading a download back the way a spreadsheet program would: a CSV with the encoding and
delimiter its response declares, a ZIP of such CSVs, an XLSX workbook."""

import csv
import io
import zipfile

from openpyxl import load_workbook

DELIMITERS = {"fi": ";", "en": ","}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def delimiter(response) -> str:
    """The delimiter of the language the response declares (Content-Language)."""
    return DELIMITERS[response["Content-Language"]]


def parse_csv(data: bytes, separator: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "a CSV starts with the UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=separator))


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV download: UTF-8 as its Content-Type says, with a BOM."""
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    return parse_csv(body(response), delimiter(response))


def zip_csvs(response) -> dict[str, list[list[str]]]:
    """{file name: rows} of a ZIP of CSV files."""
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    return {name: parse_csv(archive.read(name), delimiter(response)) for name in archive.namelist()}


def workbook(response):
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(body(response)))


def data_sheet(response):
    """The one table of a single-table workbook: the sheet after the contents sheet."""
    book = workbook(response)
    assert len(book.worksheets) == 2
    return book.worksheets[1]


def through_job(client, url: str, data: dict | None = None):
    """Ask for a download as its page's button does (a POST with the page's query), let the
    job run (the tests' eager Celery runs it once the request's transaction commits), follow
    the redirect to the job's page and fetch the file from the link it gives. Returns the
    file's response; the job is `response.job`."""
    from django.test import TestCase
    from django.utils.http import urlencode

    from leadvet.models import Job

    if data:
        url = f"{url}?{urlencode(data, doseq=True)}"
    with TestCase.captureOnCommitCallbacks(execute=True):
        asked = client.post(url)
    assert asked.status_code == 302, asked.status_code
    job = Job.objects.get(pk=int(asked["Location"].rstrip("/").rsplit("/", 1)[1]))
    page = client.get(asked["Location"])
    assert page.status_code == 200
    link = f'href="/downloads/{job.pk}/file/"'
    assert link in page.content.decode(), f"no download link: {job.status} {job.error}"
    response = client.get(f"/downloads/{job.pk}/file/")
    assert response.status_code == 200
    response.job = job
    return response


def fetch(client, url: str):
    """A download as its button gets it: the file at once when it fits on a page, else
    through its job (`through_job`)."""
    response = client.get(url)
    assert response.status_code == 200, url
    if response["Content-Type"].startswith("text/html"):
        return through_job(client, url)
    return response
