import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from leadvet import roles
from tests.factories import (
    ContactFactory,
    MentorFactory,
    MentorTaskFactory,
    VTEGroupFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_contacts(db):
    mentor = MentorFactory()
    group = VTEGroupFactory()
    for number in (1, 2, 2):
        ContactFactory(
            mentor=mentor, task=MentorTaskFactory(number=number), vte_group=group, placement=True
        )
    return mentor


def custom_period() -> dict:
    today = timezone.localdate()
    return {
        "period": "custom",
        "date_from": (today - datetime.timedelta(days=30)).isoformat(),
        "date_to": today.isoformat(),
    }


def test_pdf_export_is_a_pdf(client, steering, some_contacts):
    client.force_login(steering)
    response = client.get(reverse("report_export", args=["pdf"]), custom_period())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_csv_export_parses_and_holds_every_table(client, steering, some_contacts):
    client.force_login(steering)
    response = client.get(reverse("report_export", args=["csv"]), custom_period())
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = [
        row[0] for index, row in enumerate(rows) if index == 0 or (rows[index - 1] == [] and row)
    ]
    assert "Contacts per mentor task" in titles
    assert "Outcome indicators (win-win)" in titles
    task_table = rows.index(["Contacts per mentor task"])
    assert rows[task_table + 1] == ["Mentor task", "Contacts"]
    assert rows[task_table + 2] == ["2. Coordinating teacher students' training", "2"]


def test_xlsx_export_has_one_sheet_per_table(client, coordinator, some_contacts):
    client.force_login(coordinator)
    response = client.get(reverse("report_export", args=["xlsx"]), custom_period())
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 15
    sheet = workbook["Outcome indicators (win-win)"]
    assert [cell.value for cell in sheet[1]] == ["Indicator", "Number"]
    assert [cell.value for cell in sheet[2]] == ["Student placements", 3]


def test_exports_are_refused_to_other_roles(client):
    client.force_login(user_with_role(roles.MENTOR))
    for fmt in ("pdf", "csv", "xlsx"):
        assert client.get(reverse("report_export", args=[fmt])).status_code == 403


def test_exports_need_login(client):
    response = client.get(reverse("report_export", args=["csv"]))
    assert response.status_code == 302


def test_unknown_export_format_is_404(client, steering):
    client.force_login(steering)
    assert client.get(reverse("report_export", args=["docx"])).status_code == 404


def test_pdf_renderer_reads_static_files_without_network():
    from leadvet.lib.pdf import static_url_fetcher

    fetcher = static_url_fetcher()
    response = fetcher.fetch("http://127.0.0.1:8000/static/css/report_pdf.css")
    assert b"@page" in response.read()
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.org/tracker.png")
