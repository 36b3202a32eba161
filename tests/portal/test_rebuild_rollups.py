"""`manage.py rebuild_rollups`: the rollups recounted from the rows, or compared with a recount."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from mentors.models import (
    Contact,
    ContactDayRollup,
    ContactMentorRollup,
    ContactMentorYearRollup,
    ContactMonthRollup,
    ContactNetworkRollup,
    ContactTaskRollup,
    MentorLastContact,
)
from mentors.models.rollups import stored_counts
from surveys.models import AnswerTally
from tests.factories import ContactFactory, MentorTaskFactory

pytestmark = pytest.mark.django_db


def test_rollups_lost_around_the_orm_are_found_by_the_check_and_recounted(mentor):
    task = MentorTaskFactory(number=3)
    ContactFactory.create_batch(3, mentor=mentor, task=task)
    kept = stored_counts()
    call_command("rebuild_rollups", "--check", stdout=None)  # right as they are
    with connection.cursor() as cursor:  # as a restore without the rollup tables leaves them
        for model in (
            ContactDayRollup,
            ContactTaskRollup,
            ContactMentorRollup,
            ContactMentorYearRollup,
            ContactNetworkRollup,
            ContactMonthRollup,
            MentorLastContact,
        ):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")

    with pytest.raises(CommandError, match="differ from a recount"):
        call_command("rebuild_rollups", "--check", stdout=None)
    assert stored_counts() == {}  # the check changed nothing

    call_command("rebuild_rollups", stdout=None)
    assert stored_counts() == kept
    assert (
        sum(row.contacts for row in ContactDayRollup.objects.all()) == Contact.objects.count() == 3
    )
    assert MentorLastContact.objects.get().day == max(
        contact.date for contact in Contact.objects.all()
    )


@pytest.mark.slow
def test_generate_network_leaves_the_rollups_equal_to_a_recount():
    call_command("generate_network", scale="small", seed=3, stdout=None)
    assert sum(row.contacts for row in ContactDayRollup.objects.all()) == Contact.objects.count()
    call_command("rebuild_rollups", "--check", stdout=None)
    # The survey answers' tallies (kept by database triggers) are recounted by the same command.
    assert AnswerTally.objects.exists()
    kept = set(
        AnswerTally.objects.values_list(
            "question_id", "row", "value", "role", "country_id", "answers"
        )
    )
    AnswerTally.objects.all().delete()
    with pytest.raises(CommandError, match="differ from a recount"):
        call_command("rebuild_rollups", "--check", stdout=None)
    call_command("rebuild_rollups", stdout=None)
    assert (
        set(
            AnswerTally.objects.values_list(
                "question_id", "row", "value", "role", "country_id", "answers"
            )
        )
        == kept
    )
    call_command("rebuild_rollups", "--check", stdout=None)
