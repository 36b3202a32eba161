import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentors import permissions
from mentors.models import Availability, Mentor
from tests.factories import (
    AvailabilityFactory,
    CountryFactory,
    LanguageFactory,
    MentorFactory,
    MentorInvitationFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    UserFactory,
    VocationalFieldFactory,
    college_coordinator_for,
)

pytestmark = pytest.mark.django_db

URL = reverse("mentors:list")


def names(response) -> set[str]:
    """The emails of the page's rows (dicts: mentors.selectors.pool.mentor_pool_rows)."""
    return {row["email"] for row in response.context["page_obj"].object_list}


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("fixture", ["teacher_educator", "steering"])
def test_roles_outside_the_pool_get_403(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(URL).status_code == 403


def test_mentor_cannot_open_the_pool_list(client, mentor):
    client.force_login(mentor.user)
    assert client.get(URL).status_code == 403


def test_post_is_not_allowed(client, coordinator):
    client.force_login(coordinator)
    assert client.post(URL).status_code == 405


def test_coordinator_sees_every_mentor(client, coordinator, mentor, other_mentor):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == {mentor.user.email, other_mentor.user.email}


def test_college_coordinator_sees_only_their_colleges_mentors(client, mentor, other_mentor):
    client.force_login(college_coordinator_for(mentor.college))
    response = client.get(URL)
    assert names(response) == {mentor.user.email}


def test_nav_entry_is_shown_to_pool_managers_only(client, coordinator, teacher_educator):
    client.force_login(coordinator)
    assert URL in client.get(reverse("home")).content.decode()
    client.force_login(teacher_educator)
    assert URL not in client.get(reverse("home")).content.decode()


def test_search_matches_name_and_email(client, coordinator):
    anna = MentorFactory(
        user=UserFactory(first_name="Anna", last_name="Virtanen", email="anna@varia.fi")
    )
    MentorFactory(user=UserFactory(first_name="Pekka", last_name="Korhonen", email="pekka@step.fi"))
    client.force_login(coordinator)
    assert names(client.get(URL, {"q": "virtanen"})) == {anna.user.email}
    assert names(client.get(URL, {"q": "varia.fi"})) == {anna.user.email}
    assert names(client.get(URL, {"q": "anna virt"})) == {anna.user.email}


def test_filters_by_country_college_and_status(client, coordinator):
    sweden = CountryFactory(code="SE", name="Sweden")
    swedish = MentorFactory(college=PartnerCollegeFactory(country=sweden))
    finnish = MentorFactory()
    candidate = MentorFactory(college=finnish.college, status=Mentor.Status.CANDIDATE)
    client.force_login(coordinator)
    assert names(client.get(URL, {"country": sweden.pk})) == {swedish.user.email}
    assert names(client.get(URL, {"college": finnish.college.pk})) == {
        finnish.user.email,
        candidate.user.email,
    }
    assert names(client.get(URL, {"status": "candidate"})) == {candidate.user.email}


def test_filters_by_field_shortage_task_and_language(client, coordinator):
    welding = VocationalFieldFactory(name="Welding", is_shortage=True)
    business = VocationalFieldFactory(name="Business")
    task = MentorTaskFactory(number=5)
    finnish = LanguageFactory(code="fi", name="Finnish")
    welder = MentorFactory()
    welder.fields.add(welding, business)
    welder.tasks.add(task)
    seller = MentorFactory()
    seller.fields.add(business)
    seller.languages.add(finnish)
    client.force_login(coordinator)
    assert names(client.get(URL, {"field": business.pk})) == {welder.user.email, seller.user.email}
    shortage = client.get(URL, {"shortage_field": "on"})
    assert names(shortage) == {welder.user.email}
    assert len(shortage.context["page_obj"].object_list) == 1
    assert names(client.get(URL, {"task": task.pk})) == {welder.user.email}
    assert names(client.get(URL, {"language": finnish.pk})) == {seller.user.email}


def test_available_now_needs_an_available_period_today_and_no_away_period(client, coordinator):
    today = timezone.localdate()
    available = AvailabilityFactory().mentor
    away = AvailabilityFactory().mentor
    Availability.objects.create(
        mentor=away,
        kind=Availability.Kind.AWAY,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
    )
    expired = AvailabilityFactory(
        starts_on=today - datetime.timedelta(days=30), ends_on=today - datetime.timedelta(days=1)
    ).mentor
    MentorFactory()
    client.force_login(coordinator)
    response = client.get(URL, {"available_now": "on"})
    assert names(response) == {available.user.email}
    assert expired.user.email not in names(response)


def test_sorting_by_college(client, coordinator):
    b = MentorFactory(college=PartnerCollegeFactory(name="B college"))
    a = MentorFactory(college=PartnerCollegeFactory(name="A college"))
    client.force_login(coordinator)
    rows = client.get(URL, {"sort": "college"}).context["page_obj"].object_list
    assert [m["pk"] for m in rows] == [a.pk, b.pk]
    rows = client.get(URL, {"sort": "-college"}).context["page_obj"].object_list
    assert [m["pk"] for m in rows] == [b.pk, a.pk]


def test_list_is_paginated_by_25(client, coordinator):
    MentorFactory.create_batch(30)
    client.force_login(coordinator)
    response = client.get(URL)
    assert len(response.context["page_obj"].object_list) == 25
    assert len(client.get(URL, {"page": 2}).context["page_obj"].object_list) == 5


def test_pages_of_mentors_with_the_same_name_neither_overlap_nor_leave_anyone_out(
    client, coordinator
):
    """The page is picked from the mentors' ids in the list's order, the id breaking ties;
    the page's mentors are then read whole in that order."""
    namesakes = [
        MentorFactory(user=UserFactory(first_name="Aino", last_name="Virtanen")) for _ in range(30)
    ]
    client.force_login(coordinator)
    first = client.get(URL).context["page_obj"].object_list
    second = client.get(URL, {"page": 2}).context["page_obj"].object_list
    assert [m["pk"] for m in first + second] == sorted(m.pk for m in namesakes)
    assert all(
        m["available_now"] is False and m["portal_account"] == "none" for m in first + second
    )


def test_a_wrong_filter_value_is_named_next_to_its_field(client, coordinator):
    client.force_login(coordinator)
    content = client.get(URL, {"training": "sometimes"}).content.decode()
    assert 'aria-describedby="id_training_error"' in content
    assert 'id="id_training_error"' in content
    assert "sometimes is not one of the available choices" in content


def test_empty_filter_result_shows_empty_state(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"q": "nobody-matches-this"})
    assert "No mentors match these filters." in response.content.decode()


def test_invitation_state_is_shown_in_the_list(client, coordinator):
    sent = MentorFactory()
    MentorInvitationFactory(user=sent.user, sent_at=timezone.now())
    accepted = MentorFactory()
    MentorInvitationFactory(user=accepted.user, sent_at=timezone.now(), accepted_at=timezone.now())
    expired = MentorFactory()
    MentorInvitationFactory(
        user=expired.user, expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(coordinator)
    content = client.get(URL).content.decode()
    assert "Invitation sent" in content
    assert "Invitation accepted" in content
    assert "Invitation expired" in content
    assert names(client.get(URL, {"invitation": "accepted"})) == {accepted.user.email}
    assert names(client.get(URL, {"invitation": "open"})) == {sent.user.email, expired.user.email}


def _rich_mentors(count: int) -> None:
    field = VocationalFieldFactory(name="Hairdressing", is_shortage=True)
    task = MentorTaskFactory(number=1)
    language = LanguageFactory(code="en", name="English")
    for mentor in MentorFactory.create_batch(count):
        mentor.fields.add(field)
        mentor.tasks.add(task)
        mentor.languages.add(language)
        AvailabilityFactory(mentor=mentor)
        MentorInvitationFactory(user=mentor.user)


@pytest.mark.parametrize(
    "params", [{}, {"available_now": "on", "shortage_field": "on", "sort": "college"}]
)
def test_query_count_does_not_grow_with_rows(
    client, coordinator, django_assert_num_queries, params
):
    _rich_mentors(10)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(URL, params).context["page_obj"].object_list) == 10
    _rich_mentors(50)
    with django_assert_num_queries(len(ten.captured_queries)):
        response = client.get(URL, params)
    assert len(response.context["page_obj"].object_list) == 25


def test_permission_predicates_for_each_role(
    coordinator, teacher_educator, steering, mentor, other_mentor
):
    college_coordinator = college_coordinator_for(mentor.college)
    assert set(permissions.visible_mentors(coordinator)) == {mentor, other_mentor}
    assert set(permissions.visible_mentors(college_coordinator)) == {mentor}
    for outsider in (teacher_educator, steering, mentor.user):
        assert not permissions.visible_mentors(outsider).exists()
    assert permissions.can_manage_mentor(coordinator, other_mentor)
    assert permissions.can_manage_mentor(college_coordinator, mentor)
    assert not permissions.can_manage_mentor(college_coordinator, other_mentor)
    assert not permissions.can_manage_mentor(mentor.user, mentor)
    assert permissions.can_see_full_profile(mentor.user, mentor)
    assert not permissions.can_see_full_profile(mentor.user, other_mentor)
    assert permissions.can_see_public_profile(mentor.user, other_mentor)
    assert permissions.can_see_public_profile(teacher_educator, mentor)
    assert not permissions.can_see_full_profile(teacher_educator, mentor)
    assert not permissions.may_open_mentor_pages(steering)
    assert permissions.can_import_mentors(coordinator)
    assert not permissions.can_import_mentors(college_coordinator)


def test_country_filter_offers_only_the_countries_of_the_users_colleges(client, coordinator):
    finland, estonia, netherlands = (
        CountryFactory(code="FI", name="Finland"),
        CountryFactory(code="EE", name="Estonia"),
        CountryFactory(code="NL", name="Netherlands"),
    )
    own = PartnerCollegeFactory(country=estonia)
    PartnerCollegeFactory(country=finland)
    PartnerCollegeFactory(country=finland)
    client.force_login(college_coordinator_for(own))
    countries = client.get(URL).context["filter"].form.fields["country"].queryset
    assert list(countries) == [estonia]

    client.force_login(coordinator)
    countries = client.get(URL).context["filter"].form.fields["country"].queryset
    # A country without a partner college is no use as a filter either.
    assert list(countries) == [estonia, finland]
    assert netherlands not in countries
