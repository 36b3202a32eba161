import datetime

import pytest
from django.core import mail

from mentors.models import Invitation, MembershipPeriod, Mentor, StatusChange
from tests.factories import (
    AvailabilityFactory,
    CollegeUnitFactory,
    LanguageFactory,
    MentorFactory,
    MentorInvitationFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
)

pytestmark = pytest.mark.django_db

MENTORS = "/api/v1/mentors/"


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_coordinator_lists_every_mentor_with_full_profiles(api_as, coordinator):
    mentor = MentorFactory(phone="+358 40 123")
    response = api_as(coordinator).get(MENTORS)
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["id"] == mentor.pk
    assert row["phone"] == "+358 40 123"
    assert row["email"] == mentor.user.email


def test_college_coordinator_sees_only_their_colleges_mentors(api_as, college, college_coordinator):
    own = MentorFactory(college=college)
    other = MentorFactory()
    client = api_as(college_coordinator)
    assert ids(client.get(MENTORS)) == [own.pk]
    assert client.get(f"{MENTORS}{own.pk}/").json()["phone"] == own.phone
    assert client.get(f"{MENTORS}{other.pk}/").status_code == 404


def test_mentor_list_uses_the_list_pages_filters(api_as, coordinator):
    college = PartnerCollegeFactory()
    active = MentorFactory(college=college)
    MentorFactory(college=college, status=Mentor.Status.CANDIDATE, official_status_date=None)
    MentorFactory()
    client = api_as(coordinator)
    assert ids(client.get(MENTORS, {"college": college.pk, "status": "active"})) == [active.pk]
    assert ids(client.get(MENTORS, {"q": active.user.email})) == [active.pk]


def test_unknown_filter_value_is_a_400_naming_the_filter(api_as, coordinator):
    response = api_as(coordinator).get(MENTORS, {"college": "999999"})
    assert response.status_code == 400
    assert "college" in response.json()


def test_teacher_educator_gets_public_profiles_of_active_mentors(api_as, teacher_educator):
    active = MentorFactory(phone="+358 40 123")
    candidate = MentorFactory(status=Mentor.Status.CANDIDATE, official_status_date=None)
    client = api_as(teacher_educator)
    response = client.get(MENTORS)
    assert ids(response) == [active.pk]
    row = response.json()["results"][0]
    assert "phone" not in row and "email" not in row
    detail = client.get(f"{MENTORS}{candidate.pk}/").json()
    assert "phone" not in detail and "email" not in detail


def test_teacher_educator_cannot_search_by_email_or_invitation(api_as, teacher_educator):
    mentor = MentorFactory()
    MentorInvitationFactory(user=mentor.user)
    client = api_as(teacher_educator)
    assert ids(client.get(MENTORS, {"q": mentor.user.email})) == []
    assert ids(client.get(MENTORS, {"invitation": "none"})) == [mentor.pk]


def test_mentor_lists_only_themself_and_sees_others_publicly(api_as, mentor, other_mentor):
    client = api_as(mentor.user)
    assert ids(client.get(MENTORS)) == [mentor.pk]
    assert client.get(f"{MENTORS}{mentor.pk}/").json()["phone"] == mentor.phone
    other = client.get(f"{MENTORS}{other_mentor.pk}/").json()
    assert "phone" not in other and other["id"] == other_mentor.pk


def test_steering_may_not_open_mentors(api_as, steering, mentor):
    client = api_as(steering)
    assert client.get(MENTORS).status_code == 403
    assert client.get(f"{MENTORS}{mentor.pk}/").status_code == 403


def test_unknown_mentor_is_404(api_as, coordinator):
    response = api_as(coordinator).get(f"{MENTORS}999999/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_mentors_cannot_be_deleted_through_the_api(api_as, coordinator, mentor):
    assert api_as(coordinator).delete(f"{MENTORS}{mentor.pk}/").status_code == 405
    assert Mentor.objects.filter(pk=mentor.pk).exists()


@pytest.mark.parametrize("who", ["coordinator", "teacher_educator"])
def test_mentor_list_query_count_does_not_grow(
    api_as, request, who, django_assert_num_queries, django_assert_max_num_queries
):
    client = api_as(request.getfixturevalue(who))
    MentorFactory.create_batch(5)
    client.get(MENTORS)
    with django_assert_max_num_queries(12) as few:
        client.get(MENTORS)
    MentorFactory.create_batch(25)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(ids(client.get(MENTORS))) == 30


@pytest.mark.parametrize("who", ["coordinator", "teacher_educator"])
def test_mentor_list_pages_are_the_lists_mentors_in_order_each_with_its_own_row(
    api_as, request, who, django_assert_max_num_queries
):
    """A page is picked by id from the list and only its mentors are read with what their rows
    show: the pages together are every listed mentor once, in the list's order (the default
    and a chosen one), each row with its own availability; the count reads the mentors alone."""
    client = api_as(request.getfixturevalue(who))
    mentors = MentorFactory.create_batch(53)
    available = {mentor.pk for mentor in mentors[::3]}
    for mentor in mentors[::3]:
        AvailabilityFactory(mentor=mentor)
    MentorFactory(status=Mentor.Status.CANDIDATE, official_status_date=None)
    pool = who == "coordinator"  # the whole pool; the directory: active mentors
    listed = Mentor.objects.all() if pool else Mentor.objects.filter(status=Mentor.Status.ACTIVE)
    by_name = list(listed.order_by("user__last_name", "user__first_name", "pk"))
    by_college = list(listed.order_by("-college__name", "pk"))

    for query, expected in (({}, by_name), ({"ordering": "-college__name"}, by_college)):
        rows, url, pages = [], MENTORS, []
        while url:
            with django_assert_max_num_queries(12) as queries:
                body = client.get(url, query if url == MENTORS else None).json()
            pages.append(queries.captured_queries)
            rows += body["results"]
            url = body["next"]
        assert body["count"] == len(expected) == (54 if pool else 53)
        assert [row["id"] for row in rows] == [mentor.pk for mentor in expected]
        assert {row["id"] for row in rows if row["available_now"]} == available
    [count] = [q["sql"] for q in pages[0] if "COUNT(" in q["sql"]]
    # The directory's count joins the accounts (active ones only); the pool's nothing.
    assert ("JOIN" in count) == (not pool)


# Writes: create, update and status, as the mentor pages


def new_mentor(college_, /, **overrides):
    return {
        "first_name": "Aino",
        "last_name": "Virtanen",
        "email": "aino.virtanen@example.org",
        "college": college_.pk,
        **overrides,
    }


def test_coordinator_adds_a_mentor_with_fields_tasks_and_languages_and_invites_them(
    api_as, coordinator, django_capture_on_commit_callbacks
):
    college = PartnerCollegeFactory()
    unit = CollegeUnitFactory(college=college)
    field, task, language = (
        VocationalFieldFactory(),
        MentorTaskFactory(),
        LanguageFactory(code="fi"),
    )
    body = new_mentor(
        college,
        unit=unit.pk,
        fields=[field.pk],
        tasks=[task.pk],
        languages=["fi"],
        title="Lecturer",
        trained_on="2024-05-02",
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_as(coordinator).post(MENTORS, body, format="json")
    assert response.status_code == 201, response.json()
    mentor = Mentor.objects.get(user__email="aino.virtanen@example.org")
    assert response.json()["id"] == mentor.pk
    assert mentor.status == Mentor.Status.CANDIDATE
    assert (mentor.college, mentor.unit, mentor.title) == (college, unit, "Lecturer")
    assert mentor.capacity_groups == 2  # the page's default
    assert mentor.trained_on == datetime.date(2024, 5, 2)
    assert list(mentor.fields.all()) == [field]
    assert list(mentor.tasks.all()) == [task]
    assert list(mentor.languages.all()) == [language]
    assert MembershipPeriod.objects.filter(mentor=mentor, college=college, ends_on=None).exists()
    # The invitation is sent as on the page: through the service, once committed.
    assert Invitation.objects.filter(user=mentor.user).exists()
    assert callbacks
    assert [message.to for message in mail.outbox] == [["aino.virtanen@example.org"]]


def test_adding_a_mentor_without_an_invitation_sends_nothing(
    api_as, coordinator, django_capture_on_commit_callbacks
):
    college = PartnerCollegeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(coordinator).post(
            MENTORS, new_mentor(college, send_invitation=False), format="json"
        )
    assert response.status_code == 201
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_college_coordinator_adds_mentors_to_their_own_college_only(
    api_as, college, college_coordinator
):
    client = api_as(college_coordinator)
    other = PartnerCollegeFactory()
    refused = client.post(MENTORS, new_mentor(other), format="json")
    assert refused.status_code == 400
    assert "college" in refused.json()
    assert not Mentor.objects.exists()
    response = client.post(MENTORS, new_mentor(college, send_invitation=False), format="json")
    assert response.status_code == 201
    assert Mentor.objects.get().college == college


@pytest.mark.parametrize("who", ["teacher_educator", "steering"])
def test_roles_without_the_pool_may_not_add_mentors(api_as, request, who):
    response = api_as(request.getfixturevalue(who)).post(
        MENTORS, new_mentor(PartnerCollegeFactory()), format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Mentor.objects.exists()


def test_mentor_may_not_add_mentors(api_as, mentor):
    response = api_as(mentor.user).post(MENTORS, new_mentor(PartnerCollegeFactory()), format="json")
    assert response.status_code == 403
    assert Mentor.objects.count() == 1


def test_anonymous_may_not_add_or_change_mentors(api_as, mentor):
    client = api_as(None)
    assert client.post(MENTORS, new_mentor(mentor.college), format="json").status_code == 401
    assert client.patch(f"{MENTORS}{mentor.pk}/", {"title": "x"}, format="json").status_code == 401
    assert client.post(f"{MENTORS}{mentor.pk}/status/", {"to_status": "paused"}).status_code == 401
    mentor.refresh_from_db()
    assert (mentor.title, mentor.status) != ("x", Mentor.Status.PAUSED)


@pytest.mark.parametrize(
    "bad,field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"college": 999999}, "college"),
        ({"college": "Omnia"}, "college"),
        ({"fields": [999999]}, "fields"),
        ({"tasks": "all"}, "tasks"),
        ({"languages": ["xx"]}, "languages"),
        ({"capacity_groups": "many"}, "capacity_groups"),
        ({"capacity_groups": 21}, "capacity_groups"),
        ({"trained_on": "last spring"}, "trained_on"),
        ({"first_name": ""}, "first_name"),
        ({"nudges_paused": True}, "nudges_paused"),
        ({"language": "klingon"}, "language"),
    ],
)
def test_bad_new_mentor_is_400_naming_the_field_and_writes_nothing(api_as, coordinator, bad, field):
    college = PartnerCollegeFactory()
    response = api_as(coordinator).post(MENTORS, new_mentor(college, **bad), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Mentor.objects.exists()
    assert not Invitation.objects.exists()


def test_unit_of_another_college_is_the_forms_400(api_as, coordinator):
    college = PartnerCollegeFactory()
    response = api_as(coordinator).post(
        MENTORS, new_mentor(college, unit=CollegeUnitFactory().pk), format="json"
    )
    assert response.status_code == 400
    assert response.json()["unit"] == ["This unit belongs to another college."]
    assert not Mentor.objects.exists()


def test_existing_mentors_email_is_the_forms_400(api_as, coordinator, mentor):
    response = api_as(coordinator).post(
        MENTORS, new_mentor(mentor.college, email=mentor.user.email), format="json"
    )
    assert response.status_code == 400
    assert "email" in response.json()
    assert Mentor.objects.count() == 1


def test_read_only_token_cannot_add_change_or_move_mentors(token_client, coordinator, mentor):
    client = token_client(coordinator, can_write=False)
    assert client.get(MENTORS).status_code == 200
    created = client.post(MENTORS, new_mentor(mentor.college), format="json")
    assert created.status_code == 403
    assert created.json()["detail"]
    assert client.patch(f"{MENTORS}{mentor.pk}/", {"title": "x"}, format="json").status_code == 403
    assert client.post(f"{MENTORS}{mentor.pk}/status/", {"to_status": "paused"}).status_code == 403
    mentor.refresh_from_db()
    assert Mentor.objects.count() == 1
    assert mentor.title != "x" and mentor.status == Mentor.Status.ACTIVE


def test_read_write_token_adds_a_mentor(token_client, coordinator):
    college = PartnerCollegeFactory()
    client = token_client(coordinator, can_write=True)
    response = client.post(MENTORS, new_mentor(college, send_invitation=False), format="json")
    assert response.status_code == 201
    assert Mentor.objects.filter(college=college).exists()


def test_coordinator_changes_a_mentor_with_patch_and_put(api_as, coordinator):
    mentor = MentorFactory(title="Teacher", capacity_groups=3)
    field, task = VocationalFieldFactory(), MentorTaskFactory()
    language = LanguageFactory(code="sv")
    client = api_as(coordinator)
    response = client.patch(
        f"{MENTORS}{mentor.pk}/",
        {"title": "Lead teacher", "fields": [field.pk], "languages": ["sv"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Lead teacher"
    mentor.refresh_from_db()
    assert mentor.title == "Lead teacher"
    assert mentor.capacity_groups == 3  # what was not sent stays
    assert list(mentor.fields.all()) == [field]
    assert list(mentor.languages.all()) == [language]
    response = client.put(
        f"{MENTORS}{mentor.pk}/",
        {
            "first_name": "Eero",
            "last_name": "Koski",
            "college": mentor.college_id,
            "tasks": [task.pk],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    mentor.refresh_from_db()
    assert mentor.user.first_name == "Eero"
    assert list(mentor.tasks.all()) == [task]


def test_coordinator_moves_a_mentor_to_another_college_by_editing(api_as, coordinator):
    mentor = MentorFactory()
    new_college = PartnerCollegeFactory()
    response = api_as(coordinator).patch(
        f"{MENTORS}{mentor.pk}/", {"college": new_college.pk}, format="json"
    )
    assert response.status_code == 200
    mentor.refresh_from_db()
    assert mentor.college == new_college
    assert MembershipPeriod.objects.filter(
        mentor=mentor, college=new_college, ends_on=None
    ).exists()


def test_college_coordinator_changes_own_colleges_mentor_but_not_anothers(
    api_as, college, college_coordinator
):
    own = MentorFactory(college=college, title="Teacher")
    other = MentorFactory(title="Teacher")
    client = api_as(college_coordinator)
    assert client.patch(f"{MENTORS}{own.pk}/", {"title": "Lead"}, format="json").status_code == 200
    response = client.patch(f"{MENTORS}{other.pk}/", {"title": "Lead"}, format="json")
    assert response.status_code == 404
    assert response.json()["detail"]
    # Nor may they move their own mentor to a college they do not run.
    moved = client.patch(f"{MENTORS}{own.pk}/", {"college": other.college_id}, format="json")
    assert moved.status_code == 400
    assert "college" in moved.json()
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.title, own.college) == ("Lead", college)
    assert other.title == "Teacher"


@pytest.mark.parametrize(
    "bad,field",
    [
        ({"capacity_groups": "two"}, "capacity_groups"),
        ({"capacity_groups": -1}, "capacity_groups"),
        ({"tasks": [999999]}, "tasks"),
        ({"fields": "Welding"}, "fields"),
        ({"unit": 999999}, "unit"),
        ({"last_name": ""}, "last_name"),
        ({"trained_on": "2024-13-01"}, "trained_on"),
        ({"nudges_paused": True}, "nudges_paused"),
    ],
)
def test_bad_mentor_change_is_400_and_changes_nothing(api_as, coordinator, bad, field):
    mentor = MentorFactory(title="Teacher", capacity_groups=2)
    response = api_as(coordinator).patch(
        f"{MENTORS}{mentor.pk}/", {"title": "Changed", **bad}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    mentor.refresh_from_db()
    assert (mentor.title, mentor.capacity_groups) == ("Teacher", 2)


def test_body_that_is_not_an_object_is_400(api_as, coordinator, mentor):
    response = api_as(coordinator).patch(f"{MENTORS}{mentor.pk}/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()


def test_unknown_mentor_change_is_404(api_as, coordinator):
    assert (
        api_as(coordinator).patch(f"{MENTORS}999999/", {"title": "x"}, format="json").status_code
        == 404
    )


def test_mentor_edits_their_own_profile_as_on_the_profile_page(api_as, mentor):
    field, task = VocationalFieldFactory(), MentorTaskFactory()
    LanguageFactory(code="en")
    client = api_as(mentor.user)
    response = client.patch(
        f"{MENTORS}{mentor.pk}/",
        {
            "title": "Welding teacher",
            "phone": "+358 40 999",
            "bio": "Twenty years of welding.",
            "contact_preferences": "Email first",
            "nudges_paused": True,
            "fields": [field.pk],
            "tasks": [task.pk],
            "languages": ["en"],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    mentor.refresh_from_db()
    assert (mentor.title, mentor.phone, mentor.nudges_paused) == (
        "Welding teacher",
        "+358 40 999",
        True,
    )
    assert [t.pk for t in mentor.tasks.all()] == [task.pk]
    assert [language.code for language in mentor.languages.all()] == ["en"]


@pytest.mark.parametrize(
    "field,value",
    [
        ("college", None),
        ("first_name", "Someone"),
        ("capacity_groups", 9),
        ("trained_on", "2020-01-01"),
    ],
)
def test_mentor_may_not_change_what_only_coordinators_change(api_as, mentor, field, value):
    value = mentor.college_id if field == "college" else value
    response = api_as(mentor.user).patch(
        f"{MENTORS}{mentor.pk}/", {field: value, "title": "Changed"}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    before = Mentor.objects.get(pk=mentor.pk)
    assert before.title == mentor.title
    assert (before.capacity_groups, before.trained_on) == (
        mentor.capacity_groups,
        mentor.trained_on,
    )


def test_mentors_bad_profile_input_is_400_and_changes_nothing(api_as, mentor):
    response = api_as(mentor.user).patch(
        f"{MENTORS}{mentor.pk}/", {"title": "Changed", "languages": ["zz"]}, format="json"
    )
    assert response.status_code == 400
    assert "languages" in response.json()
    mentor.refresh_from_db()
    assert mentor.title != "Changed"


def test_mentor_may_not_change_another_mentor(api_as, mentor, other_mentor):
    response = api_as(mentor.user).patch(
        f"{MENTORS}{other_mentor.pk}/", {"title": "Hijacked"}, format="json"
    )
    assert response.status_code == 403
    other_mentor.refresh_from_db()
    assert other_mentor.title != "Hijacked"


def test_teacher_educator_may_not_change_mentors(api_as, teacher_educator, mentor):
    client = api_as(teacher_educator)
    assert client.patch(f"{MENTORS}{mentor.pk}/", {"title": "x"}, format="json").status_code == 403
    assert client.post(f"{MENTORS}{mentor.pk}/status/", {"to_status": "paused"}).status_code == 403
    mentor.refresh_from_db()
    assert mentor.title != "x" and mentor.status == Mentor.Status.ACTIVE


def test_steering_may_not_change_mentors(api_as, steering, mentor):
    client = api_as(steering)
    assert client.patch(f"{MENTORS}{mentor.pk}/", {"title": "x"}, format="json").status_code == 403
    assert client.post(f"{MENTORS}{mentor.pk}/status/", {"to_status": "paused"}).status_code == 403
    mentor.refresh_from_db()
    assert mentor.title != "x" and mentor.status == Mentor.Status.ACTIVE


# Status


def test_coordinator_makes_a_candidate_active_with_the_date_of_official_status(api_as, coordinator):
    mentor = MentorFactory(status=Mentor.Status.CANDIDATE, official_status_date=None)
    response = api_as(coordinator).post(
        f"{MENTORS}{mentor.pk}/status/",
        {"to_status": "active", "official_status_date": "2025-09-01", "note": "Signed"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "active"
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.ACTIVE
    assert mentor.official_status_date == datetime.date(2025, 9, 1)
    change = StatusChange.objects.get(mentor=mentor)
    assert (change.from_status, change.to_status, change.note) == ("candidate", "active", "Signed")


def test_making_a_mentor_active_needs_the_date_of_official_status(api_as, coordinator):
    mentor = MentorFactory(status=Mentor.Status.CANDIDATE, official_status_date=None)
    response = api_as(coordinator).post(
        f"{MENTORS}{mentor.pk}/status/", {"to_status": "active"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["official_status_date"] == [
        "Give the date of official status to make the mentor active."
    ]
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.CANDIDATE
    assert not StatusChange.objects.exists()


def test_reactivating_keeps_the_existing_date_of_official_status(api_as, coordinator):
    mentor = MentorFactory(status=Mentor.Status.PAUSED)
    response = api_as(coordinator).post(
        f"{MENTORS}{mentor.pk}/status/", {"to_status": "active"}, format="json"
    )
    assert response.status_code == 200
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.ACTIVE
    assert mentor.official_status_date == datetime.date(2023, 2, 1)


@pytest.mark.parametrize(
    "body",
    [{"to_status": "candidate"}, {"to_status": "active"}, {"to_status": "retired"}, {}],
    ids=["back-to-candidate", "active-to-active", "unknown", "missing"],
)
def test_invalid_status_change_is_400_and_changes_nothing(api_as, coordinator, body):
    mentor = MentorFactory()
    response = api_as(coordinator).post(f"{MENTORS}{mentor.pk}/status/", body, format="json")
    assert response.status_code == 400
    assert response.json()["to_status"]
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.ACTIVE
    assert not StatusChange.objects.exists()


def test_bad_status_date_is_400(api_as, coordinator):
    mentor = MentorFactory()
    response = api_as(coordinator).post(
        f"{MENTORS}{mentor.pk}/status/",
        {"to_status": "paused", "official_status_date": "soon"},
        format="json",
    )
    assert response.status_code == 400
    assert "official_status_date" in response.json()
    assert not StatusChange.objects.exists()


def test_college_coordinator_changes_status_of_own_colleges_mentors_only(
    api_as, college, college_coordinator
):
    own, other = MentorFactory(college=college), MentorFactory()
    client = api_as(college_coordinator)
    assert client.post(f"{MENTORS}{own.pk}/status/", {"to_status": "paused"}).status_code == 200
    assert client.post(f"{MENTORS}{other.pk}/status/", {"to_status": "paused"}).status_code == 404
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.status, other.status) == (Mentor.Status.PAUSED, Mentor.Status.ACTIVE)


def test_mentor_may_not_change_their_own_status(api_as, mentor):
    response = api_as(mentor.user).post(f"{MENTORS}{mentor.pk}/status/", {"to_status": "alumni"})
    assert response.status_code == 403
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.ACTIVE


def test_status_of_unknown_mentor_is_404(api_as, coordinator):
    response = api_as(coordinator).post(f"{MENTORS}999999/status/", {"to_status": "paused"})
    assert response.status_code == 404


def test_a_college_coordinator_cannot_make_a_steering_members_account_a_mentor(
    api_as, college, college_coordinator, steering
):
    body = new_mentor(college, email=steering.email, first_name="Renamed")

    response = api_as(college_coordinator).post(MENTORS, body, format="json")

    assert response.status_code == 400
    assert "another role" in str(response.json())
    steering.refresh_from_db()
    assert steering.first_name != "Renamed"
    assert not Mentor.objects.filter(user=steering).exists()
