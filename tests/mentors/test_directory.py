import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentors.models import ContactRequest, Notice
from tests.factories import (
    AvailabilityFactory,
    LanguageFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
)

pytestmark = pytest.mark.django_db


def listed(client, **params):
    return set(client.get(reverse("mentors:directory"), params).context["page_obj"])


@pytest.mark.parametrize(
    "url_name,args", [("mentors:directory", []), ("mentors:public_profile", [1])]
)
def test_anonymous_visitor_is_sent_to_login(client, url_name, args):
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_mentor_and_steering_cannot_use_the_directory(client, mentor, steering):
    for user in (mentor.user, steering):
        client.force_login(user)
        assert client.get(reverse("mentors:directory")).status_code == 403


def test_directory_lists_only_active_mentors(client, teacher_educator):
    active = MentorFactory()
    MentorFactory(status="candidate", official_status_date=None)
    MentorFactory(status="paused")
    MentorFactory(status="alumni")
    client.force_login(teacher_educator)
    assert listed(client) == {active}


def test_coordinator_can_search_the_directory(client, coordinator):
    active = MentorFactory()
    client.force_login(coordinator)
    assert listed(client) == {active}


def test_directory_filters_by_field_task_college_language_and_available_now(
    client, teacher_educator
):
    field = VocationalFieldFactory(name="Logistics")
    task = MentorTaskFactory(number=2)
    language = LanguageFactory(code="en", name="English")
    college = PartnerCollegeFactory()
    by_field = MentorFactory()
    by_field.fields.add(field)
    by_task = MentorFactory()
    by_task.tasks.add(task)
    by_language = MentorFactory()
    by_language.languages.add(language)
    by_college = MentorFactory(college=college)
    available = AvailabilityFactory().mentor
    away = AvailabilityFactory().mentor
    today = timezone.localdate()
    AvailabilityFactory(
        mentor=away, kind="away", starts_on=today, ends_on=today + datetime.timedelta(days=7)
    )
    client.force_login(teacher_educator)
    assert listed(client, field=field.pk) == {by_field}
    assert listed(client, task=task.pk) == {by_task}
    assert listed(client, language=language.pk) == {by_language}
    assert listed(client, college=college.pk) == {by_college}
    assert listed(client, available_now="on") == {available}
    assert len(listed(client)) == 6


def test_directory_search_matches_names(client, teacher_educator):
    found, other = MentorFactory(), MentorFactory()
    found.user.first_name, found.user.last_name = "Aino", "Virtanen"
    found.user.save()
    other.user.first_name, other.user.last_name = "Bertil", "Berg"
    other.user.save()
    client.force_login(teacher_educator)
    assert listed(client, q="aino") == {found}


def test_directory_and_public_profile_never_show_the_phone(client, teacher_educator):
    mentor = MentorFactory(phone="+358 40 555 1234", bio="Welding teacher")
    client.force_login(teacher_educator)
    assert "555 1234" not in client.get(reverse("mentors:directory")).content.decode()
    profile = client.get(reverse("mentors:public_profile", args=[mentor.pk])).content.decode()
    assert "Welding teacher" in profile
    assert "555 1234" not in profile


def test_inactive_mentors_public_profile_answers_404(client, teacher_educator):
    paused = MentorFactory(status="paused")
    client.force_login(teacher_educator)
    assert client.get(reverse("mentors:public_profile", args=[paused.pk])).status_code == 404
    assert client.get(reverse("mentors:public_profile", args=[999999])).status_code == 404


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _rich_mentor():
    mentor = MentorFactory()
    mentor.fields.add(VocationalFieldFactory())
    mentor.languages.add(LanguageFactory())
    mentor.tasks.add(MentorTaskFactory())
    AvailabilityFactory(mentor=mentor)
    return mentor


def test_directory_makes_the_same_number_of_queries_for_5_and_40_mentors(client, teacher_educator):
    for _ in range(5):
        _rich_mentor()
    client.force_login(teacher_educator)
    url = reverse("mentors:directory") + "?available_now=on"
    client.get(url)
    few = _query_count(client, url)
    for _ in range(35):
        _rich_mentor()
    assert _query_count(client, url) == few


def test_teacher_educator_sends_a_request_and_the_mentor_is_emailed(
    client, teacher_educator, django_capture_on_commit_callbacks
):
    mentor = MentorFactory()
    task = MentorTaskFactory()
    group = VTEGroupFactory(teacher_educator=teacher_educator)
    client.force_login(teacher_educator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentors:public_profile", args=[mentor.pk]),
            {
                "topic": "Visit our group",
                "task": task.pk,
                "preferred_dates": "week 12",
                "vte_group": group.pk,
            },
        )
    contact_request = ContactRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mentors:request_detail", args=[contact_request.pk])
    assert contact_request.requester == teacher_educator
    assert contact_request.vte_group == group
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
    assert "Visit our group" in mail.outbox[0].subject
    notice = Notice.objects.get(kind=Notice.Kind.REQUEST_NEW)
    assert notice.key == str(contact_request.pk) and notice.sent_at is not None


def test_request_may_only_name_the_educators_own_open_group(client, teacher_educator):
    mentor = MentorFactory()
    task = MentorTaskFactory()
    someone_elses = VTEGroupFactory()
    closed = VTEGroupFactory(teacher_educator=teacher_educator, closed_at=timezone.now())
    client.force_login(teacher_educator)
    for group in (someone_elses, closed):
        response = client.post(
            reverse("mentors:public_profile", args=[mentor.pk]),
            {"topic": "Visit", "task": task.pk, "vte_group": group.pk},
        )
        assert response.status_code == 200
        assert "vte_group" in response.context["form"].errors
    assert not ContactRequest.objects.exists()


def test_request_without_topic_is_refused_next_to_the_field(client, teacher_educator):
    mentor = MentorFactory()
    client.force_login(teacher_educator)
    response = client.post(
        reverse("mentors:public_profile", args=[mentor.pk]), {"task": MentorTaskFactory().pk}
    )
    assert "topic" in response.context["form"].errors
    assert not ContactRequest.objects.exists()
