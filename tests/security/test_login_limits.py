"""Failed sign-ins are limited by account and by address (settings.ACCOUNT_RATE_LIMITS).

Strict per account (5 in 5 minutes, from anywhere): no account can be brute-forced.
Generous per address: behind a proxy every user may share one address, and one person's
mistakes (or an attacker's) must not lock everyone else out. A declared proxy
(TRUSTED_PROXY_COUNT) makes the address the client's; an undeclared one's forwarded
header is ignored, so writing any address into it evades nothing.
"""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from leadvet import roles
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the address every request comes from behind the institution's proxy
LOCKED = "Too many failed"


def _verified_user(email: str):
    user = user_with_role(roles.MENTOR, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _sign_in(client, email: str, password: str, **headers):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=headers.pop("remote_addr", PROXY),
        headers=headers,
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_bad_passwords_on_one_account_do_not_lock_another_account_behind_the_same_proxy(
    client, password
):
    _verified_user("alice@example.org")
    bob = _verified_user("bob@example.org")
    for _ in range(5):
        response = _sign_in(client, "alice@example.org", "wrong")
        assert "not correct" in response.content.decode()

    response = _sign_in(client, "bob@example.org", password)
    assert response.status_code == 302
    assert _signed_in(client)
    assert int(client.session["_auth_user_id"]) == bob.pk


def test_an_account_with_five_failures_is_locked_from_every_address(client, password):
    _verified_user("alice@example.org")
    for _ in range(5):
        _sign_in(client, "alice@example.org", "wrong")

    # Even the right password, even from another address: 5 guesses per 5 minutes, no more.
    for address in (PROXY, "192.0.2.77"):
        response = _sign_in(client, "alice@example.org", password, remote_addr=address)
        assert LOCKED in response.content.decode()
        assert not _signed_in(client)


def test_an_address_spraying_many_accounts_is_stopped_at_the_per_address_limit(
    client, settings, password
):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "3/5m/ip,5/5m/key",
    }
    for number in range(3):
        _sign_in(client, f"user{number}@example.org", "guess")
    _verified_user("victim@example.org")
    response = _sign_in(client, "victim@example.org", password)
    assert LOCKED in response.content.decode()
    # Another address is not affected.
    assert (
        _sign_in(client, "victim@example.org", password, remote_addr="192.0.2.10").status_code
        == 302
    )


def test_a_declared_proxy_makes_the_limit_per_client_address(client, settings, password):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "3/5m/ip,5/5m/key",
    }
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for number in range(3):
        _sign_in(client, f"user{number}@example.org", "guess", x_forwarded_for="203.0.113.5")
    _verified_user("colleague@example.org")

    # The attacker's client address is stopped ...
    response = _sign_in(client, "colleague@example.org", password, x_forwarded_for="203.0.113.5")
    assert LOCKED in response.content.decode()
    # ... a colleague behind the same proxy is not.
    response = _sign_in(client, "colleague@example.org", password, x_forwarded_for="203.0.113.6")
    assert response.status_code == 302
    assert _signed_in(client)


def test_an_undeclared_proxys_forwarded_header_is_ignored(client, settings, password):
    """Without TRUSTED_PROXY_COUNT a client could write any address into X-Forwarded-For:
    the limit stays on the connection's address."""
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "3/5m/ip,5/5m/key",
    }
    for number in range(3):
        _sign_in(
            client, f"user{number}@example.org", "guess", x_forwarded_for=f"198.51.100.{number}"
        )
    _verified_user("next@example.org")
    response = _sign_in(client, "next@example.org", password, x_forwarded_for="198.51.100.99")
    assert LOCKED in response.content.decode()
