import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from mentors.models import Mentor
from tests.factories import (
    ContactFactory,
    CountryFactory,
    MentorFactory,
    PartnerCollegeFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

URL = reverse("colleges:college_list")


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


@pytest.mark.parametrize("who", ["mentor", "teacher_educator"])
def test_mentors_and_teacher_educators_may_not_see_the_college_list(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user.user if who == "mentor" else user)
    assert client.get(URL).status_code == 403


def test_list_counts_active_mentors_and_contacts_of_the_last_90_days(client, coordinator):
    college = PartnerCollegeFactory(name="Varia", city="Vantaa")
    active = MentorFactory(college=college)
    MentorFactory(college=college)
    MentorFactory(college=college, status=Mentor.Status.PAUSED)
    today = timezone.localdate()
    ContactFactory(mentor=active, date=today - datetime.timedelta(days=5))
    ContactFactory(mentor=active, date=today - datetime.timedelta(days=89))
    ContactFactory(mentor=active, date=today - datetime.timedelta(days=120))
    client.force_login(coordinator)

    response = client.get(URL)

    assert response.status_code == 200
    row = response.context["page_obj"].object_list[0]
    assert (row.active_mentor_count, row.recent_contact_count) == (2, 2)
    body = response.content.decode()
    assert "Varia" in body and "Vantaa" in body and "Finland" in body


def test_steering_sees_the_list_of_aggregates(client, steering):
    PartnerCollegeFactory(name="Ekami")
    client.force_login(steering)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Ekami" in response.content.decode()


def test_college_coordinator_sees_every_college_in_the_list(client):
    own, other = PartnerCollegeFactory(name="Own"), PartnerCollegeFactory(name="Other")
    user = user_with_role(roles.COLLEGE_COORDINATOR)
    own.coordinators.add(user)
    client.force_login(user)
    body = client.get(URL).content.decode()
    assert "Own" in body and "Other" in body
    assert other.name in body


def test_filter_by_country_and_search(client, coordinator):
    sweden = CountryFactory(code="SE", name="Sweden")
    PartnerCollegeFactory(name="Stockholm College", country=sweden, city="Stockholm")
    PartnerCollegeFactory(name="Business College Helsinki")
    PartnerCollegeFactory(name="Diakonia College", city="Pieksämäki")
    client.force_login(coordinator)

    by_country = client.get(URL, {"country": sweden.pk}).context["page_obj"].object_list
    assert [c.name for c in by_country] == ["Stockholm College"]

    by_city = client.get(URL, {"q": "pieksä"}).context["page_obj"].object_list
    assert [c.name for c in by_city] == ["Diakonia College"]


def test_sorting_by_active_mentors(client, coordinator):
    quiet = PartnerCollegeFactory(name="A quiet college")
    busy = PartnerCollegeFactory(name="B busy college")
    MentorFactory.create_batch(2, college=busy)
    client.force_login(coordinator)
    rows = client.get(URL, {"sort": "-mentors"}).context["page_obj"].object_list
    assert [c.pk for c in rows] == [busy.pk, quiet.pk]


def test_empty_list_shows_an_empty_state(client, coordinator):
    client.force_login(coordinator)
    assert "No colleges match these filters." in client.get(URL, {"q": "nothing"}).content.decode()


def _colleges_with_activity(count):
    for _ in range(count):
        mentor = MentorFactory()
        ContactFactory(mentor=mentor)


def test_college_list_query_count_does_not_grow_with_colleges(
    client, coordinator, django_assert_num_queries
):
    _colleges_with_activity(10)
    client.force_login(coordinator)
    client.get(URL)  # warm up session and content types
    with django_assert_num_queries(6) as context:
        client.get(URL)
    few = len(context.captured_queries)

    _colleges_with_activity(40)
    with django_assert_num_queries(few):
        response = client.get(URL)
    assert len(response.context["page_obj"].object_list) == 25


@pytest.mark.parametrize(
    "role, shown",
    [
        (roles.COORDINATOR, True),
        (roles.COLLEGE_COORDINATOR, True),
        (roles.STEERING, True),
        (roles.TEACHER_EDUCATOR, False),
        (roles.MENTOR, False),
    ],
)
def test_navigation_shows_colleges_to_those_who_may_read_them(client, role, shown):
    client.force_login(user_with_role(role))
    labels = [str(item["label"]) for item in client.get(reverse("home")).context["nav_items"]]
    assert ("Colleges" in labels) is shown


def test_the_country_filter_offers_only_countries_with_a_partner_college(client, coordinator):
    from tests.factories import CountryFactory, PartnerCollegeFactory

    estonia = CountryFactory(code="EE", name="Estonia")
    empty = CountryFactory(code="NL", name="Netherlands")
    PartnerCollegeFactory(country=estonia)
    PartnerCollegeFactory(country=estonia)
    client.force_login(coordinator)
    response = client.get(reverse("colleges:college_list"))
    countries = list(response.context["filter"].form.fields["country"].queryset)
    assert countries == [estonia]
    assert empty not in countries
