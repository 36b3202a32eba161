"""The contact rollups equal a recount of the contact log after any sequence of writes.

Hypothesis draws sequences of the writes that change contacts (logging, idempotent retries,
edits, deletions, bulk imports and updates, moves between colleges and corrected membership
periods, anonymisation, deleting a mentor) and after each one the six rollup tables and
each mentor's latest contact must hold exactly what this module counts from the contacts by
itself, in Python; `rebuild` must give the same again.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from mentors.models import (
    Contact,
    ContactDayRollup,
    ContactMentorRollup,
    ContactMentorYearRollup,
    ContactMonthRollup,
    ContactNetworkRollup,
    ContactTaskRollup,
    MembershipPeriod,
    Mentor,
    MentorLastContact,
    MentorTask,
    rollups,
)
from mentors.services import contacts as contact_services
from mentors.services import memberships as membership_services
from mentors.services import pool as pool_services
from mentors.services import privacy as privacy_services
from tests.factories import MentorFactory, PartnerCollegeFactory, VTEGroupFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
OUTCOMES = (
    "placement",
    "recruitment_lead",
    "curriculum_input",
    "wellbeing_insight",
    "other_outcome",
)
KINDS = ("teacher_student", "vte_group", "teacher_educator", "mentor")


def recount() -> dict[str, dict]:
    """The six rollups as this test counts them from the contacts, and each mentor's
    latest contact."""
    day, task, mentor, mentor_year, network, month_college, last = {}, {}, {}, {}, {}, {}, {}

    def add(table, key, *measures):
        total = table.setdefault(key, [0] * len(measures))
        for index, value in enumerate(measures):
            total[index] += value

    for row in Contact.objects.values(
        "date",
        "college_id",
        "task_id",
        "task__number",
        "mentor_id",
        "counterpart_kind",
        "duration_minutes",
        *OUTCOMES,
    ):
        month = row["date"].replace(day=1)
        add(
            day,
            (row["date"], row["college_id"]),
            1,
            row["duration_minutes"],
            *(int(row[name]) for name in OUTCOMES),
        )
        add(task, (month, row["college_id"], row["task_id"]), 1, row["duration_minutes"])
        add(
            network,
            (row["date"], row["task_id"]),
            1,
            row["duration_minutes"],
            *(int(row[name]) for name in OUTCOMES),
        )
        add(month_college, (month, row["college_id"]), 1, row["duration_minutes"])
        in_session = row["task__number"] == 4 or row["counterpart_kind"] == "vte_group"
        add(mentor, (month, row["mentor_id"], row["college_id"]), 1, int(in_session))
        year = row["date"].replace(month=1, day=1)
        add(mentor_year, (year, row["mentor_id"], row["college_id"]), 1, int(in_session))
        last[row["mentor_id"]] = max(row["date"], last.get(row["mentor_id"], row["date"]))
    return {
        "day": {key: tuple(value) for key, value in day.items()},
        "task": {key: tuple(value) for key, value in task.items()},
        "mentor": {key: tuple(value) for key, value in mentor.items()},
        "mentor_year": {key: tuple(value) for key, value in mentor_year.items()},
        "network": {key: tuple(value) for key, value in network.items()},
        "month": {key: tuple(value) for key, value in month_college.items()},
        "last": last,
    }


def stored() -> dict[str, dict]:
    """The rollup tables' rows that count something (a row brought down to zero stays)."""
    outcome_counts = [f"{name}s" for name in OUTCOMES]
    return {
        "day": {
            (row[0], row[1]): tuple(row[2:])
            for row in ContactDayRollup.objects.values_list(
                "day", "college_id", "contacts", "minutes", *outcome_counts
            )
            if any(row[2:])
        },
        "task": {
            (row[0], row[1], row[2]): tuple(row[3:])
            for row in ContactTaskRollup.objects.values_list(
                "month", "college_id", "task_id", "contacts", "minutes"
            )
            if any(row[3:])
        },
        "mentor": {
            (row[0], row[1], row[2]): tuple(row[3:])
            for row in ContactMentorRollup.objects.values_list(
                "month", "mentor_id", "college_id", "contacts", "vte_session_contacts"
            )
            if any(row[3:])
        },
        "mentor_year": {
            (row[0], row[1], row[2]): tuple(row[3:])
            for row in ContactMentorYearRollup.objects.values_list(
                "year", "mentor_id", "college_id", "contacts", "vte_session_contacts"
            )
            if any(row[3:])
        },
        "network": {
            (row[0], row[1]): tuple(row[2:])
            for row in ContactNetworkRollup.objects.values_list(
                "day", "task_id", "contacts", "minutes", *outcome_counts
            )
            if any(row[2:])
        },
        "month": {
            (row[0], row[1]): tuple(row[2:])
            for row in ContactMonthRollup.objects.values_list(
                "month", "college_id", "contacts", "minutes"
            )
            if any(row[2:])
        },
        "last": dict(MentorLastContact.objects.values_list("mentor_id", "day")),
    }


# Back into the year before, whatever day of the year the test runs on.
days_ago = st.integers(min_value=0, max_value=400)
contact_data = st.fixed_dictionaries(
    {
        "days_ago": days_ago,
        "task": st.sampled_from([1, 2, 4, 5]),
        "counterpart_kind": st.sampled_from(KINDS),
        "duration_minutes": st.sampled_from([0, 15, 45, 600]),
        "outcomes": st.sets(st.sampled_from(OUTCOMES), max_size=3),
        "with_group": st.booleans(),
    }
)
index = st.integers(min_value=0, max_value=50)
operations = st.one_of(
    st.tuples(st.just("log"), index, contact_data),
    st.tuples(st.just("log_once"), index, contact_data, st.sampled_from(["key-a", "key-b"])),
    st.tuples(st.just("edit"), index, contact_data),
    st.tuples(st.just("edit_summary"), index),
    st.tuples(st.just("delete"), index),
    st.tuples(st.just("bulk_import"), index, st.lists(contact_data, min_size=1, max_size=4)),
    st.tuples(st.just("bulk_update"), index, st.sampled_from([1, 2, 4, 5])),
    st.tuples(st.just("bulk_update_objects"), index, days_ago),
    st.tuples(st.just("bulk_delete"), index),
    st.tuples(st.just("move"), index, index, days_ago),
    st.tuples(st.just("correct_membership"), index, days_ago),
    st.tuples(st.just("anonymise"), index),
    st.tuples(st.just("delete_mentor"), index),
    st.tuples(st.just("rebuild")),
)


class Network:
    def __init__(self):
        self.colleges = [PartnerCollegeFactory() for _ in range(3)]
        self.tasks = {
            task.number: task for task in MentorTask.objects.filter(number__in=[1, 2, 4, 5])
        }
        self.group = VTEGroupFactory()
        self.mentors = []
        for number in range(3):
            self.new_mentor(self.colleges[number])

    def new_mentor(self, college) -> Mentor:
        mentor = MentorFactory(college=college)
        MembershipPeriod.objects.create(
            mentor=mentor, college=college, starts_on=TODAY - datetime.timedelta(days=450)
        )
        self.mentors.append(mentor)
        return mentor

    def mentor(self, number: int) -> Mentor:
        return Mentor.objects.get(pk=self.mentors[number % len(self.mentors)].pk)

    def contact(self, number: int) -> Contact | None:
        contacts = list(Contact.objects.order_by("pk"))
        return contacts[number % len(contacts)] if contacts else None

    def data(self, drawn: dict) -> dict:
        return {
            "date": TODAY - datetime.timedelta(days=drawn["days_ago"]),
            "task": self.tasks[drawn["task"]],
            "counterpart_kind": drawn["counterpart_kind"],
            "vte_group": self.group if drawn["with_group"] else None,
            "channel": "video",
            "duration_minutes": drawn["duration_minutes"],
            **{name: name in drawn["outcomes"] for name in OUTCOMES},
            "summary": "Talked about placements.",
        }

    def run(self, operation: tuple) -> None:
        kind, *args = operation
        getattr(self, f"do_{kind}")(*args)

    def do_log(self, mentor, drawn):
        contact_services.log_contact(mentor=self.mentor(mentor), data=self.data(drawn))

    def do_log_once(self, mentor, drawn, key):
        contact_services.log_contact_once(
            mentor=self.mentor(mentor), data=self.data(drawn), idempotency_key=key
        )

    def do_edit(self, number, drawn):
        if contact := self.contact(number):
            contact_services.update_contact(contact=contact, data=self.data(drawn))

    def do_edit_summary(self, number):
        if contact := self.contact(number):
            contact_services.update_contact(contact=contact, data={"summary": "Changed."})

    def do_delete(self, number):
        if contact := self.contact(number):
            contact_services.delete_contact(contact=contact)

    def do_bulk_import(self, mentor, drawn_rows):
        mentor = self.mentor(mentor)
        Contact.objects.bulk_create(
            [
                Contact(mentor=mentor, college=mentor.college, **self.data(drawn))
                for drawn in drawn_rows
            ]
        )

    def do_bulk_update(self, mentor, task):
        Contact.objects.filter(mentor=self.mentor(mentor)).update(task=self.tasks[task])

    def do_bulk_update_objects(self, number, drawn_days_ago):
        contacts = list(Contact.objects.order_by("pk"))[number % 3 :: 2]
        for contact in contacts:
            contact.date = TODAY - datetime.timedelta(days=drawn_days_ago)
            # Within the table's limit of 600 minutes.
            contact.duration_minutes = (contact.duration_minutes + 1) % 601
        Contact.objects.bulk_update(contacts, ["date", "duration_minutes"])

    def do_bulk_delete(self, mentor):
        Contact.objects.filter(
            mentor=self.mentor(mentor), date__lt=TODAY - datetime.timedelta(days=60)
        ).delete()

    def do_move(self, mentor, college, drawn_days_ago):
        try:
            membership_services.move_mentor(
                mentor=self.mentor(mentor),
                college=self.colleges[college % len(self.colleges)],
                on=TODAY - datetime.timedelta(days=drawn_days_ago),
            )
        except ValidationError:
            pass  # refused (not after the current membership began, or the same college)

    def do_correct_membership(self, mentor, drawn_days_ago):
        period = (
            MembershipPeriod.objects.filter(mentor=self.mentor(mentor))
            .order_by("-starts_on")
            .first()
        )
        try:
            membership_services.update_membership_period(
                period=period,
                starts_on=TODAY - datetime.timedelta(days=drawn_days_ago),
                ends_on=None,
            )
        except ValidationError:
            pass  # refused: it would overlap the one before

    def do_anonymise(self, mentor):
        mentor = self.mentor(mentor)
        if mentor.anonymised_at is None:
            privacy_services.anonymise_mentor(mentor=mentor, by=None)

    def do_delete_mentor(self, mentor):
        mentor = self.mentor(mentor)
        pk = mentor.pk
        try:
            pool_services.delete_mentor(mentor=mentor)
        except ValidationError:
            return  # has contacts: kept
        self.mentors = [kept for kept in self.mentors if kept.pk != pk]
        self.new_mentor(self.colleges[0])

    def do_rebuild(self):
        rollups.rebuild(contacts=Contact.objects.all())


@settings(max_examples=60, derandomize=True)
@given(st.lists(operations, min_size=1, max_size=12))
@pytest.mark.slow
def test_rollups_equal_a_recount_after_any_writes(steps):
    with transaction.atomic():
        network = Network()
        for step in steps:
            network.run(step)
            assert stored() == recount(), step
        rollups.rebuild(contacts=Contact.objects.all())
        assert stored() == recount()
        transaction.set_rollback(True)


def test_the_drawn_writes_reach_every_path():
    """Not vacuous: a fixed sequence through every write leaves contacts counted."""
    with transaction.atomic():
        network = Network()
        drawn = {
            "days_ago": 40,
            "task": 4,
            "counterpart_kind": "mentor",
            "duration_minutes": 45,
            "outcomes": {"placement"},
            "with_group": True,
        }
        for step in [
            ("log", 0, drawn),
            ("log_once", 1, drawn, "key-a"),
            ("log_once", 1, drawn, "key-a"),
            ("bulk_import", 2, [drawn, {**drawn, "days_ago": 100}]),
            ("edit", 0, {**drawn, "task": 1}),
            ("edit_summary", 1),
            ("bulk_update", 2, 5),
            ("bulk_update_objects", 0, 70),
            ("move", 2, 0, 50),
            ("correct_membership", 2, 80),
            ("anonymise", 1),
            ("delete", 1),
            ("bulk_delete", 2),
            ("delete_mentor", 0),
        ]:
            network.run(step)
            assert stored() == recount(), step
        counted = recount()
        assert sum(value[0] for value in counted["day"].values()) == Contact.objects.count() > 0
        assert set(counted["last"]) == set(Contact.objects.values_list("mentor", flat=True))
        transaction.set_rollback(True)
