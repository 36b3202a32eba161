"""The outcome figures: placements and hires, hours, goals; on the dashboard's outcomes page
and in the steering report (page, PDF, XLSX)."""

import datetime
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Deliverable
from portal.dashboard import impact, impact_presentation
from portal.dashboard.periods import Filters, Period
from tests.downloads import body, through_job, workbook
from tests.factories import (
    ContactFactory,
    CountryFactory,
    DeliverableFactory,
    EventFactory,
    MentorFactory,
    MentorTaskFactory,
    ObjectiveFactory,
    PartnerCollegeFactory,
    PlacementFactory,
    RegistrationFactory,
    StudentOutcomeFactory,
    VocationalFieldFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def period_query() -> dict:
    return {
        "period": "custom",
        "date_from": (TODAY - datetime.timedelta(days=60)).isoformat(),
        "date_to": TODAY.isoformat(),
    }


def build(*, hires_at_first: int = 5, hires_at_second: int = 2, names=("Varia", "Stadin")) -> dict:
    """Two colleges: the first with enough hires to be shown to the steering group, the second
    with fewer than the anonymity threshold."""
    sweden = CountryFactory(code="SE", name="Sweden")
    first = PartnerCollegeFactory(name=names[0])
    second = PartnerCollegeFactory(name=names[1], country=sweden)
    shortage = VocationalFieldFactory(name="Welding", is_shortage=True)
    plain = VocationalFieldFactory(name="Business", is_shortage=False)
    mentor = MentorFactory(college=first)
    contact = ContactFactory(
        mentor=mentor,
        task=MentorTaskFactory(number=2),
        date=TODAY - datetime.timedelta(days=20),
        duration_minutes=90,
    )
    ContactFactory(
        mentor=mentor,
        task=MentorTaskFactory(number=4),
        date=TODAY - datetime.timedelta(days=10),
        duration_minutes=30,
    )
    for _index in range(hires_at_first):
        hire = StudentOutcomeFactory(college=first, field=shortage, date=TODAY)
        hire.contacts.add(contact)
    for _index in range(hires_at_second):
        StudentOutcomeFactory(college=second, field=plain, date=TODAY)
    PlacementFactory(college=first, field=shortage, mentor=mentor)
    event = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=5),
        ends_at=timezone.now() - datetime.timedelta(days=5) + datetime.timedelta(hours=2),
    )
    RegistrationFactory(event=event, user=mentor.user, attended=True)
    return {"first": first, "second": second, "mentor": mentor, "contact": contact}


def test_placements_hires_shortage_share_and_time_to_hire():
    network = build()
    figures = impact.build_impact(Filters(period=Period.last_days(60, TODAY)))
    path = figures["path"]
    assert path["totals"]["hired"] == 7
    assert path["totals"]["placement"] == 1
    assert path["totals"]["hired_in_shortage"] == 5
    assert path["shortage_share"] == 71
    assert path["lead_days_median"] == 20
    assert [row["field"] for row in path["by_field"]] == ["Welding", "Business"]
    assert path["channels"] == [
        {
            "college_id": network["first"].pk,
            "college": "Varia",
            "country": "Finland",
            "network_hires": 5,
            "hires": 5,
        }
    ]
    assert {row["country"]: row["hired"] for row in path["by_country"]} == {
        "Finland": 5,
        "Sweden": 2,
    }


def test_hours_per_college_and_task_and_the_share_on_extra_resource_tasks():
    network = build()
    figures = impact.build_impact(Filters(period=Period.last_days(60, TODAY)))
    hours = figures["hours"]
    assert hours["contact_hours"] == 2.0
    assert hours["event_hours"] == 2.0
    assert hours["extra_share"] == 25  # task 4: 30 of 120 minutes
    assert [(row["number"], row["extra"]) for row in hours["by_task"]] == [(2, False), (4, True)]
    first = next(row for row in figures["health"] if row["college_id"] == network["first"].pk)
    assert first["hours"] == 4.0
    assert first["outcomes"] == 6  # one placement, five hires
    assert first["hours_per_outcome"] == 0.7


def test_steering_tables_leave_out_counts_below_the_threshold():
    build()
    figures = impact.build_impact(Filters(period=Period.last_days(60, TODAY)))
    steering = impact_presentation.impact_tables(figures, anonymous=True)["path_by_college"].rows
    coordinators = impact_presentation.impact_tables(figures, anonymous=False)[
        "path_by_college"
    ].rows
    assert ["Stadin", "Sweden", 0, "fewer than 5", 0, 0] in steering
    assert ["Stadin", "Sweden", 0, 2, 0, 0] in coordinators
    assert ["Varia", "Finland", "fewer than 5", 5, 0, 5] in steering


def test_goals_are_late_at_risk_or_on_track():
    objective = ObjectiveFactory(title="Mentor pool", deadline=datetime.date(2023, 2, 28))
    DeliverableFactory(
        objective=objective,
        code="PR3",
        status=Deliverable.Status.PUBLISHED,
        due_on=datetime.date(2023, 9, 30),
    )
    DeliverableFactory(code="A1", status=Deliverable.Status.IN_PREPARATION, at_risk=True)
    goals = impact.build_impact(Filters(period=Period.last_days(30, TODAY)))["goals"]
    assert goals["objectives"][0]["late"] is True
    assert goals["late_or_at_risk"] == 2
    rows = impact_presentation.impact_tables(
        impact.build_impact(Filters(period=Period.last_days(30, TODAY))), anonymous=True
    )["goals"].rows
    assert [row[-1] for row in rows] == ["late", "done", "at risk"]


def test_outcomes_dashboard_changes_at_once_after_a_write(client, coordinator):
    network = build()
    client.force_login(coordinator)
    url = reverse("dashboard_outcomes")
    before = client.get(url, period_query()).context["impact"]["path"]["totals"]["hired"]
    StudentOutcomeFactory(college=network["first"], date=TODAY)
    after = client.get(url, period_query()).context["impact"]["path"]["totals"]["hired"]
    assert after == before + 1


def test_outcomes_dashboard_query_count_does_not_grow_with_the_data(
    client, coordinator, django_assert_num_queries
):
    build()
    client.force_login(coordinator)
    url = reverse("dashboard_outcomes")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, period_query()).status_code == 200
    build(hires_at_first=12, hires_at_second=7, names=("Ekami", "Step"))
    ObjectiveFactory()
    DeliverableFactory()
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url, period_query()).status_code == 200
    assert len(small.captured_queries) <= 20


def network_first_pk() -> int:
    from colleges.models import PartnerCollege

    return PartnerCollege.objects.get(name="Varia").pk


def test_report_page_opens_with_the_goals_and_shows_the_outcomes(client, steering):
    build()
    ObjectiveFactory(title="Creating a mentor pool", deadline=datetime.date(2023, 2, 28))
    client.force_login(steering)
    response = client.get(reverse("reports"), period_query())
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("The programme&#x27;s goals") < body.index("Findings")
    assert "Creating a mentor pool" in body
    assert "Placements and hires per field (shortage fields first)" in body
    assert "fewer than 5" in body
    # The steering group sees aggregates only: no link to a college's people.
    assert reverse("college_health", args=[network_first_pk()]) not in body


def pdf_text(body: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_report_pdf_has_the_goals_first_and_the_outcome_tables(client, steering, tmp_path):
    build()
    ObjectiveFactory(title="Creating a mentor pool", deadline=datetime.date(2023, 2, 28))
    client.force_login(steering)
    response = through_job(client, reverse("report_export", args=["pdf"]), period_query())
    text = pdf_text(body(response), tmp_path)
    assert text.index("The programme's goals") < text.index("Findings")
    assert "Creating a mentor pool" in text
    assert "Hours given per college" in text
    assert "Colleges for which the network is a recruitment channel" in text
    assert "fewer than 5" in text


def test_report_xlsx_has_the_outcome_sheets_with_numbers(client, steering):
    build()
    client.force_login(steering)
    book = workbook(through_job(client, reverse("report_export", args=["xlsx"]), period_query()))
    sheet = book["Placements and hires per field "[:31].strip()]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Vocational field", "Shortage field", "Placements", "Hired", "Offered a job"]
    assert rows[1] == ["Welding", "yes", "fewer than 5", 5, 0]
    hours = book["Hours given per college"]
    values = [[cell.value for cell in row] for row in hours.iter_rows()]
    assert ["Varia", 1.5 + 0.5, 2.0, 4.0, 6, 0.7] in values


def test_api_gives_the_outcome_tables_with_small_cells_left_out_for_steering(client, steering):
    build()
    client.force_login(steering)
    response = client.get(reverse("api-outcomes-report"), {"from": period_query()["date_from"]})
    assert response.status_code == 200
    data = response.json()
    assert data["totals"]["shortage_share"] == 71
    field_rows = data["tables"]["path_by_field"]["rows"]
    assert field_rows[0] == ["Welding", "yes", None, 5, 0]
    assert data["tables"]["hours_by_task"]["columns"][2] == {"label": "Hours", "kind": "number"}


def test_api_outcomes_report_refuses_mentors(client):
    from leadvet import roles
    from tests.factories import user_with_role

    client.force_login(user_with_role(roles.MENTOR))
    assert client.get(reverse("api-outcomes-report")).status_code == 403


def test_report_page_and_api_query_counts_do_not_grow_with_the_outcomes(
    client, steering, django_assert_num_queries
):
    build()
    client.force_login(steering)
    with CaptureQueriesContext(connection) as page:
        client.get(reverse("reports"), period_query())
    with CaptureQueriesContext(connection) as api:
        client.get(reverse("api-outcomes-report"))
    build(hires_at_first=9, hires_at_second=6, names=("Ekami", "Step"))
    for number in (7, 8):
        DeliverableFactory(objective=ObjectiveFactory(number=number))
    with django_assert_num_queries(len(page.captured_queries)):
        client.get(reverse("reports"), period_query())
    with django_assert_num_queries(len(api.captured_queries)):
        client.get(reverse("api-outcomes-report"))
    assert len(api.captured_queries) <= 20
