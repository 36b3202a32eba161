import datetime

import pytest
import time_machine
from django.urls import reverse

from leadvet import roles
from mentors.models import Availability, Mentor
from mentors.selectors.assignments import suggest_mentors_for_group
from tests.factories import (
    AvailabilityFactory,
    GroupAssignmentFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 9, 1, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def field():
    return VocationalFieldFactory(name="Social and health care")


@pytest.fixture
def task():
    return MentorTaskFactory(number=5, name="Study visits")


@pytest.fixture
def group(field, task):
    group = VTEGroupFactory(name="Aurora", field=field)
    task.groups_needing.add(group)
    return group


def url(group):
    return reverse("mentors:group_suggestions", args=[group.pk])


def available(mentor):
    AvailabilityFactory(mentor=mentor)
    return mentor


def test_best_match_comes_first_with_its_reasons(group, field, task):
    best = available(MentorFactory())
    best.fields.add(field)
    best.tasks.add(task)
    field_only = MentorFactory()
    field_only.fields.add(field)
    nothing = MentorFactory()

    suggestions = suggest_mentors_for_group(group)

    assert [s.mentor for s in suggestions] == [best, field_only, nothing]
    assert suggestions[0].reasons == (
        "same field · 1 needed task · available · no groups now · college new to this group"
        " · college in the group's city (Helsinki)"
    )
    assert suggestions[1].reasons.startswith("same field · no availability given")


def test_load_lowers_the_rank_and_is_said_in_words(group, field):
    free, busy = MentorFactory(), MentorFactory(capacity_groups=3)
    for mentor in (free, busy):
        mentor.fields.add(field)
    GroupAssignmentFactory(mentor=busy)
    suggestions = suggest_mentors_for_group(group)
    assert [s.mentor for s in suggestions] == [free, busy]
    assert "1 group now" in suggestions[1].reasons


def test_a_mentor_at_capacity_falls_behind_and_is_flagged(group, field):
    full = MentorFactory(capacity_groups=1)
    full.fields.add(field)
    available(full)
    GroupAssignmentFactory(mentor=full)
    plain = available(MentorFactory())
    suggestions = suggest_mentors_for_group(group)
    assert [s.mentor for s in suggestions] == [plain, full]
    assert suggestions[1].at_capacity
    assert "at capacity" in suggestions[1].reasons


def test_away_mentors_fall_behind(group):
    away = MentorFactory()
    AvailabilityFactory(mentor=away, kind=Availability.Kind.AWAY)
    neutral = MentorFactory()
    suggestions = suggest_mentors_for_group(group)
    assert [s.mentor for s in suggestions] == [neutral, away]
    assert "away now" in suggestions[1].reasons


def test_colleges_not_yet_in_the_group_are_preferred(group):
    present = PartnerCollegeFactory()
    GroupAssignmentFactory(mentor=MentorFactory(college=present), vte_group=group)
    same_college = MentorFactory(college=present)
    new_college = MentorFactory()
    suggestions = suggest_mentors_for_group(group)
    assert [s.mentor for s in suggestions] == [new_college, same_college]
    assert "college already in this group" in suggestions[1].reasons


def test_already_assigned_and_inactive_mentors_are_not_suggested(group):
    assigned = MentorFactory()
    GroupAssignmentFactory(mentor=assigned, vte_group=group)
    MentorFactory(status=Mentor.Status.PAUSED)
    candidate = MentorFactory()
    assert [s.mentor for s in suggest_mentors_for_group(group)] == [candidate]


def test_limit_caps_the_list(group):
    MentorFactory.create_batch(5)
    assert len(suggest_mentors_for_group(group, limit=3)) == 3


def test_suggestions_make_the_same_queries_for_10_and_50_mentors(
    group, field, task, django_assert_num_queries
):
    def add(count):
        for mentor in MentorFactory.create_batch(count):
            mentor.fields.add(field)
            mentor.tasks.add(task)
            available(mentor)
            GroupAssignmentFactory(mentor=mentor)

    add(10)
    with django_assert_num_queries(3):
        assert len(suggest_mentors_for_group(group)) == 10
    add(40)
    with django_assert_num_queries(3):
        suggestions = suggest_mentors_for_group(group)
        assert [s.reasons for s in suggestions][:1]  # names and colleges read without queries
        assert all(s.mentor.user.email and s.mentor.college.name for s in suggestions)
    assert len(suggestions) == 20


# The page


def test_coordinator_sees_ranked_suggestions_with_assign_buttons(client, coordinator, group, field):
    mentor = MentorFactory()
    mentor.fields.add(field)
    client.force_login(coordinator)
    response = client.get(url(group))
    body = response.content.decode()
    assert response.status_code == 200
    assert mentor.name in body
    assert "same field" in body
    assert f"{reverse('mentors:assignment_create', args=[group.pk])}?mentor={mentor.pk}" in body


def test_college_coordinator_sees_only_own_colleges_mentors(client, group):
    own = PartnerCollegeFactory()
    user = user_with_role(roles.COLLEGE_COORDINATOR)
    own.coordinators.add(user)
    own_mentor, foreign_mentor = MentorFactory(college=own), MentorFactory()
    client.force_login(user)
    suggested = [s.mentor for s in client.get(url(group)).context["suggestions"]]
    assert suggested == [own_mentor]
    assert foreign_mentor not in suggested


def test_anonymous_is_sent_to_login(client, group):
    assert client.get(url(group)).status_code == 302


@pytest.mark.parametrize("who", ["teacher_educator", "steering"])
def test_other_roles_get_403(client, request, who, group):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(group)).status_code == 403


def test_mentor_gets_403(client, mentor, group):
    client.force_login(mentor.user)
    assert client.get(url(group)).status_code == 403


def test_unknown_group_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("mentors:group_suggestions", args=[999999])).status_code == 404


def test_a_group_without_field_or_needed_tasks_still_gets_suggestions():
    group = VTEGroupFactory(field=None)
    mentor = available(MentorFactory())
    suggestions = suggest_mentors_for_group(group)
    assert [s.mentor for s in suggestions] == [mentor]
    assert suggestions[0].reasons.startswith("available")


def test_language_and_country_outweigh_tasks_for_a_finnish_helsinki_group(field, task):
    """A Finnish day group in Helsinki: Estonian and Dutch mentors who cover every needed task
    rank below Finnish-speaking mentors of Finnish colleges, and the reasons say why."""
    from tests.factories import CollegeUnitFactory, CountryFactory, LanguageFactory

    finnish = LanguageFactory(code="fi", name="Finnish")
    estonian = LanguageFactory(code="et", name="Estonian")
    dutch = LanguageFactory(code="nl", name="Dutch")
    english = LanguageFactory(code="en", name="English")
    tasks = [task, MentorTaskFactory(number=6), MentorTaskFactory(number=7)]
    group = VTEGroupFactory(name="Helsinki day group", field=field, language="fi")
    for needed in tasks:
        needed.groups_needing.add(group)
    tallinn = PartnerCollegeFactory(
        name="Tallinn college", city="Tallinn", country=CountryFactory(code="EE", name="Estonia")
    )
    amsterdam = PartnerCollegeFactory(
        name="Amsterdam college",
        city="Amsterdam",
        country=CountryFactory(code="NL", name="Netherlands"),
    )
    espoo = PartnerCollegeFactory(name="Espoo college", city="Espoo")
    CollegeUnitFactory(college=espoo, city="Helsinki")
    tampere = PartnerCollegeFactory(name="Tampere college", city="Tampere")

    def mentor(college, languages, task_count):
        person = available(MentorFactory(college=college))
        person.fields.add(field)
        person.languages.add(*languages)
        person.tasks.add(*tasks[:task_count])
        return person

    estonian_mentor = mentor(tallinn, [estonian, english], 3)
    dutch_mentor = mentor(amsterdam, [dutch, english], 3)
    helsinki_mentor = mentor(espoo, [finnish], 1)  # a unit of the college is in Helsinki
    tampere_mentor = mentor(tampere, [finnish, english], 1)

    suggestions = suggest_mentors_for_group(group)
    ranked = [s.mentor for s in suggestions]
    assert ranked[:2] == [helsinki_mentor, tampere_mentor]
    assert set(ranked[2:]) == {estonian_mentor, dutch_mentor}
    reasons = {s.mentor: s.reasons for s in suggestions}
    assert "speaks Finnish · college in the group's city (Helsinki)" in reasons[helsinki_mentor]
    assert "speaks Finnish · college in the group's country (Finland)" in reasons[tampere_mentor]
    assert (
        "does not speak Finnish · college in another country (Estonia)"
        in (reasons[estonian_mentor])
    )
    assert (
        "does not speak Finnish · college in another country (Netherlands)"
        in (reasons[dutch_mentor])
    )


def test_a_group_without_a_language_scores_no_language(group):
    somebody = MentorFactory()
    [suggestion] = suggest_mentors_for_group(group)
    assert suggestion.mentor == somebody
    assert "speak" not in suggestion.reasons


def test_the_group_form_takes_the_language_and_refuses_an_unknown_one(group):
    from colleges.forms import VTEGroupForm

    data = {
        "institution": group.institution_id,
        "name": group.name,
        "term": group.term,
        "starts_on": "2026-08-15",
        "ends_on": "2026-12-20",
        "size": 20,
        "language": "fi",
    }
    form = VTEGroupForm(data, instance=group)
    assert form.is_valid(), form.errors
    form.save()
    group.refresh_from_db()
    assert group.language == "fi" and group.language_name == "Finnish"
    form = VTEGroupForm({**data, "language": "xx"}, instance=group)
    assert not form.is_valid() and "language" in form.errors
