"""Each write to the contact log changes the rollups in its own transaction."""

import datetime

import pytest
from django.db import NotSupportedError, connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentors.models import (
    Contact,
    ContactDayRollup,
    ContactMentorRollup,
    ContactTaskRollup,
    MembershipPeriod,
)
from mentors.services import contacts as contact_services
from mentors.services import memberships as membership_services
from mentors.services import pool as pool_services
from tests.factories import (
    ContactFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ROLLUP_TABLES = (
    "mentors_contactdayrollup",
    "mentors_contacttaskrollup",
    "mentors_contactmentorrollup",
)


def day_counts() -> dict:
    return {
        (row.day, row.college_id): (row.contacts, row.minutes, row.placements)
        for row in ContactDayRollup.objects.all()
        if row.contacts
    }


def task_counts() -> dict:
    return {
        (row.month, row.college_id, row.task_id): row.contacts
        for row in ContactTaskRollup.objects.all()
        if row.contacts
    }


def mentor_counts() -> dict:
    return {
        (row.month, row.mentor_id, row.college_id): (row.contacts, row.vte_session_contacts)
        for row in ContactMentorRollup.objects.all()
        if row.contacts
    }


def data(task, **changes) -> dict:
    return {
        "date": TODAY,
        "counterpart_kind": "teacher_student",
        "task": task,
        "channel": "video",
        "duration_minutes": 45,
        "placement": True,
        "summary": "First visit.",
        **changes,
    }


@pytest.fixture
def task():
    return MentorTaskFactory(number=2)


def test_a_logged_contact_is_counted_per_day_task_and_mentor(mentor, task):
    contact_services.log_contact(mentor=mentor, data=data(task))
    month = TODAY.replace(day=1)
    assert day_counts() == {(TODAY, mentor.college_id): (1, 45, 1)}
    assert task_counts() == {(month, mentor.college_id, task.pk): 1}
    assert mentor_counts() == {(month, mentor.pk, mentor.college_id): (1, 0)}


def test_a_contact_in_a_vte_session_counts_for_the_mentors_in_sessions(mentor):
    session = MentorTaskFactory(number=4)
    contact_services.log_contact(mentor=mentor, data=data(session))
    contact_services.log_contact(
        mentor=mentor, data=data(MentorTaskFactory(number=1), counterpart_kind="vte_group")
    )
    assert mentor_counts() == {(TODAY.replace(day=1), mentor.pk, mentor.college_id): (2, 2)}


def test_an_edit_moves_the_contact_between_days_months_and_tasks(mentor, task):
    contact = contact_services.log_contact(mentor=mentor, data=data(task))
    earlier = TODAY.replace(day=1) - datetime.timedelta(days=3)
    other_task = MentorTaskFactory(number=5)
    contact_services.update_contact(
        contact=contact, data={"date": earlier, "task": other_task, "placement": False}
    )
    assert day_counts() == {(earlier, mentor.college_id): (1, 45, 0)}
    assert task_counts() == {(earlier.replace(day=1), mentor.college_id, other_task.pk): 1}


def test_editing_only_the_summary_writes_no_rollup(mentor, task):
    contact = contact_services.log_contact(mentor=mentor, data=data(task))
    with CaptureQueriesContext(connection) as queries:
        contact_services.update_contact(contact=contact, data={"summary": "Changed."})
    assert not [q for q in queries.captured_queries if any(t in q["sql"] for t in ROLLUP_TABLES)]
    assert day_counts() == {(TODAY, mentor.college_id): (1, 45, 1)}


def test_a_deleted_contact_is_taken_away(mentor, task):
    kept = contact_services.log_contact(mentor=mentor, data=data(task, duration_minutes=30))
    gone = contact_services.log_contact(mentor=mentor, data=data(task))
    contact_services.delete_contact(contact=gone)
    assert day_counts() == {(TODAY, mentor.college_id): (1, 30, 1)}
    kept.delete()
    assert day_counts() == {} and task_counts() == {} and mentor_counts() == {}


def test_a_write_that_rolls_back_leaves_the_rollups_as_they_were(mentor, task):
    contact_services.log_contact(mentor=mentor, data=data(task))
    with pytest.raises(RuntimeError), transaction.atomic():
        contact_services.log_contact(mentor=mentor, data=data(task))
        assert day_counts()[(TODAY, mentor.college_id)][0] == 2
        raise RuntimeError("the request failed after logging")
    assert day_counts() == {(TODAY, mentor.college_id): (1, 45, 1)}


def test_a_retried_idempotent_log_counts_once(mentor, task):
    for _ in range(2):
        contact_services.log_contact_once(mentor=mentor, data=data(task), idempotency_key="abc")
    assert day_counts() == {(TODAY, mentor.college_id): (1, 45, 1)}


def test_bulk_writes_keep_the_rollups(mentor, task):
    other_task = MentorTaskFactory(number=6)
    Contact.objects.bulk_create(
        [Contact(mentor=mentor, college=mentor.college, **data(task, summary="")) for _ in range(3)]
    )
    assert day_counts() == {(TODAY, mentor.college_id): (3, 135, 3)}
    Contact.objects.filter(mentor=mentor).update(task=other_task, duration_minutes=10)
    assert task_counts() == {(TODAY.replace(day=1), mentor.college_id, other_task.pk): 3}
    assert day_counts() == {(TODAY, mentor.college_id): (3, 30, 3)}
    contacts = list(Contact.objects.all())
    for contact in contacts:
        contact.placement = False
    Contact.objects.bulk_update(contacts, ["placement"])
    assert day_counts() == {(TODAY, mentor.college_id): (3, 30, 0)}
    Contact.objects.filter(pk=contacts[0].pk).delete()
    assert day_counts() == {(TODAY, mentor.college_id): (2, 20, 0)}


def test_a_bulk_write_of_uncounted_fields_writes_no_rollup(mentor, task):
    ContactFactory(mentor=mentor, task=task)
    with CaptureQueriesContext(connection) as queries:
        Contact.objects.filter(mentor=mentor).update(summary="")
    assert not [q for q in queries.captured_queries if any(t in q["sql"] for t in ROLLUP_TABLES)]


def test_contacts_skipped_or_updated_on_conflict_cannot_be_bulk_created(mentor, task):
    with pytest.raises(NotSupportedError):
        Contact.objects.bulk_create(
            [Contact(mentor=mentor, college=mentor.college, **data(task))], ignore_conflicts=True
        )
    assert not Contact.objects.exists() and day_counts() == {}


def test_a_move_between_colleges_counts_the_contacts_from_that_day_for_the_new_college(task):
    old, new = PartnerCollegeFactory(), PartnerCollegeFactory()
    mentor = MentorFactory(college=old)
    MembershipPeriod.objects.create(
        mentor=mentor, college=old, starts_on=TODAY - datetime.timedelta(days=200)
    )
    before = TODAY - datetime.timedelta(days=100)
    after = TODAY - datetime.timedelta(days=10)
    for day in (before, after):
        contact_services.log_contact(mentor=mentor, data=data(task, date=day))
    membership_services.move_mentor(
        mentor=mentor, college=new, on=TODAY - datetime.timedelta(days=50)
    )
    assert day_counts() == {(before, old.pk): (1, 45, 1), (after, new.pk): (1, 45, 1)}
    assert set(mentor_counts()) == {
        (before.replace(day=1), mentor.pk, old.pk),
        (after.replace(day=1), mentor.pk, new.pk),
    }


def test_no_deletion_elsewhere_removes_contacts_behind_the_rollups_back():
    """Contacts are never deleted by a cascade (which would pass by Contact.delete): every
    foreign key of a contact protects it or lets go of it."""
    foreign_keys = [field for field in Contact._meta.concrete_fields if field.is_relation]
    assert foreign_keys
    assert all(
        field.remote_field.on_delete in (models.PROTECT, models.SET_NULL) for field in foreign_keys
    )


def test_a_mentor_whose_contacts_were_all_deleted_goes_with_the_rows_counting_nothing(task):
    mentor = MentorFactory()
    contact_services.delete_contact(
        contact=contact_services.log_contact(mentor=mentor, data=data(task))
    )
    assert ContactMentorRollup.objects.get(mentor=mentor).contacts == 0  # the row stays
    pool_services.delete_mentor(mentor=mentor)
    assert not ContactMentorRollup.objects.exists()
