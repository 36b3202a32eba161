from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from colleges.models import PartnerCollege
from colleges.permissions import coordinated_college_ids
from leadvet.models import User
from mentors.models import Mentor
from portal.demo.content import DEMO_PASSWORD
from tests.portal.seed_demo_run import DEMO_EMAILS, seed_demo

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_second_run_changes_nothing_and_duplicates_nothing():
    seed_demo()
    first = row_counts()
    passwords = dict(User.objects.values_list("email", "password"))

    seed_demo()

    assert row_counts() == first
    assert dict(User.objects.values_list("email", "password")) == passwords
    for label in (
        "colleges.PartnerCollege",
        "mentors.Mentor",
        "mentors.Contact",
        "events.Event",
        "events.Registration",
        "events.EventOutput",
        "surveys.Survey",
        "surveys.Question",
        "surveys.Response",
        "surveys.Answer",
        "leadvet.User",
    ):
        assert first[label] > 0, label


def test_second_run_after_coordinators_edited_mentors_duplicates_nothing():
    seed_demo()
    Mentor.objects.filter(user__email="mentor@example.org").update(status=Mentor.Status.PAUSED)
    moved = Mentor.objects.exclude(user__email="mentor@example.org").filter(status="active").first()
    moved.college = PartnerCollege.objects.get(name="Ekami Vocational College")
    moved.save()
    counts = row_counts()

    seed_demo()

    assert row_counts() == counts


def test_second_run_keeps_a_password_the_user_changed(client):
    seed_demo()
    user = User.objects.get(email="coordinator@example.org")
    user.set_password("my-own-secret-pass")
    user.save()

    seed_demo()

    user.refresh_from_db()
    assert user.check_password("my-own-secret-pass")


def test_refuses_without_debug_or_force(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())

    assert not User.objects.exists()


def test_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=StringIO())

    assert User.objects.filter(email__in=DEMO_EMAILS).count() == len(DEMO_EMAILS)


def test_demo_college_coordinator_coordinates_varia_only_and_a_second_run_keeps_it():
    seed_demo()
    seed_demo()
    user = User.objects.get(email="college@example.org")
    assert list(user.coordinated_colleges.values_list("name", flat=True)) == [
        "Vantaa Vocational College Varia"
    ]
    assert User.objects.filter(email="college@example.org").count() == 1


def test_demo_country_coordinator_runs_the_estonian_colleges():
    seed_demo()
    user = User.objects.get(email="country@example.org")
    assert list(user.coordinated_countries.values_list("code", flat=True)) == ["EE"]
    assert set(
        PartnerCollege.objects.filter(pk__in=coordinated_college_ids(user)).values_list(
            "country__code", flat=True
        )
    ) == {"EE"}
    assert user.check_password(DEMO_PASSWORD)
