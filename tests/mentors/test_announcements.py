import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import formats, translation

from mentors.models import Announcement, Notice
from mentors.tasks import fan_out_announcement
from tests.factories import (
    AnnouncementFactory,
    CountryFactory,
    MentorFactory,
    PartnerCollegeFactory,
)

pytestmark = pytest.mark.django_db


def create_and_confirm(client, data):
    """Write the announcement, then confirm it on its preview page, as a coordinator does."""
    response = client.post(reverse("mentors:announcement_create"), data)
    assert response.status_code == 302 and "/preview/" in response["Location"]
    return client.post(response["Location"])


@pytest.mark.parametrize(
    "url_name,args",
    [
        ("mentors:announcement_list", []),
        ("mentors:announcement_create", []),
        ("mentors:announcement_edit", [1]),
        ("mentors:announcement_delete", [1]),
    ],
)
def test_anonymous_visitor_is_sent_to_login(client, url_name, args):
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    "url_name,needs_object",
    [
        ("mentors:announcement_list", False),
        ("mentors:announcement_create", False),
        ("mentors:announcement_edit", True),
        ("mentors:announcement_delete", True),
    ],
)
def test_only_coordinators_manage_announcements(
    client, mentor, teacher_educator, url_name, needs_object
):
    args = [AnnouncementFactory().pk] if needs_object else []
    for user in (mentor.user, teacher_educator):
        client.force_login(user)
        assert client.get(reverse(url_name, args=args)).status_code == 403
        assert client.post(reverse(url_name, args=args), {"title": "x"}).status_code == 403
    assert Announcement.objects.count() == (1 if needs_object else 0)


def test_coordinator_posts_to_all_mentors_and_each_is_emailed_once_in_their_language(
    client, coordinator, django_capture_on_commit_callbacks
):
    english = MentorFactory()
    finnish = MentorFactory()
    finnish.user.language = "fi"
    finnish.user.save()
    MentorFactory(status="alumni")
    client.force_login(coordinator)
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            response = create_and_confirm(
                client,
                {"title": "Spring training", "body": "Join us on 11 April.", "audience": "all"},
            )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.author == coordinator
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {english.user.email, finnish.user.email}
    # The publication date in each recipient's own language and date format.
    published = datetime.date(2026, 11, 25)
    for mentor, language in ((english, "en"), (finnish, "fi")):
        with translation.override(language):
            expected = formats.date_format(published, "DATE_FORMAT")
        assert expected in by_recipient[mentor.user.email].body
    assert "marraskuuta" in by_recipient[finnish.user.email].body
    with django_capture_on_commit_callbacks(execute=True):
        fan_out_announcement.delay(announcement.pk)
    assert len(mail.outbox) == 2
    assert (
        Notice.objects.filter(kind=Notice.Kind.ANNOUNCEMENT, key=str(announcement.pk)).count() == 2
    )


def test_country_and_college_announcements_reach_only_their_audience(
    client, coordinator, django_capture_on_commit_callbacks
):
    finland = CountryFactory()
    estonia = CountryFactory(code="EE", name="Estonia")
    college = PartnerCollegeFactory(country=finland)
    in_college = MentorFactory(college=college)
    MentorFactory(college=PartnerCollegeFactory(country=finland))
    in_estonia = MentorFactory(college=PartnerCollegeFactory(country=estonia))
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        create_and_confirm(
            client,
            {"title": "Estonia", "body": "Tere", "audience": "country", "country": estonia.pk},
        )
    assert [m.to for m in mail.outbox] == [[in_estonia.user.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        create_and_confirm(
            client,
            {"title": "College", "body": "Hei", "audience": "college", "college": college.pk},
        )
    assert [m.to for m in mail.outbox] == [[in_college.user.email]]


@pytest.mark.parametrize("audience,field", [("country", "country"), ("college", "college")])
def test_announcement_without_its_target_is_refused_next_to_the_field(
    client, coordinator, audience, field
):
    client.force_login(coordinator)
    response = client.post(
        reverse("mentors:announcement_create"), {"title": "T", "body": "B", "audience": audience}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Announcement.objects.exists()


def test_announcements_show_on_the_home_page_of_mentors_in_the_audience(
    client, mentor, other_mentor
):
    AnnouncementFactory(title="For everyone")
    AnnouncementFactory(title="For my college", audience="college", college=mentor.college)
    AnnouncementFactory(
        title="For another college", audience="college", college=other_mentor.college
    )
    client.force_login(mentor.user)
    content = client.get(reverse("home")).content.decode()
    assert "For everyone" in content
    assert "For my college" in content
    assert "For another college" not in content


def test_coordinator_edits_without_emailing_again(
    client, coordinator, mentor, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        create_and_confirm(client, {"title": "Old", "body": "B", "audience": "all"})
    announcement = Announcement.objects.get()
    assert len(mail.outbox) == 1
    assert client.get(reverse("mentors:announcement_list")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentors:announcement_edit", args=[announcement.pk]),
            {"title": "New title", "body": "B", "audience": "all"},
        )
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.title == "New title"
    assert len(mail.outbox) == 1
    # Its preview has nobody left to email: no button to send it again.
    preview = client.get(reverse("mentors:announcement_preview", args=[announcement.pk]))
    assert "0 not emailed yet" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentors:announcement_preview", args=[announcement.pk]))
    assert len(mail.outbox) == 1


def test_coordinator_deletes_an_announcement(client, coordinator):
    announcement = AnnouncementFactory()
    client.force_login(coordinator)
    assert (
        client.get(reverse("mentors:announcement_delete", args=[announcement.pk])).status_code
        == 200
    )
    assert (
        client.post(reverse("mentors:announcement_delete", args=[announcement.pk])).status_code
        == 302
    )
    assert not Announcement.objects.exists()


def test_unknown_announcement_answers_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("mentors:announcement_edit", args=[999999])).status_code == 404


def test_coordinator_opens_the_announcement_forms(client, coordinator):
    announcement = AnnouncementFactory(title="Existing")
    client.force_login(coordinator)
    assert client.get(reverse("mentors:announcement_create")).status_code == 200
    response = client.get(reverse("mentors:announcement_edit", args=[announcement.pk]))
    assert response.status_code == 200
    assert "Existing" in response.content.decode()


def test_the_sweep_fans_out_an_announcement_whose_task_was_lost(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Published while the broker was down: the fan-out task never ran, so no email is owed;
    the sweep owes and sends them (once) when it is ten minutes late, and never twice."""
    from mentors.services.announcements import fan_out_lost_announcements

    mentors = [MentorFactory(), MentorFactory()]
    published = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    lost = AnnouncementFactory(published_at=published)
    assert not Notice.objects.exists()

    assert fan_out_lost_announcements(published + datetime.timedelta(minutes=5)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert fan_out_lost_announcements(published + datetime.timedelta(minutes=11)) == 2
    assert {notice.recipient_id for notice in Notice.objects.filter(key=str(lost.pk))} == {
        mentor.user_id for mentor in mentors
    }
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        mentor.user.email for mentor in mentors
    )
    assert fan_out_lost_announcements(published + datetime.timedelta(minutes=20)) == 0
    assert len(mailoutbox) == 2


def test_the_sweep_gives_up_on_an_announcement_a_week_old():
    from mentors.services.announcements import fan_out_lost_announcements

    MentorFactory()
    published = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    AnnouncementFactory(published_at=published)
    assert fan_out_lost_announcements(published + datetime.timedelta(days=8)) == 0
    assert not Notice.objects.exists()
