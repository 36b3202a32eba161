"""Countries as networks (issue 23): a country coordinator runs every college of their
country as a college coordinator runs theirs; other countries only as aggregates."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.test import Client
from django.urls import reverse

from colleges.models import Country
from colleges.permissions import coordinated_college_ids
from leadvet import roles
from mentors.services import pool as pool_services
from tests.factories import (
    ContactFactory,
    CountryFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    UserFactory,
    country_coordinator_for,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def named(first_name, last_name):
    return UserFactory(first_name=first_name, last_name=last_name)


@pytest.fixture
def network():
    estonia = CountryFactory(code="EE", name="Estonia")
    finland = CountryFactory(code="FI", name="Finland")
    tallinn = PartnerCollegeFactory(name="Tallinn Polytechnic", country=estonia)
    tartu = PartnerCollegeFactory(name="Tartu VEC", country=estonia)
    omnia = PartnerCollegeFactory(name="Omnia", country=finland)
    task = MentorTaskFactory(number=1)
    day = datetime.date(2026, 3, 3)
    mentors = {
        "tallinn": MentorFactory(college=tallinn, user=named("Tiit", "Tamm")),
        "tartu": MentorFactory(college=tartu, user=named("Kadri", "Kask")),
        "omnia": MentorFactory(college=omnia, user=named("Aino", "Virtanen")),
    }
    for mentor in mentors.values():
        ContactFactory(mentor=mentor, date=day, task=task)
    return {
        "estonia": estonia,
        "finland": finland,
        "colleges": {"tallinn": tallinn, "tartu": tartu, "omnia": omnia},
        "mentors": mentors,
        "coordinator": country_coordinator_for(estonia, email="country@example.org"),
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_estonian_country_coordinator_runs_every_estonian_college_and_no_other(network):
    colleges = network["colleges"]
    assert coordinated_college_ids(network["coordinator"]) == {
        colleges["tallinn"].pk,
        colleges["tartu"].pk,
    }
    assert roles.is_country_coordinator(network["coordinator"])
    assert roles.can_see_dashboard(network["coordinator"])


def test_the_estonian_country_coordinator_sees_estonian_mentors_by_name_only(network):
    client = signed_in(network["coordinator"])
    mentors = network["mentors"]
    listing = client.get(reverse("mentors:list")).content.decode()
    assert "Tamm" in listing and "Kask" in listing
    assert "Virtanen" not in listing
    for key in ("tallinn", "tartu"):
        assert client.get(reverse("mentors:detail", args=[mentors[key].pk])).status_code == 200
    assert client.get(reverse("mentors:detail", args=[mentors["omnia"].pk])).status_code == 404

    own = client.get(reverse("colleges:college_detail", args=[network["colleges"]["tartu"].pk]))
    assert "Kadri Kask" in own.content.decode()
    other = client.get(reverse("colleges:college_detail", args=[network["colleges"]["omnia"].pk]))
    assert other.status_code == 200  # aggregates, as the steering group sees them
    assert "Aino Virtanen" not in other.content.decode()


def test_the_estonian_country_coordinator_gets_other_countries_as_one_aggregate_row(network):
    client = signed_in(network["coordinator"])
    body = client.get(
        "/api/v1/reports/network-activity/", {"from": "2026-01-01", "to": "2026-06-30"}
    ).json()
    assert body["scope"] == "colleges"
    assert body["total"] == 2
    colleges = network["colleges"]
    assert {row["college"]: row["count"] for row in body["by_college"]} == {
        colleges["tallinn"].pk: 1,
        colleges["tartu"].pk: 1,
        None: 1,
    }
    assert [row["country_code"] for row in body["by_country"]] == ["EE"]


def test_the_estonian_country_coordinator_edits_estonian_colleges_only(network):
    client = signed_in(network["coordinator"])
    colleges = network["colleges"]
    assert (
        client.get(reverse("colleges:college_edit", args=[colleges["tallinn"].pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("colleges:college_edit", args=[colleges["omnia"].pk])).status_code == 403
    )


def test_a_country_coordinator_without_the_list_runs_nothing():
    user = user_with_role(roles.COUNTRY_COORDINATOR)
    assert coordinated_college_ids(user) == frozenset()


def test_countries_get_their_language_and_time_zone_from_their_code():
    assert (CountryFactory(code="FI").language, CountryFactory(code="FI").time_zone) == (
        "fi",
        "Europe/Helsinki",
    )
    estonia = CountryFactory(code="EE", name="Estonia")
    assert (estonia.language, estonia.time_zone) == ("et", "Europe/Tallinn")
    netherlands = CountryFactory(code="NL", name="Netherlands")
    assert (netherlands.language, netherlands.time_zone) == ("nl", "Europe/Amsterdam")
    elsewhere = CountryFactory(code="MT", name="Malta")
    assert (elsewhere.language, elsewhere.time_zone) == ("en", "Europe/Helsinki")
    chosen = Country.objects.create(
        code="XK", name="Kosovo", language="en", time_zone="Europe/Belgrade"
    )
    assert chosen.time_zone == "Europe/Belgrade"


def test_a_new_mentor_at_an_estonian_college_gets_estonian_unless_someone_chose(network):
    tallinn = network["colleges"]["tallinn"]
    mentor = pool_services.create_mentor(
        email="uus@example.org", first_name="Uus", last_name="Mentor", college=tallinn
    )
    assert mentor.user.language == "et"
    chosen = pool_services.create_mentor(
        email="new@example.org",
        first_name="New",
        last_name="Mentor",
        college=tallinn,
        language="en",
    )
    assert chosen.user.language == "en"


def test_a_coordinator_appoints_country_coordinators_on_the_country_in_the_admin(
    network, coordinator
):
    coordinator.is_staff = True
    coordinator.is_superuser = True
    coordinator.save()
    appointee = UserFactory(email="riik@example.org")
    estonia = network["estonia"]
    client = signed_in(coordinator)
    response = client.post(
        reverse("admin:colleges_country_change", args=[estonia.pk]),
        {
            "code": "EE",
            "name": "Estonia",
            "language": "et",
            "time_zone": "Europe/Tallinn",
            "coordinators": [network["coordinator"].pk, appointee.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    appointee.refresh_from_db()
    assert roles.COUNTRY_COORDINATOR in set(appointee.groups.values_list("name", flat=True))
    assert set(estonia.coordinators.all()) == {network["coordinator"], appointee}
    assert site.is_registered(Country)


def test_the_country_coordinator_adds_a_mentor_who_gets_estonian_unless_chosen(network):
    client = signed_in(network["coordinator"])
    tallinn = network["colleges"]["tallinn"]
    form = client.get(reverse("mentors:create")).content.decode()
    assert "The college&#x27;s country&#x27;s language" in form
    data = {
        "first_name": "Mari",
        "last_name": "Mets",
        "email": "mari.mets@example.org",
        "college": tallinn.pk,
        "capacity_groups": 2,
        "language": "",
    }
    assert client.post(reverse("mentors:create"), data).status_code == 302
    assert UserFactory._meta.model.objects.get(email="mari.mets@example.org").language == "et"
    omnia = network["colleges"]["omnia"]
    refused = client.post(
        reverse("mentors:create"), {**data, "email": "x@example.org", "college": omnia.pk}
    )
    assert refused.status_code == 200  # not a college of theirs: the form says so
    assert not UserFactory._meta.model.objects.filter(email="x@example.org").exists()
