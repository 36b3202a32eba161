"""Two-factor sign-in (allauth.mfa: an authenticator app and recovery codes), through the pages.

Codes are computed with allauth's own TOTP functions from the secret the activation page
shows, at moments the clock is moved to (time_machine), one 30-second period apart, so each
step has a code of its own (a code once used is refused). The secrets are drawn from a
seeded sequence: every run sees the same codes.
"""

import base64
import datetime
import hashlib
import itertools
import time

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from leadvet import roles
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
WRONG_CODE = "000000"  # no secret of these tests shows it at any of their moments


class Clock:
    """The test's clock, stopped; moved on one TOTP period at a time."""

    def __init__(self, traveller):
        self.traveller = traveller

    def next_period(self) -> None:
        self.traveller.shift(datetime.timedelta(seconds=mfa_settings.TOTP_PERIOD))

    @staticmethod
    def code(secret: str) -> str:
        """What the authenticator app shows now."""
        counter = int(time.time()) // mfa_settings.TOTP_PERIOD
        return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture(autouse=True)
def _seeded_secrets(monkeypatch):
    """The secrets an authenticator app is given, the same on every run (allauth draws them
    from `secrets`), so the codes of every step are too."""
    drawn = itertools.count(1)

    def next_secret(length: int = 20) -> str:
        seed = hashlib.sha256(f"totp-{next(drawn)}".encode()).digest()[:length]
        return base64.b32encode(seed).decode()

    monkeypatch.setattr(totp_auth, "generate_totp_secret", next_secret)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield Clock(traveller)


@pytest.fixture
def coordinator_user(settings):
    settings.MFA_REQUIRED_ROLES = [roles.COORDINATOR]
    user = user_with_role(roles.COORDINATOR, email="coordinator@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _password_step(client, user, password):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def _code_step(client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def _activation_secret(client, password) -> str:
    """Open the activation page, confirming the password first as allauth asks (changing the
    sign-in methods needs a fresh confirmation); the secret the app is to be given."""
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302:
        assert response.url.startswith(reverse("account_reauthenticate"))
        response = client.post(response.url, {"password": password}, follow=True)
    return response.context["form"].secret


def _enrol(client, clock, user, password) -> str:
    """Sign in with the password (no second step yet) and set up the authenticator app: the
    role requires it. Returns the secret the app was given."""
    response = _password_step(client, user, password)
    assert response.status_code == 302
    response = client.get(reverse("dashboard"))
    assert response.url == reverse("mfa_activate_totp")
    secret = _activation_secret(client, password)
    response = client.post(reverse("mfa_activate_totp"), {"code": clock.code(secret)})
    # Recovery codes come with the first authenticator.
    assert response.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return secret


def _recovery_codes(client) -> list[str]:
    return list(client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"])


def test_enrol_an_authenticator_then_sign_in_with_its_code(
    client, clock, coordinator_user, password
):
    secret = _enrol(client, clock, coordinator_user, password)
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("account_logout"))

    clock.next_period()
    response = _password_step(client, coordinator_user, password)
    assert response.url == reverse("mfa_authenticate")
    assert not _signed_in(client)  # the password alone is not enough

    response = _code_step(client, WRONG_CODE)
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not _signed_in(client)

    response = _code_step(client, clock.code(secret))
    assert response.status_code == 302
    assert _signed_in(client)
    assert client.get(reverse("dashboard")).status_code == 200

    # The same code again (someone who saw it over a shoulder): refused.
    client.post(reverse("account_logout"))
    _password_step(client, coordinator_user, password)
    response = _code_step(client, clock.code(secret))
    assert response.status_code == 200
    assert not _signed_in(client)


def test_a_recovery_code_signs_in_once(client, clock, coordinator_user, password):
    _enrol(client, clock, coordinator_user, password)
    codes = _recovery_codes(client)
    assert len(codes) == mfa_settings.RECOVERY_CODE_COUNT
    client.post(reverse("account_logout"))

    clock.next_period()
    _password_step(client, coordinator_user, password)
    assert _code_step(client, codes[0]).status_code == 302
    assert _signed_in(client)
    client.post(reverse("account_logout"))

    _password_step(client, coordinator_user, password)
    response = _code_step(client, codes[0])
    assert response.status_code == 200
    assert not _signed_in(client)
    assert _code_step(client, codes[1]).status_code == 302
    assert _signed_in(client)
    recovery_codes = RecoveryCodes(
        Authenticator.objects.get(user=coordinator_user, type=Authenticator.Type.RECOVERY_CODES)
    )
    assert recovery_codes.get_unused_codes() == codes[2:]


def test_a_lost_phone_is_replaced_with_a_recovery_code_and_a_new_enrolment(
    client, clock, coordinator_user, password
):
    old_secret = _enrol(client, clock, coordinator_user, password)
    old_codes = _recovery_codes(client)
    client.post(reverse("account_logout"))

    clock.next_period()
    # The phone is gone: a recovery code signs in ...
    _password_step(client, coordinator_user, password)
    assert _code_step(client, old_codes[0]).status_code == 302
    # ... the lost authenticator is removed (allauth asks for the password first, then
    # carries out the removal it interrupted) ...
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": password})
    assert not Authenticator.objects.filter(user=coordinator_user).exists()
    # ... and the role asks for a new one at once.
    response = client.get(reverse("dashboard"))
    assert response.url == reverse("mfa_activate_totp")
    new_secret = _activation_secret(client, password)
    assert new_secret != old_secret
    response = client.post(reverse("mfa_activate_totp"), {"code": clock.code(new_secret)})
    assert response.url == reverse("mfa_view_recovery_codes")
    new_codes = _recovery_codes(client)
    client.post(reverse("account_logout"))

    clock.next_period()
    # The lost phone's codes and the old recovery codes no longer sign in.
    _password_step(client, coordinator_user, password)
    assert _code_step(client, clock.code(old_secret)).status_code == 200
    assert _code_step(client, old_codes[1]).status_code == 200
    assert not _signed_in(client)
    assert set(new_codes).isdisjoint(old_codes)
    assert _code_step(client, clock.code(new_secret)).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_wrong_codes_lock_the_second_step_of_that_account(
    client, clock, coordinator_user, password
):
    secret = _enrol(client, clock, coordinator_user, password)
    client.post(reverse("account_logout"))
    clock.next_period()
    _password_step(client, coordinator_user, password)
    for _ in range(5):
        assert "Incorrect code" in _code_step(client, WRONG_CODE).content.decode()
    response = _code_step(client, clock.code(secret))
    assert "Too many failed" in response.content.decode()
    assert not _signed_in(client)
