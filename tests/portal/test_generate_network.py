import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Avg, Count, Max, Min, Q, Sum

from colleges.models import PartnerCollege
from events.models import Event, Registration
from mentors.models import Contact, Mentor
from portal.dashboard.figures import build_figures
from portal.dashboard.periods import Filters, Period
from portal.synthetic import surveys as synthetic_surveys
from portal.synthetic.content import FULL, scaled
from surveys.models import Answer, Invitation, Response
from tests.factories import ContactFactory

SMALL = {
    PartnerCollege: 2,
    Mentor: 50,
    Contact: 10_000,
    Event: 20,
    Registration: 1_000,
    Response: 500,
}
NOW = datetime.datetime(2026, 5, 4, 12, 0, tzinfo=datetime.UTC)


class Rollback(Exception):
    pass


def figures_of_a_fresh_run(seed: int) -> dict:
    """Generate into the (empty) test database, read the aggregates, then roll it all back."""
    result = {}
    try:
        with transaction.atomic():
            call_command("generate_network", scale="small", seed=seed, stdout=None)
            result["counts"] = {model.__name__: model.objects.count() for model in SMALL}
            result["contacts"] = Contact.objects.aggregate(
                minutes=Sum("duration_minutes"),
                first=Min("date"),
                last=Max("date"),
                placements=Count("id", filter=Q(placement=True)),
                mentors=Count("mentor", distinct=True),
            )
            result["per_task"] = list(
                Contact.objects.values("task__number")
                .annotate(n=Count("id"))
                .order_by("task__number")
            )
            result["registrations"] = Registration.objects.aggregate(
                attended=Count("id", filter=Q(attended=True)), users=Count("user", distinct=True)
            )
            result["answers"] = Answer.objects.aggregate(mean=Avg("value"), n=Count("id"))
            result["invitations"] = Invitation.objects.aggregate(
                n=Count("id"),
                used=Count("id", filter=Q(used=True)),
                drafts=Count("id", filter=Q(draft__isnull=False)),
                users=Count("user", distinct=True),
            )
            result["mentors"] = list(
                Mentor.objects.values("status").annotate(n=Count("id")).order_by("status")
            )
            figures = build_figures(Filters(period=Period.last_days(365, NOW.date())), now=NOW)
            figures.pop("generated_at")
            result["dashboard"] = figures
            raise Rollback
    except Rollback:
        pass
    return result


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_small_scale_is_a_hundredth_of_the_national_network():
    call_command("generate_network", scale="small", seed=1, stdout=None)

    assert {model: model.objects.count() for model in SMALL} == SMALL
    # Every contact is counted for its mentor's college, and active mentors have a status date.
    assert not Contact.objects.exclude(college=models_college()).exists()
    assert not Mentor.objects.filter(status="active", official_status_date__isnull=True).exists()
    # Written as a log grows: the later a contact's day, the higher its id; every day of the
    # history has some.
    days = list(Contact.objects.order_by("id").values_list("date", flat=True))
    assert days == sorted(days)
    assert days[0] < NOW.date() - datetime.timedelta(days=3 * 365 - 5) and days[-1] == NOW.date()


def models_college():
    from django.db.models import F

    return F("mentor__college")


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
@pytest.mark.slow
def test_the_same_seed_gives_the_same_figures_in_fresh_databases(monkeypatch):
    first = figures_of_a_fresh_run(seed=7)
    assert Contact.objects.count() == 0
    # Survey rows are copied out in chunks (bounded memory at any scale): a chunk of 7
    # invitations, not 5,000, gives the same network.
    monkeypatch.setattr(synthetic_surveys, "CHUNK", 7)
    second = figures_of_a_fresh_run(seed=7)

    assert first["counts"] == {model.__name__: n for model, n in SMALL.items()}
    assert first == second
    assert figures_of_a_fresh_run(seed=8)["contacts"] != first["contacts"]


@pytest.mark.django_db
def test_refuses_to_write_into_a_database_with_data_unless_appending():
    ContactFactory()  # a database in use: colleges, a mentor and a contact
    colleges = PartnerCollege.objects.count()

    with pytest.raises(CommandError, match="already has"):
        call_command("generate_network", scale="small", seed=1, stdout=None)
    assert Contact.objects.count() == 1

    call_command("generate_network", scale="small", seed=1, append=True, stdout=None)
    assert Contact.objects.count() == 1 + 10_000
    assert PartnerCollege.objects.count() == colleges + scaled("small")["colleges"]


def test_the_eu_scale_is_ten_national_networks_answering_the_same_survey_rounds():
    eu, full = scaled("eu"), scaled("full")

    assert eu["mentors"] == 50_000
    assert eu["contacts"] == 10_000_000
    # 500,000 responses to the nine statements: 4.5 million answers.
    assert eu["responses"] == 500_000
    assert {key: eu[key] for key in FULL} == {key: 10 * full[key] for key in FULL}
    assert eu["surveys"] == full["surveys"] == 10
