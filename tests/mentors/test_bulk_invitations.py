"""Inviting many mentors at once: from the pool list as filtered, and from an import
(issue 22, item 3). Count and confirmation first; the expired invited again; the outbox sends."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadvet.models import AuditEvent
from mentors.models import Invitation, Mentor, MentorImport, Notice
from mentors.services import invitations as invitation_services
from tests.factories import (
    MentorFactory,
    MentorInvitationFactory,
    PartnerCollegeFactory,
    college_coordinator_for,
)

pytestmark = pytest.mark.django_db

BULK = reverse("mentors:bulk_invite")


@pytest.fixture
def pool():
    """One mentor in each state the page tells apart."""
    college = PartnerCollegeFactory(name="Varia")
    never = MentorFactory(college=college)
    expired = MentorFactory(college=college)
    MentorInvitationFactory(
        user=expired.user,
        sent_at=timezone.now() - datetime.timedelta(days=20),
        expires_at=timezone.now() - datetime.timedelta(days=6),
    )
    waiting = MentorFactory(college=college)
    MentorInvitationFactory(user=waiting.user, sent_at=timezone.now())
    signed_in = MentorFactory(college=college)
    signed_in.user.last_login = timezone.now()
    signed_in.user.save(update_fields=["last_login"])
    alumnus = MentorFactory(college=college, status=Mentor.Status.ALUMNI)
    return {
        "college": college,
        "never": never,
        "expired": expired,
        "waiting": waiting,
        "signed_in": signed_in,
        "alumnus": alumnus,
    }


def test_the_confirmation_page_counts_who_gets_one_and_sends_nothing(client, coordinator, pool):
    client.force_login(coordinator)
    response = client.get(BULK)
    assert response.status_code == 200
    content = response.content.decode()
    assert "2 mentors will get an invitation:" in content
    assert "1 never invited" in content
    assert "1 whose invitation link expired" in content
    assert "3 more are left out" in content
    assert "Send 2 invitations" in content
    assert {m.pk for m in response.context["preview"]} == {pool["never"].pk, pool["expired"].pk}
    assert mail.outbox == [] and not Notice.objects.exists()


def test_sending_invites_the_never_invited_and_reinvites_the_expired_once(
    client, coordinator, pool, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    old_key = Invitation.objects.get(user=pool["expired"].user).key
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BULK)
    assert response.status_code == 302 and response["Location"] == reverse("mentors:list")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [pool["never"].user.email, pool["expired"].user.email]
    )
    renewed = Invitation.objects.get(user=pool["expired"].user)
    assert renewed.key != old_key and renewed.expires_at > timezone.now()
    assert Invitation.objects.get(user=pool["never"].user).invited_by == coordinator
    for name in ("waiting", "signed_in", "alumnus"):
        assert Notice.objects.filter(recipient=pool[name].user).count() == 0, name
    event = AuditEvent.objects.get(action=AuditEvent.Action.BULK_INVITATION)
    assert event.actor == coordinator and event.target.startswith("1 new, 1 again")
    assert "2 invitations are on their way." in client.get(reverse("mentors:list")).content.decode()

    # Sent twice (a double click): nobody is waiting any more, nothing more goes out.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(BULK)
    assert mail.outbox == []


def test_the_list_filters_narrow_who_is_invited(
    client, coordinator, pool, django_capture_on_commit_callbacks
):
    other = MentorFactory(college=PartnerCollegeFactory(name="Ekami"))
    client.force_login(coordinator)
    query = {"college": pool["college"].pk, "invitation": "expired"}
    response = client.get(BULK, query)
    assert [m.pk for m in response.context["preview"]] == [pool["expired"].pk]
    assert "Invitation: Invitation expired" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{BULK}?college={pool['college'].pk}&invitation=expired")
    assert [message.to for message in mail.outbox] == [[pool["expired"].user.email]]
    assert not Invitation.objects.filter(user=other.user).exists()


def test_an_invalid_filter_refuses_instead_of_inviting_everyone(client, coordinator, pool):
    client.force_login(coordinator)
    response = client.post(f"{BULK}?college=999999", follow=True)
    assert "The list&#x27;s filters are not valid" in response.content.decode()
    assert not Notice.objects.exists()


def test_a_college_coordinator_invites_only_their_own_colleges_mentors(
    client, pool, django_capture_on_commit_callbacks
):
    elsewhere = MentorFactory(college=PartnerCollegeFactory(name="Ekami"))
    client.force_login(college_coordinator_for(pool["college"]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(BULK)
    assert len(mail.outbox) == 2
    assert not Invitation.objects.filter(user=elsewhere.user).exists()
    # Naming another college in the filter is no way round it.
    response = client.get(BULK, {"college": elsewhere.college_id})
    assert response.status_code == 302


@pytest.mark.parametrize("fixture", ["teacher_educator", "steering"])
def test_roles_outside_the_pool_cannot_bulk_invite(client, request, fixture, pool):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(BULK).status_code == 403
    assert client.post(BULK).status_code == 403
    assert not Notice.objects.exists()


def test_nobody_to_invite_says_so(client, coordinator):
    MentorFactory().user.__class__.objects.update(last_login=timezone.now())
    client.force_login(coordinator)
    content = client.get(BULK).content.decode()
    assert "Nobody here is waiting for an invitation" in content
    assert "Send 0" not in content


def test_the_list_links_to_the_bulk_invitation_with_its_filters(client, coordinator, pool):
    client.force_login(coordinator)
    content = client.get(reverse("mentors:list"), {"status": "active"}).content.decode()
    assert f'href="{BULK}?status=active"' in content


def test_confirmation_page_queries_do_not_grow_with_the_mentors(
    client, coordinator, pool, django_assert_max_num_queries
):
    client.force_login(coordinator)
    client.get(BULK)
    for _ in range(10):
        MentorFactory(college=pool["college"])
    with django_assert_max_num_queries(20):
        assert client.get(BULK).status_code == 200


def test_at_most_the_limit_goes_out_per_click(
    client, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(invitation_services, "MAX_BULK_INVITATIONS", 2)
    MentorFactory.create_batch(3)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BULK, follow=True)
    assert len(mail.outbox) == 2
    assert "1 more mentor is still to be invited" in response.content.decode()


# From an import


def finished_import(*mentors: Mentor, status=MentorImport.Status.DONE) -> MentorImport:
    rows = [{"line": n + 2, "email": m.user.email.upper()} for n, m in enumerate(mentors)]
    return MentorImport.objects.create(
        filename="autumn.csv", status=status, total=len(rows), processed=len(rows), rows=rows
    )


def test_an_import_invites_its_own_mentors_only(
    client, coordinator, pool, django_capture_on_commit_callbacks
):
    imported = [MentorFactory(), MentorFactory()]
    mentor_import = finished_import(*imported, pool["waiting"])
    url = reverse("mentors:import_invite", args=[mentor_import.pk])
    client.force_login(coordinator)
    detail = client.get(reverse("mentors:import_detail", args=[mentor_import.pk]))
    assert url in detail.content.decode()
    content = client.get(url).content.decode()
    assert "Mentors of the import “autumn.csv”" in content
    assert "Send 2 invitations" in content and "1 more is left out" in content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == reverse("mentors:import_detail", args=[mentor_import.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in imported)
    assert "import" in AuditEvent.objects.get(action="bulk_invitation").target


def test_an_import_not_run_yet_has_nobody_to_invite(client, coordinator):
    mentor_import = finished_import(MentorFactory(), status=MentorImport.Status.VALID)
    client.force_login(coordinator)
    response = client.post(reverse("mentors:import_invite", args=[mentor_import.pk]), follow=True)
    assert "Mentors can be invited once the import has run." in response.content.decode()
    assert not Notice.objects.exists()


def test_a_college_coordinator_cannot_invite_an_import(client, pool):
    mentor_import = finished_import(pool["never"])
    client.force_login(college_coordinator_for(pool["college"]))
    url = reverse("mentors:import_invite", args=[mentor_import.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not Notice.objects.exists()
