"""On PostgreSQL the contact log's CSV is written by COPY (leadvet.lib.exports), a month at a
time: the file must read exactly as the one the Python writer makes, cell for cell, in every
language's delimiter, with text that needs quoting or neutralising."""

import csv
import datetime
import io
from dataclasses import replace

import pytest
from django.db import connection
from django.utils import translation

from leadvet.lib.downloads import Progress
from leadvet.lib.exports import write_csv
from mentors.exports import contact_table
from mentors.selectors.college_overview import college_contact_log
from tests.factories import (
    ContactFactory,
    MentorFactory,
    MentorTaskFactory,
    UserFactory,
    VTEGroupFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

SUMMARIES = [
    "Line one\nline two",
    'She said "yes"; then left, quickly',
    '=HYPERLINK("http://example.org")',
    "-5 students",
    "+1 more",
    "@mention",
    "\tindented",
    "",
    "Plain",
]


@pytest.fixture
def contacts():
    task = MentorTaskFactory(number=2)
    nameless = MentorFactory(user=UserFactory(first_name="", last_name=""))
    named = MentorFactory(user=UserFactory(first_name="=Eva", last_name="Virtanen"))
    group = VTEGroupFactory(name='Group "A"; evening')
    made = []
    for index, summary in enumerate(SUMMARIES):
        made.append(
            ContactFactory(
                mentor=(nameless, named)[index % 2],
                task=task,
                # Three months, so that the file is written in three parts.
                date=datetime.date(2026, 9 + index % 3, 1 + index),
                summary=summary,
                vte_group=group if index % 3 == 0 else None,
                counterpart_kind=("teacher_student", "vte_group", "unknown")[index % 3],
                channel=("video", "phone")[index % 2],
                duration_minutes=15 * index,
                placement=index % 2 == 0,
                recruitment_lead=index % 3 == 0,
                is_formal=index % 4 == 0,
            )
        )
    return made


def _written(table, progress=None) -> bytes:
    file = io.BytesIO()
    write_csv(table, file, progress=progress)
    return file.getvalue()


def _parsed(data: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


@pytest.mark.parametrize(("language", "delimiter"), [("fi", ";"), ("en", ",")])
def test_the_copied_contact_log_reads_as_the_python_writer_writes_it(contacts, language, delimiter):
    with translation.override(language):
        table = contact_table(college_contact_log(None), with_mentor=True)
        progress = Progress()
        copied = _written(table, progress)
        python = _written(replace(table, csv_text=None))

    assert copied.startswith("\ufeff".encode())
    rows = _parsed(copied, delimiter)
    assert rows == _parsed(python, delimiter)
    assert len(rows) == len(SUMMARIES) + 1
    # Newest first across the months, as the log lists them.
    assert [row[1] for row in rows[1:]] == sorted(
        (contact.date.isoformat() for contact in contacts), reverse=True
    )
    # A line feed inside a summary does not count as a row.
    assert progress.done == progress.total == len(SUMMARIES)
    by_summary = {row[-1]: row for row in rows[1:]}
    assert by_summary['\'=HYPERLINK("http://example.org")']
    assert by_summary["Line one\nline two"]
    assert "'-5 students" in by_summary and "'\tindented" in by_summary
    # The mentor without a name by their email; a name that starts like a formula neutralised.
    assert {row[0] for row in rows[1:]} == {contacts[0].mentor.user.email, "'=Eva Virtanen"}


def test_a_filtered_log_in_another_order_is_copied_in_one_part(contacts):
    with translation.override("en"):
        table = contact_table(college_contact_log(None).order_by("date", "id"), with_mentor=True)
        parts = list(table.csv_text())
        rows = _parsed(_written(table), ",")

    assert len(parts) == 1
    assert [row[1] for row in rows[1:]] == sorted(contact.date.isoformat() for contact in contacts)
