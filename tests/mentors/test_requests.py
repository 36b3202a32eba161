import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from leadvet.lib import outbox
from mentors.models import Contact, ContactRequest, Mentor, Notice
from mentors.services import requests as request_services
from mentors.tasks import send_notice
from portal.sweeps import SWEEPS, run_sweeps
from tests.factories import ContactRequestFactory, VTEGroupFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name,args,method",
    [
        ("mentors:request_list", [], "get"),
        ("mentors:request_detail", [1], "get"),
        ("mentors:request_answer", [1], "post"),
        ("mentors:request_withdraw", [1], "post"),
        ("mentors:request_to_contact", [1], "post"),
    ],
)
def test_anonymous_visitor_is_sent_to_login(client, url_name, args, method):
    response = getattr(client, method)(reverse(url_name, args=args))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    "url_name", ["mentors:request_answer", "mentors:request_withdraw", "mentors:request_to_contact"]
)
def test_action_urls_refuse_get(client, mentor, url_name):
    contact_request = ContactRequestFactory(mentor=mentor)
    client.force_login(mentor.user)
    assert client.get(reverse(url_name, args=[contact_request.pk])).status_code == 405


def test_steering_group_has_no_requests_page(client, steering):
    client.force_login(steering)
    assert client.get(reverse("mentors:request_list")).status_code == 403


def test_mentor_sees_received_and_educator_only_sent_requests(
    client, mentor, other_mentor, teacher_educator
):
    received = ContactRequestFactory(mentor=mentor)
    sent = ContactRequestFactory(requester=teacher_educator, mentor=other_mentor)
    ContactRequestFactory(mentor=other_mentor)
    client.force_login(mentor.user)
    assert list(client.get(reverse("mentors:request_list")).context["page_obj"]) == [received]
    client.force_login(teacher_educator)
    assert list(client.get(reverse("mentors:request_list")).context["page_obj"]) == [sent]


def test_coordinator_sees_every_request(client, coordinator):
    ContactRequestFactory.create_batch(3)
    client.force_login(coordinator)
    assert len(client.get(reverse("mentors:request_list")).context["page_obj"]) == 3
    other = ContactRequestFactory()
    assert client.get(reverse("mentors:request_detail", args=[other.pk])).status_code == 200


def test_another_mentors_or_educators_request_answers_404(
    client, mentor, other_mentor, teacher_educator
):
    contact_request = ContactRequestFactory(mentor=other_mentor)
    for user in (mentor.user, teacher_educator):
        client.force_login(user)
        assert (
            client.get(reverse("mentors:request_detail", args=[contact_request.pk])).status_code
            == 404
        )
        for name in (
            "mentors:request_answer",
            "mentors:request_withdraw",
            "mentors:request_to_contact",
        ):
            assert (
                client.post(
                    reverse(name, args=[contact_request.pk]), {"decision": "accept"}
                ).status_code
                == 404
            )
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.OPEN


def test_mentor_accepts_with_a_message_and_the_educator_is_emailed(
    client, mentor, teacher_educator, django_capture_on_commit_callbacks
):
    contact_request = ContactRequestFactory(mentor=mentor, requester=teacher_educator)
    client.force_login(mentor.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentors:request_answer", args=[contact_request.pk]),
            {"decision": "accept", "message": "Happy to come on Tuesday."},
        )
    assert response.status_code == 302
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.ACCEPTED
    assert contact_request.response_message == "Happy to come on Tuesday."
    assert [m.to for m in mail.outbox] == [[teacher_educator.email]]
    assert "accepted" in mail.outbox[0].subject
    assert "Happy to come on Tuesday." in mail.outbox[0].body
    assert (
        Notice.objects.filter(kind=Notice.Kind.REQUEST_ANSWER, recipient=teacher_educator).count()
        == 1
    )


def test_mentor_declines_and_a_second_answer_is_refused(
    client, mentor, django_capture_on_commit_callbacks
):
    contact_request = ContactRequestFactory(mentor=mentor)
    client.force_login(mentor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mentors:request_answer", args=[contact_request.pk]), {"decision": "decline"}
        )
        client.post(
            reverse("mentors:request_answer", args=[contact_request.pk]), {"decision": "accept"}
        )
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.DECLINED
    assert len(mail.outbox) == 1


def test_answer_without_a_decision_is_refused(client, mentor):
    contact_request = ContactRequestFactory(mentor=mentor)
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:request_answer", args=[contact_request.pk]), {"message": "hm"}
    )
    assert response.status_code == 400
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.OPEN


def test_requester_and_coordinator_cannot_answer_for_the_mentor(
    client, mentor, teacher_educator, coordinator
):
    contact_request = ContactRequestFactory(mentor=mentor, requester=teacher_educator)
    for user in (teacher_educator, coordinator):
        client.force_login(user)
        response = client.post(
            reverse("mentors:request_answer", args=[contact_request.pk]), {"decision": "accept"}
        )
        assert response.status_code == 403
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.OPEN


def test_educator_withdraws_an_open_request(client, mentor, teacher_educator):
    contact_request = ContactRequestFactory(mentor=mentor, requester=teacher_educator)
    client.force_login(mentor.user)
    assert (
        client.post(reverse("mentors:request_withdraw", args=[contact_request.pk])).status_code
        == 403
    )
    client.force_login(teacher_educator)
    client.post(reverse("mentors:request_withdraw", args=[contact_request.pk]))
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.WITHDRAWN


def test_accepted_request_becomes_a_contact_in_one_click(client, mentor, teacher_educator):
    group = VTEGroupFactory(teacher_educator=teacher_educator)
    contact_request = ContactRequestFactory(
        mentor=mentor,
        requester=teacher_educator,
        vte_group=group,
        status=ContactRequest.Status.ACCEPTED,
    )
    client.force_login(mentor.user)
    detail = client.get(reverse("mentors:request_detail", args=[contact_request.pk]))
    assert (
        reverse("mentors:request_to_contact", args=[contact_request.pk]) in detail.content.decode()
    )
    response = client.post(reverse("mentors:request_to_contact", args=[contact_request.pk]))
    contact = Contact.objects.get()
    assert response["Location"] == reverse("mentors:contact_edit", args=[contact.pk])
    assert contact.request == contact_request
    assert contact.mentor == mentor
    assert contact.task == contact_request.task
    assert contact.vte_group == group
    assert contact.counterpart_kind == "teacher_educator"
    assert contact.college == mentor.college
    assert contact.date == timezone.localdate()
    client.post(reverse("mentors:request_to_contact", args=[contact_request.pk]))
    assert Contact.objects.count() == 1


def test_open_request_cannot_become_a_contact(client, mentor):
    contact_request = ContactRequestFactory(mentor=mentor)
    client.force_login(mentor.user)
    client.post(reverse("mentors:request_to_contact", args=[contact_request.pk]))
    assert not Contact.objects.exists()


def test_request_sweep_is_registered():
    assert "mentors.services.requests.enqueue_due_request_notices" in SWEEPS


def test_unanswered_request_reminds_the_mentor_after_5_days_once(
    mentor, django_capture_on_commit_callbacks
):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start):
        contact_request = ContactRequestFactory(mentor=mentor)
        answered = ContactRequestFactory(status=ContactRequest.Status.DECLINED)
    # Activity nudges (tests/mentors/test_activity_nudges.py) would go to these silent mentors too.
    Mentor.objects.update(nudges_paused=True)
    with time_machine.travel(start + datetime.timedelta(days=4)):
        with django_capture_on_commit_callbacks(execute=True):
            assert request_services.enqueue_due_request_notices() == 0
    with time_machine.travel(start + datetime.timedelta(days=5, minutes=1)):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                run_sweeps()
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
    assert "Reminder" in mail.outbox[0].subject
    assert Notice.objects.get(kind=Notice.Kind.REQUEST_REMINDER).key == str(contact_request.pk)
    assert not Notice.objects.filter(key=str(answered.pk)).exists()


def test_request_unanswered_for_10_days_is_told_to_each_coordinator_once(
    mentor, coordinator, django_capture_on_commit_callbacks
):
    second_coordinator = user_with_role(roles.COORDINATOR)
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start):
        contact_request = ContactRequestFactory(mentor=mentor)
    with time_machine.travel(start + datetime.timedelta(days=10, minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert request_services.enqueue_due_request_notices() == 3
        with django_capture_on_commit_callbacks(execute=True):
            assert request_services.enqueue_due_request_notices() == 0
    escalations = [m for m in mail.outbox if m.to != [mentor.user.email]]
    assert sorted(m.to[0] for m in escalations) == sorted(
        [coordinator.email, second_coordinator.email]
    )
    assert (
        Notice.objects.filter(
            kind=Notice.Kind.REQUEST_ESCALATION, key=str(contact_request.pk)
        ).count()
        == 2
    )
    assert len(mail.outbox) == 3


def test_reminder_owed_but_answered_before_sending_is_not_emailed(
    mentor, django_capture_on_commit_callbacks
):
    contact_request = ContactRequestFactory(mentor=mentor)
    notice = Notice.objects.create(
        kind=Notice.Kind.REQUEST_REMINDER, key=str(contact_request.pk), recipient=mentor.user
    )
    ContactRequest.objects.filter(pk=contact_request.pk).update(
        status=ContactRequest.Status.ACCEPTED
    )
    assert send_notice(notice.pk) is False
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert mail.outbox == []


def test_lost_request_email_is_sent_by_the_sweep(
    mentor, teacher_educator, django_capture_on_commit_callbacks
):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start):
        # The on-commit enqueue never runs: as if the broker lost the message.
        request_services.send_contact_request(
            requester=teacher_educator,
            mentor=mentor,
            topic="Lost",
            task=ContactRequestFactory().task,
        )
    assert mail.outbox == []
    with time_machine.travel(start + datetime.timedelta(minutes=15)):
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox.resend_unsent() == 1
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]


def test_mentor_sees_open_requests_on_home(client, mentor):
    ContactRequestFactory(mentor=mentor, topic="Come to our session")
    ContactRequestFactory(mentor=mentor, topic="Old one", status=ContactRequest.Status.DECLINED)
    client.force_login(mentor.user)
    content = client.get(reverse("home")).content.decode()
    assert "Come to our session" in content
    assert "Old one" not in content


def test_other_mentor_does_not_appear_in_home_requests(client, mentor, other_mentor):
    ContactRequestFactory(mentor=other_mentor, topic="Not for you")
    client.force_login(mentor.user)
    assert "Not for you" not in client.get(reverse("home")).content.decode()


def test_college_coordinator_sees_requests_to_their_colleges_mentors_only(
    client, mentor, other_mentor
):
    college_coordinator = user_with_role(roles.COLLEGE_COORDINATOR)
    mentor.college.coordinators.add(college_coordinator)
    ours = ContactRequestFactory(mentor=mentor)
    theirs = ContactRequestFactory(mentor=other_mentor)
    client.force_login(college_coordinator)
    assert list(client.get(reverse("mentors:request_list")).context["page_obj"]) == [ours]
    assert client.get(reverse("mentors:request_detail", args=[ours.pk])).status_code == 200
    assert client.get(reverse("mentors:request_detail", args=[theirs.pk])).status_code == 404
