"""The migrations that add the contact rollups and the mentors' latest contacts count the contacts
already logged."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("mentors", "0009_announcement_preview_and_schedule")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_contacts_logged_before_the_rollups_are_counted_by_the_migration():
    old_apps = migrate(BEFORE)
    country = old_apps.get_model("colleges", "Country").objects.create(code="FI", name="Finland")
    college = old_apps.get_model("colleges", "PartnerCollege").objects.create(
        name="Omnia", country=country, city="Espoo"
    )
    user = old_apps.get_model("leadvet", "User").objects.create(email="mentor@example.org")
    mentor = old_apps.get_model("mentors", "Mentor").objects.create(
        user=user, college=college, status="active", official_status_date=datetime.date(2025, 1, 1)
    )
    # The data migrations made the tasks; a transactional test before this one may have
    # flushed them.
    MentorTask = old_apps.get_model("mentors", "MentorTask")
    tasks = {
        number: MentorTask.objects.get_or_create(
            number=number, defaults={"name": f"Task {number}", "description": "A task."}
        )[0]
        for number in (2, 4)
    }
    Contact = old_apps.get_model("mentors", "Contact")
    for day, number, placement in [
        (datetime.date(2026, 3, 2), 4, True),
        (datetime.date(2026, 3, 2), 2, False),
        (datetime.date(2026, 4, 9), 2, False),
    ]:
        Contact.objects.create(
            mentor=mentor,
            college=college,
            date=day,
            task=tasks[number],
            placement=placement,
            counterpart_kind="teacher_student",
            channel="video",
            duration_minutes=30,
        )

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    new_apps = migrate(leaves)

    days = new_apps.get_model("mentors", "ContactDayRollup").objects
    assert sorted(days.values_list("day", "contacts", "minutes", "placements")) == [
        (datetime.date(2026, 3, 2), 2, 60, 1),
        (datetime.date(2026, 4, 9), 1, 30, 0),
    ]
    tasks_per_month = new_apps.get_model("mentors", "ContactTaskRollup").objects
    assert sorted(tasks_per_month.values_list("month", "task__number", "contacts")) == [
        (datetime.date(2026, 3, 1), 2, 1),
        (datetime.date(2026, 3, 1), 4, 1),
        (datetime.date(2026, 4, 1), 2, 1),
    ]
    mentors = new_apps.get_model("mentors", "ContactMentorRollup").objects
    assert sorted(mentors.values_list("month", "contacts", "vte_session_contacts")) == [
        (datetime.date(2026, 3, 1), 2, 1),
        (datetime.date(2026, 4, 1), 1, 0),
    ]
    # And per year (mentors.0018, from the month rollup).
    years = new_apps.get_model("mentors", "ContactMentorYearRollup").objects
    assert list(years.values_list("year", "mentor_id", "contacts", "vte_session_contacts")) == [
        (datetime.date(2026, 1, 1), mentor.pk, 3, 1)
    ]
    # And the network's contacts per day and task, and per month and college (mentors.0016).
    network = new_apps.get_model("mentors", "ContactNetworkRollup").objects
    assert sorted(network.values_list("day", "task__number", "contacts", "placements")) == [
        (datetime.date(2026, 3, 2), 2, 1, 0),
        (datetime.date(2026, 3, 2), 4, 1, 1),
        (datetime.date(2026, 4, 9), 2, 1, 0),
    ]
    per_month = new_apps.get_model("mentors", "ContactMonthRollup").objects
    assert sorted(per_month.values_list("month", "college_id", "contacts", "minutes")) == [
        (datetime.date(2026, 3, 1), college.pk, 2, 60),
        (datetime.date(2026, 4, 1), college.pk, 1, 30),
    ]
    # And each mentor's latest contact (mentors.0015).
    latest = new_apps.get_model("mentors", "MentorLastContact").objects
    assert list(latest.values_list("mentor_id", "day")) == [(mentor.pk, datetime.date(2026, 4, 9))]
