"""Deploy hardening: CSP, session expiry, mandatory two-factor for chosen roles, the audit log."""

import datetime
import re

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from leadvet.models import AuditEvent
from tests.downloads import csv_rows, through_job
from tests.factories import (
    EventFactory,
    MentorFactory,
    RegistrationFactory,
    SurveyFactory,
    UserFactory,
    user_with_role,
)

# --- Content Security Policy ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "home", "events:list", "dashboard", "mentors:list", "surveys:list"],
)
def test_pages_send_a_strict_csp_without_unsafe_inline(client, coordinator, url_name):
    if url_name != "account_login":
        client.force_login(coordinator)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert re.search(r"script-src 'self'( 'nonce-[\w+/=-]+')?;", policy), policy
    assert "style-src 'self';" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy


# --- Session expiry ------------------------------------------------------------------------


def test_a_session_expires_after_session_cookie_age(client, mentor, password):
    client.post(reverse("account_login"), {"login": mentor.user.email, "password": password})
    # The login needs a verified email; sign in directly if the test user has none.
    if "_auth_user_id" not in client.session:
        client.force_login(mentor.user)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert client.get(reverse("home")).status_code == 200
    later = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later, tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_session_is_still_valid_just_before_it_expires(client, mentor):
    client.force_login(mentor.user)
    almost = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    with time_machine.travel(almost, tick=False):
        assert client.get(reverse("home")).status_code == 200


# --- Mandatory two-factor authentication ---------------------------------------------------


@pytest.fixture
def mfa_for_coordinators(settings):
    settings.MFA_REQUIRED_ROLES = [roles.COORDINATOR, roles.STEERING]


def test_mfa_is_optional_by_default(client, coordinator):
    assert settings.MFA_REQUIRED_ROLES == []
    client.force_login(coordinator)
    assert client.get(reverse("dashboard")).status_code == 200


def test_coordinator_without_an_authenticator_is_sent_to_set_one_up(
    client, coordinator, mfa_for_coordinators
):
    client.force_login(coordinator)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    page = client.get(response.url, follow=True)
    assert page.status_code == 200
    assert "two-factor authentication" in page.content.decode()


def test_steering_member_without_an_authenticator_is_sent_to_set_one_up(
    client, steering, mfa_for_coordinators
):
    client.force_login(steering)
    assert client.get(reverse("reports")).url == reverse("mfa_activate_totp")


def test_the_two_factor_pages_and_logout_stay_open(client, coordinator, mfa_for_coordinators):
    client.force_login(coordinator)
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("healthz")).status_code in (200, 503)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_coordinator_with_totp_uses_the_portal(client, coordinator, mfa_for_coordinators):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)
    assert client.get(reverse("dashboard")).status_code == 200


def test_roles_not_listed_are_not_asked_for_mfa(client, mentor, mfa_for_coordinators):
    client.force_login(mentor.user)
    assert client.get(reverse("home")).status_code == 200


def test_unknown_role_in_mfa_required_roles_stops_start_up():
    from tests.leadvet.test_settings import _manage

    result = _manage("check", MFA_REQUIRED_ROLES="Coordinator,Wizard")
    assert result.returncode != 0
    assert "MFA_REQUIRED_ROLES" in result.stderr.strip().splitlines()[-1]


# --- Audit log -----------------------------------------------------------------------------


def _exports(actor):
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, actor=actor))


@pytest.mark.parametrize("url_name", ["mentors:export_csv", "mentors:export_xlsx"])
def test_mentor_list_export_is_audited(client, coordinator, url_name):
    MentorFactory()
    client.force_login(coordinator)
    response = client.get(reverse(url_name), {"q": "x"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    [event] = _exports(coordinator)
    assert event.target.startswith("mentor list .")
    assert "q=x" in event.target
    assert event.ip == "203.0.113.7"


def test_contact_export_is_audited(client, mentor):
    client.force_login(mentor.user)
    response = client.get(reverse("mentors:contact_export"))
    b"".join(response.streaming_content)
    [event] = _exports(mentor.user)
    assert f"contacts of mentor {mentor.pk}" in event.target


@pytest.mark.parametrize("kind", ["raw", "summary"])
def test_survey_exports_are_audited_when_asked_for_and_when_downloaded(client, coordinator, kind):
    survey = SurveyFactory(title="Wellbeing 2026")
    client.force_login(coordinator)
    url = reverse("surveys:export", args=[survey.pk, kind, "csv"])
    assert client.get(url).status_code == 200  # the button that starts the job
    assert _exports(coordinator) == []
    job = through_job(client, url).job
    asked, downloaded = sorted(_exports(coordinator), key=lambda event: event.pk)
    assert asked.target == f"survey {survey.pk} (Wellbeing 2026) {kind} .csv (job {job.pk})"
    assert downloaded.target == f"download of job {job.pk}: {job.title} ({job.filename})"


def test_refused_survey_export_is_not_audited(client, mentor):
    survey = SurveyFactory()
    client.force_login(mentor.user)
    assert client.get(reverse("surveys:export", args=[survey.pk, "raw", "csv"])).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_report_export_is_audited(client, steering):
    client.force_login(steering)
    through_job(client, reverse("report_export", args=["csv"]))
    asked, downloaded = sorted(_exports(steering), key=lambda event: event.pk)
    assert asked.target.startswith("steering report ")
    assert downloaded.target.startswith("download of job ")


def test_attendee_export_is_audited_and_neutralises_formulas(client, coordinator):
    registration = RegistrationFactory(user=UserFactory(first_name="=HYPERLINK(1)", last_name="X"))
    client.force_login(coordinator)
    response = client.get(reverse("events:attendees_csv", args=[registration.event.pk]))
    assert csv_rows(response)[1][0] == "'=HYPERLINK(1) X"
    [event] = _exports(coordinator)
    assert event.target == f"attendees of event {registration.event.pk} .csv"


def test_role_changes_are_audited_with_the_acting_admin(client, db):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    user = UserFactory(email="newcoordinator@example.org")
    group = roles.role_group(roles.COORDINATOR)
    client.force_login(admin_user)
    change_url = reverse("admin:leadvet_user_change", args=[user.pk])
    form = client.get(change_url).context["adminform"].form
    data = {
        key: value for key, value in form.initial.items() if value is not None and key != "groups"
    }
    data.update({"groups": [group.pk], "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"})
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data.pop("password", None)
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_ADDED)
    assert event.actor == admin_user
    assert event.target == "newcoordinator@example.org: Coordinator"


def test_role_removal_from_either_side_is_audited(db):
    user = user_with_role(roles.STEERING, email="board@example.org")
    group = roles.role_group(roles.STEERING)
    group.user_set.remove(user)
    user.groups.add(group)
    user.groups.clear()
    actions = list(
        AuditEvent.objects.filter(target="board@example.org: Steering group")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["role_added", "role_removed", "role_added", "role_removed"]


def test_audit_log_is_read_only_in_the_admin(client, db):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    EventFactory()
    client.force_login(admin_user)
    client.post(reverse("report_export", args=["csv"]))  # asked for: audited
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    changelist = client.get(reverse("admin:leadvet_auditevent_changelist"))
    assert changelist.status_code == 200
    assert "steering report" in changelist.content.decode()
    assert client.get(reverse("admin:leadvet_auditevent_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:leadvet_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
