"""Logging a contact from the nudge email's signed links: no password, once, for a while,
for that one form only."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from leadvet.lib import outbox
from mentors.models import Contact, ContactLinkUse, Mentor, MentorTask, Notice
from mentors.services import contact_links
from mentors.services import nudges as nudge_services
from mentors.services.notices import activity_key
from tests.factories import ContactFactory, MentorFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor():
    # Signed in long ago: activity nudges wait for a first sign-in and a fair period after it.
    user = user_with_role(
        roles.MENTOR, first_login_at=timezone.now() - datetime.timedelta(days=400)
    )
    mentor = MentorFactory(
        user=user, official_status_date=timezone.localdate() - datetime.timedelta(days=90)
    )
    mentor.tasks.set(MentorTask.objects.order_by("number")[:2])
    return mentor


def nudge_links(mentor) -> list[str]:
    """Send the mentor their activity nudge through the outbox; the links in its text."""
    notice = Notice.objects.create(
        kind=Notice.Kind.ACTIVITY_NUDGE, key=activity_key(None), recipient=mentor.user
    )
    assert outbox.deliver(Notice, [notice.pk]) == 1
    [message] = mail.outbox
    return re.findall(r"https?://\S+/contacts/link/\S+/", message.body)


def path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def quick_form(task: MentorTask, **overrides) -> dict:
    return {
        "date": timezone.localdate().isoformat(),
        "counterpart_kind": "teacher_student",
        "task": task.pk,
        "channel": "phone",
        "duration_minutes": "20",
        "summary": "",
    } | overrides


def test_the_nudge_email_links_each_task_another_task_and_no_contacts(mentor):
    links = nudge_links(mentor)
    first, second = mentor.tasks.order_by("number")
    # Task 1, task 2, another task…, and "no contacts this month".
    assert len(links) == 4
    assert len(set(links)) == 4
    assert links[3].endswith("/none/")
    body = mail.outbox[0].body
    assert f"Yes, a contact: {first.name}" in body and "another task" in body


def test_a_mentor_logs_a_contact_from_the_link_without_a_password(client, mentor):
    """Done when: from the nudge email's link a mentor logs a contact without a password; the
    same link used again is refused; it opens nothing else."""
    task_link = path(nudge_links(mentor)[1])
    second_task = mentor.tasks.order_by("number")[1]

    page = client.get(task_link)
    assert page.status_code == 200
    assert page.context["form"].initial["task"] == second_task.pk
    assert mentor.name in page.text

    done = client.post(task_link, quick_form(second_task))
    assert done.status_code == 200
    assert "The contact was logged" in done.text
    contact = Contact.objects.get()
    assert (contact.mentor, contact.task, contact.duration_minutes) == (mentor, second_task, 20)
    assert ContactLinkUse.objects.get().contact == contact

    # Used: refused, with a page that says so; nothing saved twice.
    again = client.get(task_link)
    assert again.status_code == 410 and "already been used" in again.text
    assert client.post(task_link, quick_form(second_task)).status_code == 410
    assert Contact.objects.count() == 1

    # It opened nothing else: no session, every other page asks for a login.
    assert "_auth_user_id" not in client.session
    for name in ("home", "mentors:contact_list", "mentors:contact_create", "mentors:profile"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    contact_page = client.get(reverse("mentors:contact_detail", args=[contact.pk]))
    assert contact_page.status_code == 302


def test_an_expired_link_is_refused_with_a_clear_page(client, mentor):
    task_link = path(nudge_links(mentor)[0])
    later = timezone.now() + datetime.timedelta(days=contact_links.LINK_DAYS, hours=1)
    with time_machine.travel(later):
        response = client.get(task_link)
        assert response.status_code == 410
        assert "This link has expired" in response.text
        assert client.post(task_link, quick_form(MentorTask.objects.first())).status_code == 410
    assert not Contact.objects.exists()


def test_an_altered_link_is_refused(client, mentor):
    task_link = path(nudge_links(mentor)[0])
    altered = task_link.replace("/link/", "/link/x")
    response = client.get(altered)
    assert response.status_code == 404 and "not valid" in response.text


def test_a_link_serves_its_one_purpose_only(client, mentor):
    links = [path(link) for link in nudge_links(mentor)]
    log_token = links[0].split("/")[-2]
    pause_token = links[3].split("/")[-3]
    assert client.get(reverse("mentors:contact_link_pause", args=[log_token])).status_code == 404
    assert client.get(reverse("mentors:contact_link", args=[pause_token])).status_code == 404
    # Another signed value of the portal (an unsubscribe link) is no contact link either.
    from leadvet.lib.unsubscribe import make_token

    other = make_token(mentor.user.email, "activity_nudges")
    assert client.get(reverse("mentors:contact_link", args=[other])).status_code == 404


def test_bad_input_is_explained_and_leaves_the_link_usable(client, mentor):
    task_link = path(nudge_links(mentor)[0])
    task = MentorTask.objects.first()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(task_link, quick_form(task, date=tomorrow))
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.text
    assert not Contact.objects.exists() and not ContactLinkUse.objects.exists()
    assert client.post(task_link, quick_form(task)).status_code == 200
    assert Contact.objects.count() == 1


def test_no_contacts_this_month_pauses_the_nudges_once_confirmed(client, mentor):
    pause_link = path(nudge_links(mentor)[3])
    # Opening the link (or a mail scanner following it) changes nothing.
    page = client.get(pause_link)
    assert page.status_code == 200 and "Confirm: no contacts this month" in page.text
    assert not ContactLinkUse.objects.exists()

    mail.outbox.clear()
    Notice.objects.all().delete()
    response = client.post(pause_link)
    assert response.status_code == 200 and "the reminders pause" in response.text
    assert ContactLinkUse.objects.get().purpose == ContactLinkUse.Purpose.PAUSE
    assert nudge_services.enqueue_activity_nudges() == 0
    assert client.post(pause_link).status_code == 410
    # A month on, the nudges come again.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        assert nudge_services.enqueue_activity_nudges() == 1
    assert "_auth_user_id" not in client.session


def test_a_link_of_an_anonymised_or_closed_account_is_refused(client, mentor):
    task_link = path(nudge_links(mentor)[0])
    mentor.user.is_active = False
    mentor.user.save()
    assert client.get(task_link).status_code == 404


def test_a_contact_logged_since_makes_the_nudge_unwanted(mentor):
    ContactFactory(mentor=mentor)
    notice = Notice.objects.create(
        kind=Notice.Kind.ACTIVITY_NUDGE, key=activity_key(None), recipient=mentor.user
    )
    outbox.deliver(Notice, [notice.pk])
    assert mail.outbox == []
    assert Mentor.objects.filter(pk=mentor.pk).exists()
