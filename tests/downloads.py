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
