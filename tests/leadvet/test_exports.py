"""leadvet.lib.exports: the one writer of every CSV and XLSX download."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import timezone, translation
from django.utils.formats import date_format

from leadvet.lib import downloads
from leadvet.lib.exports import (
    About,
    Column,
    Kind,
    Table,
    applied_filters,
    display,
    neutralise,
    prepare,
)
from tests.downloads import csv_rows, workbook, zip_csvs


def download(file_format, tables, *, about, filename):
    """The file as a view sends one it makes within the request (leadvet.lib.jobs)."""
    return downloads.response(prepare(file_format, tables, about=about, filename=filename))


COLUMNS = [
    Column("Name"),
    Column("Count", Kind.INTEGER),
    Column("Mean", Kind.NUMBER),
    Column("Rate", Kind.PERCENT),
    Column("Day", Kind.DATE, missing="never"),
    Column("Month", Kind.MONTH),
    Column("At", Kind.DATETIME),
    Column("Change", Kind.NUMBER, signed=True),
]
AT = timezone.make_aware(datetime.datetime(2026, 3, 4, 15, 30))  # Helsinki time


def rows():
    return [
        [
            "Äänekoski",
            -3,
            3.75,
            62,
            datetime.date(2026, 4, 11),
            datetime.date(2026, 4, 1),
            AT,
            -0.5,
        ],
        ["=1+1", 0, Decimal("1.5"), 33.3, None, datetime.date(2026, 5, 1), None, 0.25],
    ]


def table(title="Contacts per month by mentor task") -> Table:
    return Table(title, COLUMNS, rows())


ABOUT = About(
    "Steering report",
    period="Spring 2026",
    starts_on=datetime.date(2026, 1, 1),
    ends_on=datetime.date(2026, 7, 31),
    filters=[("College", "=HYPERLINK(1)")],
)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe(start):
    assert neutralise(f"{start}SUM(A1)") == f"'{start}SUM(A1)"


def test_other_text_is_left_alone():
    assert neutralise("Omnia – 1+1") == "Omnia – 1+1"
    assert neutralise("") == ""


def test_english_csv_has_a_bom_commas_and_plain_typed_values():
    with translation.override("en"):
        response = download("csv", [table()], about=ABOUT, filename="contacts")
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response["Content-Language"] == "en"
    assert response["Content-Disposition"] == 'attachment; filename="contacts.csv"'
    assert csv_rows(response) == [
        ["Name", "Count", "Mean", "Rate (%)", "Day", "Month", "At", "Change"],
        ["Äänekoski", "-3", "3.75", "62", "2026-04-11", "2026-04", "2026-03-04 15:30", "-0.5"],
        ["'=1+1", "0", "1.5", "33.3", "never", "2026-05", "", "0.25"],
    ]


def test_finnish_csv_has_semicolons_and_decimal_commas():
    with translation.override("fi"):
        response = download("csv", [table()], about=ABOUT, filename="contacts")
    assert response["Content-Language"] == "fi"
    rows = csv_rows(response)  # read with ";" as the response's language says
    assert rows[0][:4] == ["Name", "Count", "Mean", "Rate (%)"]
    assert rows[1][:4] == ["Äänekoski", "-3", "3,75", "62"]
    assert rows[2][:4] == ["'=1+1", "0", "1,5", "33,3"]


def test_a_streamed_csv_keeps_the_language_of_the_request():
    def translated_rows():
        yield [translation.get_language(), 1, None, None, None, None, None, None]

    with translation.override("fi"):
        response = download(
            "csv", [Table("Rows", COLUMNS, translated_rows())], about=ABOUT, filename="rows"
        )
    with translation.override("en"):
        rows = csv_rows(response)
    assert rows[1][0] == "fi"


def test_several_tables_are_a_zip_of_csv_files_named_by_their_titles():
    with translation.override("en"):
        response = download(
            "csv",
            [table("Mentors: by status"), table("Mentors: by status")],
            about=ABOUT,
            filename="report",
        )
    assert response["Content-Disposition"] == 'attachment; filename="report.zip"'
    files = zip_csvs(response)
    assert list(files) == [
        "00-about-this-export.csv",
        "01-mentors-by-status.csv",
        "02-mentors-by-status.csv",
    ]
    about = dict(files["00-about-this-export.csv"][1:])
    assert about["Export"] == "Steering report"
    assert (about["Period"], about["From"], about["To"]) == (
        "Spring 2026",
        "2026-01-01",
        "2026-07-31",
    )
    assert about["Filter: College"] == "'=HYPERLINK(1)"
    assert about["01-mentors-by-status.csv"] == "Mentors: by status"
    assert files["01-mentors-by-status.csv"][1][0] == "Äänekoski"


def test_xlsx_cells_are_typed_and_text_is_never_a_formula():
    with translation.override("fi"):
        response = download("xlsx", [table()], about=ABOUT, filename="report")
    assert response["Content-Disposition"] == 'attachment; filename="report.xlsx"'
    sheet = workbook(response).worksheets[1]
    first, second = sheet[2], sheet[3]
    assert (first[0].value, first[0].data_type) == ("Äänekoski", "s")
    assert (first[1].value, first[1].data_type) == (-3, "n")
    assert first[2].value == 3.75
    assert (first[3].value, first[3].number_format) == (0.62, "0%")
    assert (second[3].value, second[3].number_format) == (pytest.approx(0.333), "0.0%")
    assert first[4].is_date and first[4].value == datetime.datetime(2026, 4, 11)
    assert first[4].number_format == "d.m.yyyy"
    assert first[5].is_date and first[5].number_format == "mmm yyyy"
    assert first[6].value == datetime.datetime(2026, 3, 4, 15, 30)
    assert first[6].number_format == "d.m.yyyy hh:mm"
    assert first[7].value == -0.5 and first[7].number_format.startswith("+")
    assert (second[0].value, second[0].data_type) == ("'=1+1", "s")
    assert second[4].value == "never"
    assert second[6].value is None


def test_english_xlsx_dates_are_day_month_year_too():
    with translation.override("en"):
        response = download("xlsx", [table()], about=ABOUT, filename="report")
    sheet = workbook(response).worksheets[1]
    assert sheet["E2"].number_format == "d.m.yyyy"
    assert sheet["G2"].number_format == "d.m.yyyy hh:mm"


def test_xlsx_header_is_bold_frozen_filtered_and_columns_fit():
    long_text = "A summary " * 20
    response = download(
        "xlsx",
        [Table("Log", [Column("Id", Kind.INTEGER), Column("Summary")], [[1, long_text], [2, "x"]])],
        about=ABOUT,
        filename="log",
    )
    sheet = workbook(response).worksheets[1]
    assert all(cell.font.b for cell in sheet[1])
    assert not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"
    assert sheet.column_dimensions["A"].width == 8
    assert sheet.column_dimensions["B"].width == 60


def test_xlsx_first_sheet_names_the_export_period_filters_and_every_table():
    titles = [
        "Active mentors without mentor training in the last 24 months",
        "Active mentors without mentor training in the last 24 months",
        "Network: mentors/colleges [all]",
        "History",
    ]
    with translation.override("en"):
        response = download(
            "xlsx", [table(title) for title in titles], about=ABOUT, filename="report"
        )
    book = workbook(response)
    assert book.sheetnames == [
        "Contents",
        "Active mentors without mentor t",
        "Active mentors without ment (2)",
        "Network mentors colleges all",
        "History (2)",
    ]
    contents = book["Contents"]
    values = {row[0]: row[1:] for row in contents.iter_rows(values_only=True) if row[0]}
    assert contents["A1"].value == "Steering report" and contents["A1"].font.b
    assert values["Period"][0] == "Spring 2026"
    assert values["From"][0] == datetime.datetime(2026, 1, 1)
    assert values["To"][0] == datetime.datetime(2026, 7, 31)
    assert values["Filter: College"][0] == "'=HYPERLINK(1)"
    assert isinstance(values["Created"][0], datetime.datetime)
    for name, title in zip(book.sheetnames[1:], titles, strict=True):
        assert values[name] == (title, 2)
    assert contents.cell(row=contents.max_row, column=1).hyperlink.location == "'History (2)'!A1"


def test_xlsx_text_loses_characters_xml_cannot_hold_and_keeps_error_codes_as_text():
    response = download(
        "xlsx",
        [Table("Answers", [Column("Text")], [["\x01=1+1"], ["#N/A"], ["x" * 40000]])],
        about=ABOUT,
        filename="answers",
    )
    sheet = workbook(response).worksheets[1]
    assert sheet["A2"].value == "'=1+1"
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("#N/A", "s")
    assert len(sheet["A4"].value) == 32767


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        download("ods", [table()], about=ABOUT, filename="x")


def test_page_display_keeps_numbers_and_writes_percentages_months_dates_and_changes():
    assert display(3, Column("Count", Kind.INTEGER)) == 3
    assert display(62, Column("Rate", Kind.PERCENT)) == "62 %"
    assert display(0.3, Column("Change", Kind.NUMBER, signed=True)) == "+0.3"
    assert display(None, Column("Last", Kind.DATE, missing="never")) == "never"
    with translation.override("en"):
        assert display(datetime.date(2026, 4, 1), Column("Month", Kind.MONTH)) == "Apr 2026"
    with translation.override("fi"):
        assert display(datetime.date(2026, 4, 1), Column("Month", Kind.MONTH)) == "Huh 2026"


class FilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=[("", "All"), ("active", "Active")])
    since = forms.DateField(label="Since", required=False)
    trained = forms.BooleanField(label="Trained", required=False)
    available = forms.BooleanField(label="Available", required=False)
    q = forms.CharField(label="Search", required=False)
    mentor = forms.IntegerField(required=False, widget=forms.HiddenInput)


def test_applied_filters_are_the_filled_in_fields_in_words():
    form = FilterForm(
        {"status": "active", "since": "2026-01-05", "trained": "on", "q": "=x", "mentor": "3"}
    )
    with translation.override("en"):
        assert applied_filters(form) == [
            ("Status", "Active"),
            ("Since", date_format(datetime.date(2026, 1, 5))),
            ("Trained", "yes"),
            ("Search", "=x"),
        ]
    assert applied_filters(FilterForm()) == []
    assert applied_filters(FilterForm({"status": "nonsense"})) == []


def test_a_table_longer_than_a_sheet_continues_on_the_next_sheets(monkeypatch):
    monkeypatch.setattr("leadvet.lib.xlsx.MAX_SHEET_ROWS", 2)
    rows = ([number] for number in range(1, 6))  # streamed: read once
    with translation.override("en"):
        response = download(
            "xlsx",
            [Table("Answers", [Column("Number", Kind.INTEGER)], rows)],
            about=ABOUT,
            filename="x",
        )
    book = workbook(response)
    assert book.sheetnames == [
        "Contents",
        "Answers",
        "Answers (continued, part 2)",
        "Answers (continued, part 3)",
    ]
    assert [
        [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        for sheet in book.worksheets[1:]
    ] == [
        [1, 2],
        [3, 4],
        [5],
    ]
    assert all(sheet["A1"].value == "Number" for sheet in book.worksheets[1:])
    contents = {row[0]: row[1:] for row in book["Contents"].iter_rows(values_only=True) if row[0]}
    assert contents["Answers (continued, part 3)"] == ("Answers (continued, part 3)", 1)
