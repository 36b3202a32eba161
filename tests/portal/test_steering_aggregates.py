"""The steering group reads the report as aggregates (counts per college, field and task, no
mentor named) on the page and in every export; coordinators still read the names. Periods
are compared like with like: an unfinished term with the same part of the previous one, whole
terms per month."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from mentors.models import Mentor
from portal import reports
from portal.dashboard import aggregates, periods
from portal.dashboard.periods import Period, term_period
from tests.downloads import body, through_job
from tests.factories import (
    ContactFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    UserFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)
PERIOD = {"period": "custom", "date_from": "2026-09-01", "date_to": "2026-11-25"}


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def network():
    """Two mentors with contacts with a VTE group and one silent, untrained mentor, all with
    names nobody else has."""
    college = PartnerCollegeFactory(name="Varia")
    field = VocationalFieldFactory(name="Welding robotics", is_shortage=True)
    group = VTEGroupFactory(name="Helsinki day group")
    task = MentorTaskFactory(number=3)
    names = ["Margus Proovikivi", "Ilse Zandvoort", "Saara Hiljainen"]
    mentors = []
    for name in names:
        first, last = name.split()
        mentor = MentorFactory(
            college=college,
            user=UserFactory(first_name=first, last_name=last),
            trained_on=None,
        )
        mentor.fields.add(field)
        mentors.append(mentor)
    for mentor in mentors[:2]:
        ContactFactory(mentor=mentor, task=task, vte_group=group, date=datetime.date(2026, 10, 1))
    return {"names": names, "college": college}


def xlsx_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def csv_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return " ".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())


def test_steering_group_reads_counts_and_no_names_on_the_page_and_in_every_export(
    client, steering, network
):
    client.force_login(steering)
    page = client.get(reverse("reports"), PERIOD)
    html = page.content.decode()
    for name in network["names"]:
        assert name not in html
        for part in name.split():
            assert part not in html
    tables = page.context["tables"]
    # Counts per college and per field instead of the named lists.
    assert tables["follow_up"].values == [["Varia", "Finland", 1]]
    assert tables["follow_up_fields"].values == [["Welding robotics (shortage field)", 1]]
    assert tables["untrained"].values == [["Varia", "Finland", 3]]
    assert tables["untrained_fields"].values == [["Welding robotics (shortage field)", 3]]
    # The network from college to VTE group: two mentors, two contacts.
    assert tables["network"].values == [["Varia", "Helsinki day group (Autumn 2026)", 2, 2]]
    assert "Helsinki day group" in html
    assert "longest silent are listed" not in html

    xlsx = through_job(client, reverse("report_export", args=["xlsx"]), PERIOD)
    csv = through_job(client, reverse("report_export", args=["csv"]), PERIOD)
    pdf = through_job(client, reverse("report_export", args=["pdf"]), PERIOD)
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body(pdf))).pages)
    for text in (xlsx_text(body(xlsx)), csv_text(body(csv)), pdf_text):
        assert "Varia" in text
        for name in network["names"]:
            assert name.split()[1] not in text


def test_monthly_email_pdf_has_no_names(network):
    context = reports.report_context(
        reports.month_period(datetime.date(2026, 10, 1)), "October 2026", named=False
    )
    assert context["aggregates_only"]
    assert context["figures"]["follow_up"]["mentors"] == []
    assert context["figures"]["untrained"]["mentors"] == []
    assert all(node["kind"] != "mentor" for node in context["figures"]["graph"]["nodes"])


def test_coordinators_still_read_the_names(client, coordinator, network):
    client.force_login(coordinator)
    page = client.get(reverse("reports"), PERIOD)
    html = page.content.decode()
    assert "Saara Hiljainen" in html  # silent and untrained
    assert "Margus Proovikivi" in html  # in the network table
    assert "follow_up_fields" not in page.context["tables"]
    xlsx = through_job(client, reverse("report_export", args=["xlsx"]), PERIOD)
    assert "Hiljainen" in xlsx_text(body(xlsx))


def test_an_unfinished_term_is_compared_with_the_same_part_of_the_previous_one():
    period = term_period("autumn", 2026, today=datetime.date(2026, 11, 25))
    assert period.comparison == periods.ELAPSED
    assert (period.start, period.end) == (datetime.date(2026, 8, 1), datetime.date(2026, 12, 31))
    # 1.8.–25.11. is 117 days: spring's first 117 days end on 27.4.
    assert (period.previous_start, period.previous_end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 4, 27),
    )
    finished = term_period("spring", 2026, today=datetime.date(2026, 11, 25))
    assert finished.comparison == periods.PER_MONTH
    assert periods.months_in(finished.start, finished.end) == 7
    assert periods.months_in(finished.previous_start, finished.previous_end) == 5


def test_a_whole_term_is_compared_per_month_and_labelled_so(client, steering):
    task = MentorTaskFactory(number=2)
    mentor = MentorFactory()
    # Autumn 2025 (five months): 10 contacts, 2 a month; spring 2026 (seven months): 21, 3 a month.
    for day in range(10):
        ContactFactory(mentor=mentor, task=task, date=datetime.date(2025, 9, 1 + day))
    for day in range(21):
        ContactFactory(mentor=mentor, task=task, date=datetime.date(2026, 3, 1 + day))
    client.force_login(steering)
    response = client.get(reverse("reports"), {"period": "spring-2026"})
    headline = response.context["sentences"][0]
    assert headline.startswith("Contacts per month grew 50 % on the previous term (")
    html = response.content.decode()
    assert "Compared per month with the previous term" in html
    assert "up 50 % a month on the previous term" in html


def test_the_headline_of_an_unfinished_term_says_what_it_compares(client, steering):
    task = MentorTaskFactory(number=2)
    mentor = MentorFactory()
    # Spring 2026 had 10 contacts in its first 117 days and 40 after: a whole-term comparison
    # would say "fell 80 %"; like with like it grew.
    for day in range(10):
        ContactFactory(mentor=mentor, task=task, date=datetime.date(2026, 2, 1 + day))
    for day in range(40):
        ContactFactory(mentor=mentor, task=task, date=datetime.date(2026, 6, 1 + day % 30))
    for day in range(12):
        ContactFactory(mentor=mentor, task=task, date=datetime.date(2026, 10, 1 + day))
    client.force_login(steering)
    response = client.get(reverse("reports"), {"period": "autumn-2026"})
    assert response.context["sentences"][0].startswith(
        "Contacts grew 20 % on the same part of the previous term ("
    )
    assert "Compared with the same part of the previous term (its first 117 days)" in (
        response.content.decode()
    )
    assert Period.between(datetime.date(2026, 1, 1), datetime.date(2026, 1, 10)).comparison == (
        periods.SAME_LENGTH
    )


def test_the_steering_counts_are_kept_and_follow_a_contact_logged(
    network, django_assert_num_queries
):
    """Counted once per write (the follow-up and training counts are one grouped statement over
    the active mentors), not on every read; a contact logged by the silent mentor takes her out
    of the follow-up counts at once, and leaves the training counts as they were."""
    filters = periods.Filters(period=Period.last_days(30, TODAY.date()))
    figures = reports.cached_figures(filters)
    first = aggregates.steering_figures(figures, filters)
    # The silent mentor (the two others logged contacts in the last 90 days).
    assert [row["count"] for row in first["follow_up"]["by_college"]] == [1]
    with django_assert_num_queries(0):
        assert aggregates.steering_figures(figures, filters)["follow_up"] == first["follow_up"]
    silent = Mentor.objects.get(user__last_name="Hiljainen")
    ContactFactory(mentor=silent, date=TODAY.date())
    after = aggregates.steering_figures(reports.cached_figures(filters), filters)
    assert after["follow_up"]["by_college"] == []
    assert after["untrained"]["by_college"] == first["untrained"]["by_college"]


def test_the_kept_report_bodies_of_coordinators_and_the_steering_group_stay_apart(
    client, coordinator, steering, network
):
    """The report's rendered body is kept per figures and per reader kind: the steering group
    reading after a coordinator never gets the body with names, nor the reverse."""
    client.force_login(coordinator)
    assert "Saara Hiljainen" in client.get(reverse("reports"), PERIOD).content.decode()
    client.force_login(steering)
    for _ in range(2):  # built, then kept
        assert "Saara Hiljainen" not in client.get(reverse("reports"), PERIOD).content.decode()
    client.force_login(coordinator)
    kept = client.get(reverse("reports"), PERIOD)
    assert "sentences" not in kept.context  # the coordinators' body, as kept
    assert "Saara Hiljainen" in kept.content.decode()
