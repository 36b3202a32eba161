import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from tests.downloads import body, through_job, workbook, zip_csvs
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
    response = through_job(client, reverse("report_export", args=["pdf"]), custom_period())
    assert response["Content-Type"] == "application/pdf"
    assert body(response).startswith(b"%PDF")


def test_csv_export_is_a_zip_of_one_csv_per_table(client, steering, some_contacts):
    client.force_login(steering)
    response = through_job(client, reverse("report_export", args=["csv"]), custom_period())
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Disposition"].endswith('.zip"')
    files = zip_csvs(response)
    names = list(files)
    assert names[0] == "00-about-this-export.csv"
    assert "07-contacts-per-mentor-task.csv" in names
    assert "08-outcome-indicators-win-win.csv" in names
    # What the file is, the 15 tables and the 15 of outcomes (issue 24); the steering group
    # reads the follow-up and training counts per college and per field (two more tables).
    assert len(names) == 33
    about = dict(files["00-about-this-export.csv"][1:])
    assert about["Export"] == "LeadVET steering report"
    assert about["From"] == custom_period()["date_from"]
    assert about["07-contacts-per-mentor-task.csv"] == "Contacts per mentor task"
    assert files["07-contacts-per-mentor-task.csv"][:2] == [
        ["Mentor task", "Contacts"],
        ["2. Coordinating teacher students' training", "2"],
    ]


def test_xlsx_export_has_one_sheet_per_table(client, coordinator, some_contacts):
    client.force_login(coordinator)
    book = workbook(through_job(client, reverse("report_export", args=["xlsx"]), custom_period()))
    assert len(book.sheetnames) == 31  # the contents, the 15 tables, the 15 of outcomes
    assert book.sheetnames[0] == "Contents"
    sheet = book["Outcome indicators (win-win)"]
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
