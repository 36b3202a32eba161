import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.downloads import csv_rows, data_sheet, through_job
from tests.factories import (
    AvailabilityFactory,
    LanguageFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    UserFactory,
    VocationalFieldFactory,
    college_coordinator_for,
)

pytestmark = pytest.mark.django_db

CSV = reverse("mentors:export_csv")
XLSX = reverse("mentors:export_xlsx")


@pytest.fixture
def anna():
    mentor = MentorFactory(
        user=UserFactory(first_name="Anna", last_name="Virtanen", email="anna@varia.fi"),
        phone="040 1",
    )
    mentor.fields.add(VocationalFieldFactory(name="Welding"))
    mentor.tasks.add(MentorTaskFactory(number=3))
    mentor.languages.add(LanguageFactory(code="fi", name="Finnish"))
    AvailabilityFactory(mentor=mentor)
    return mentor


def test_csv_export_has_a_header_and_the_filtered_rows(client, coordinator, anna, other_mentor):
    client.force_login(coordinator)
    response = client.get(CSV, {"q": "virtanen"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:3] == ["Last name", "First name", "Email"]
    assert len(rows) == 1
    assert rows[0][:4] == ["Virtanen", "Anna", "anna@varia.fi", "040 1"]
    assert "Welding" in rows[0] and "3" in rows[0] and "fi" in rows[0] and "yes" in rows[0]


def test_csv_export_of_more_than_a_page_is_made_in_the_background_and_ignores_pagination(
    client, coordinator
):
    MentorFactory.create_batch(30)
    client.force_login(coordinator)
    page = client.get(CSV, {"page": 2})
    assert page["Content-Type"].startswith("text/html")  # the button that starts the job
    response = through_job(client, CSV, {"page": 2})
    assert len(csv_rows(response)) == 31
    assert response.job.rows_done == response.job.rows_total == 30


def test_xlsx_export_opens_in_openpyxl(client, coordinator, anna, other_mentor):
    client.force_login(coordinator)
    response = client.get(XLSX, {"college": anna.college_id})
    sheet = data_sheet(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Email"
    assert [row[2] for row in rows[1:]] == ["anna@varia.fi"]


def test_college_coordinator_exports_only_their_college(client, anna, other_mentor):
    client.force_login(college_coordinator_for(other_mentor.college))
    emails = [row[2] for row in csv_rows(client.get(CSV))[1:]]
    assert emails == [other_mentor.user.email]


def test_college_coordinator_cannot_export_another_college_by_filter(client, anna, other_mentor):
    client.force_login(college_coordinator_for(other_mentor.college))
    response = client.get(CSV, {"college": anna.college_id})
    assert anna.user.email not in [row[2] for row in csv_rows(response)]


@pytest.mark.parametrize("url", [CSV, XLSX])
@pytest.mark.parametrize("fixture", ["teacher_educator", "steering"])
def test_other_roles_cannot_export(client, request, fixture, url):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(url).status_code == 403


def test_anonymous_cannot_export(client):
    assert client.get(CSV).status_code == 302


def test_export_query_count_does_not_grow_with_rows(
    client, coordinator, settings, django_assert_num_queries
):
    def add(count):
        for mentor in MentorFactory.create_batch(count, college=PartnerCollegeFactory()):
            mentor.fields.add(VocationalFieldFactory(name="Nursing"))

    settings.DOWNLOAD_DIRECT_ROWS = 0  # every export a job: asked for, made, downloaded
    add(5)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as few:
        through_job(client, XLSX)
    add(40)
    with django_assert_num_queries(len(few.captured_queries)):
        sheet = data_sheet(through_job(client, XLSX))
    assert sheet.max_row == 46


def test_spreadsheet_formulas_in_names_are_neutralised(client, coordinator):
    MentorFactory(user=UserFactory(first_name="=HYPERLINK(1)", last_name="Evil"))
    client.force_login(coordinator)
    [_header, row] = csv_rows(client.get(CSV))
    assert row[1] == "'=HYPERLINK(1)"


def test_invitation_state_is_exported_in_words(client, coordinator, anna):
    client.force_login(coordinator)
    [_header, row] = csv_rows(client.get(CSV))
    assert row[-1] == "Not invited"
