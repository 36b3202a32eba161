import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentors.models import Contact
from tests.downloads import csv_rows
from tests.factories import (
    ContactFactory,
    MembershipPeriodFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    VTEGroupFactory,
)

pytestmark = pytest.mark.django_db


def contact_data(task, **overrides):
    data = {
        "date": timezone.localdate().isoformat(),
        "counterpart_kind": "teacher_student",
        "task": task.pk,
        "channel": "video",
        "duration_minutes": 45,
        "summary": "Talked about placements in the autumn.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url_name,args",
    [
        ("mentors:contact_list", []),
        ("mentors:contact_create", []),
        ("mentors:contact_export", []),
        ("mentors:contact_detail", [1]),
        ("mentors:contact_edit", [1]),
        ("mentors:contact_delete", [1]),
    ],
)
def test_anonymous_visitor_is_sent_to_login(client, url_name, args):
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    "url_name", ["mentors:contact_list", "mentors:contact_create", "mentors:contact_export"]
)
def test_teacher_educator_cannot_use_the_contact_log(client, teacher_educator, url_name):
    client.force_login(teacher_educator)
    assert client.get(reverse(url_name)).status_code == 403


def test_create_form_defaults_to_today_and_the_last_task_used(client, mentor):
    task = MentorTaskFactory(number=3)
    MentorTaskFactory(number=4)
    ContactFactory(
        mentor=mentor,
        task=task,
        channel="phone",
        date=timezone.localdate() - datetime.timedelta(days=3),
    )
    client.force_login(mentor.user)
    form = client.get(reverse("mentors:contact_create")).context["form"]
    assert form.initial["date"] == timezone.localdate()
    assert form.initial["task"] == task.pk
    assert form.initial["channel"] == "phone"


def test_logging_a_contact_is_one_post_and_a_redirect_to_the_list(client, mentor):
    task = MentorTaskFactory()
    client.force_login(mentor.user)
    response = client.post(reverse("mentors:contact_create"), contact_data(task, placement="on"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mentors:contact_list")
    contact = Contact.objects.get()
    assert contact.mentor == mentor
    assert contact.task == task
    assert contact.placement is True
    assert contact.duration_minutes == 45


def test_logging_a_contact_returns_to_next_when_it_is_local(client, mentor):
    task = MentorTaskFactory()
    client.force_login(mentor.user)
    response = client.post(reverse("mentors:contact_create"), {**contact_data(task), "next": "/"})
    assert response["Location"] == "/"
    response = client.post(
        reverse("mentors:contact_create"),
        {**contact_data(task), "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("mentors:contact_list")


def test_contact_counts_for_the_college_of_its_day(client, mentor):
    old_college = PartnerCollegeFactory()
    MembershipPeriodFactory(
        mentor=mentor,
        college=old_college,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    MembershipPeriodFactory(
        mentor=mentor, college=mentor.college, starts_on=datetime.date(2025, 1, 1)
    )
    task = MentorTaskFactory()
    client.force_login(mentor.user)
    client.post(reverse("mentors:contact_create"), contact_data(task, date="2024-06-01"))
    client.post(reverse("mentors:contact_create"), contact_data(task))
    assert Contact.objects.get(date=datetime.date(2024, 6, 1)).college == old_college
    assert Contact.objects.get(date=timezone.localdate()).college == mentor.college


def test_contact_college_falls_back_to_the_mentors_college_without_membership(client, mentor):
    client.force_login(mentor.user)
    client.post(reverse("mentors:contact_create"), contact_data(MentorTaskFactory()))
    assert Contact.objects.get().college == mentor.college


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("date", "2099-01-01", "cannot be in the future"),
        ("duration_minutes", "601", "less than or equal to 600"),
        ("duration_minutes", "-1", "greater than or equal to 0"),
        ("summary", "x" * 1001, "at most 1000 characters"),
    ],
)
def test_bad_contact_input_is_refused_next_to_its_field(client, mentor, field, value, message):
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:contact_create"), contact_data(MentorTaskFactory(), **{field: value})
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    assert not Contact.objects.exists()


def test_summary_help_text_asks_not_to_write_students_names(client, mentor):
    client.force_login(mentor.user)
    assert "do not write students" in client.get(reverse("mentors:contact_create")).content.decode()


def test_mentor_lists_only_their_own_contacts(client, mentor, other_mentor):
    mine = ContactFactory(mentor=mentor, summary="mine")
    ContactFactory(mentor=other_mentor)
    client.force_login(mentor.user)
    response = client.get(reverse("mentors:contact_list"))
    assert list(response.context["page_obj"]) == [mine]


def test_contact_list_filters_by_date_task_counterpart_and_outcome(client, mentor):
    task_a, task_b = MentorTaskFactory(number=1), MentorTaskFactory(number=2)
    today = timezone.localdate()
    old = ContactFactory(mentor=mentor, task=task_a, date=today - datetime.timedelta(days=100))
    placement = ContactFactory(
        mentor=mentor, task=task_b, placement=True, counterpart_kind="vet_leader"
    )
    plain = ContactFactory(mentor=mentor, task=task_a)
    client.force_login(mentor.user)
    url = reverse("mentors:contact_list")

    def listed(**params):
        return set(client.get(url, params).context["page_obj"])

    assert listed(task=task_a.pk) == {old, plain}
    assert listed(date_from=(today - datetime.timedelta(days=10)).isoformat()) == {placement, plain}
    assert listed(date_to=(today - datetime.timedelta(days=10)).isoformat()) == {old}
    assert listed(outcome="placement") == {placement}
    assert listed(counterpart_kind="vet_leader") == {placement}


def test_contact_list_is_paginated_by_25(client, mentor):
    ContactFactory.create_batch(30, mentor=mentor)
    client.force_login(mentor.user)
    first = client.get(reverse("mentors:contact_list"))
    assert len(first.context["page_obj"]) == 25
    second = client.get(reverse("mentors:contact_list"), {"page": 2})
    assert len(second.context["page_obj"]) == 5


def _list_query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_contact_list_makes_the_same_number_of_queries_for_5_and_40_rows(client, mentor):
    group = VTEGroupFactory()
    tasks = [MentorTaskFactory(number=n) for n in range(1, 4)]
    for i in range(5):
        ContactFactory(mentor=mentor, task=tasks[i % 3], vte_group=group)
    client.force_login(mentor.user)
    url = reverse("mentors:contact_list")
    client.get(url)
    few = _list_query_count(client, url)
    for i in range(35):
        ContactFactory(mentor=mentor, task=tasks[i % 3], vte_group=VTEGroupFactory())
    assert _list_query_count(client, url) == few


def test_mentor_edits_own_contact_within_the_window(client, mentor):
    contact = ContactFactory(mentor=mentor, duration_minutes=30)
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:contact_edit", args=[contact.pk]),
        contact_data(contact.task, duration_minutes=90),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.duration_minutes == 90


def test_contact_becomes_read_only_after_the_edit_window(client, mentor, settings):
    with time_machine.travel(
        timezone.now() - datetime.timedelta(days=settings.CONTACT_EDIT_WINDOW_DAYS + 1)
    ):
        contact = ContactFactory(mentor=mentor)
    client.force_login(mentor.user)
    for name in ("mentors:contact_edit", "mentors:contact_delete"):
        response = client.get(reverse(name, args=[contact.pk]))
        assert response.status_code == 403
        assert "read-only" in response.content.decode()
    response = client.post(reverse("mentors:contact_delete", args=[contact.pk]))
    assert response.status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()
    detail = client.get(reverse("mentors:contact_detail", args=[contact.pk]))
    assert detail.status_code == 200
    assert reverse("mentors:contact_edit", args=[contact.pk]) not in detail.content.decode()


def test_mentor_deletes_own_recent_contact(client, mentor):
    contact = ContactFactory(mentor=mentor)
    client.force_login(mentor.user)
    assert client.get(reverse("mentors:contact_delete", args=[contact.pk])).status_code == 200
    response = client.post(reverse("mentors:contact_delete", args=[contact.pk]))
    assert response.status_code == 302
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "url_name", ["mentors:contact_detail", "mentors:contact_edit", "mentors:contact_delete"]
)
def test_mentor_cannot_reach_another_mentors_contact(client, mentor, other_mentor, url_name):
    contact = ContactFactory(mentor=other_mentor)
    client.force_login(mentor.user)
    assert client.get(reverse(url_name, args=[contact.pk])).status_code == 404
    if url_name != "mentors:contact_detail":
        post = client.post(reverse(url_name, args=[contact.pk]), contact_data(contact.task))
        assert post.status_code == 404
    assert Contact.objects.filter(pk=contact.pk, duration_minutes=30).exists()


def test_unknown_contact_answers_404(client, mentor):
    client.force_login(mentor.user)
    assert client.get(reverse("mentors:contact_detail", args=[999999])).status_code == 404


def test_coordinator_sees_a_contact_but_cannot_change_it(client, coordinator, mentor):
    contact = ContactFactory(mentor=mentor)
    client.force_login(coordinator)
    assert client.get(reverse("mentors:contact_detail", args=[contact.pk])).status_code == 200
    assert client.get(reverse("mentors:contact_edit", args=[contact.pk])).status_code == 403
    assert client.post(reverse("mentors:contact_delete", args=[contact.pk])).status_code == 403


def test_csv_export_has_only_own_filtered_entries(client, mentor, other_mentor):
    task_a, task_b = MentorTaskFactory(number=1), MentorTaskFactory(number=2)
    ContactFactory(mentor=mentor, task=task_a, summary="=HYPERLINK(evil)")
    ContactFactory(mentor=mentor, task=task_b, summary="task b")
    ContactFactory(mentor=other_mentor, task=task_a, summary="not mine")
    client.force_login(mentor.user)
    response = client.get(reverse("mentors:contact_export"), {"task": task_a.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert len(rows) == 2
    assert rows[1][-1] == "'=HYPERLINK(evil)"
    assert rows[1][4] == str(task_a)
