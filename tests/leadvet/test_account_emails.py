"""allauth's account emails, through allauth's own flows: the portal's templates and name, the
recipient's language, links on the site's address, and the one outbox that sends them."""

import datetime
import email
import email.policy
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from leadvet.lib import outbox
from leadvet.models import AccountEmail
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def finnish_user():
    user = user_with_role(
        roles.MENTOR, email="maija@example.org", first_name="Maija", language="fi"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sent_message():
    [message] = mail.outbox
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def text_of(msg) -> str:
    return msg.get_body(("plain",)).get_content()


def link_in(text: str) -> str:
    return re.search(re.escape(settings.SITE_URL) + r"/\S+", text).group(0)


def ask_for_reset(client, address: str, browser_language: str):
    return client.post(
        reverse("account_reset_password"),
        {"email": address},
        HTTP_ACCEPT_LANGUAGE=browser_language,
    )


def test_password_reset_is_the_portals_own_email_in_the_users_language(
    client, finnish_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_reset(client, "maija@example.org", browser_language="en")

    assert response.status_code == 302
    msg = sent_message()
    text = text_of(msg)
    assert msg["Subject"] == "[LeadVET] Vaihda salasanasi"
    assert text.startswith("Hei Maija,")
    assert "LeadVET-mentoriverkosto" in text
    assert "Hello from" not in text and "testserver" not in text
    assert msg["Auto-Submitted"] == "auto-generated"
    # Sent by the outbox, and the link is not kept once sent.
    row = AccountEmail.objects.get()
    assert row.template == "account/email/password_reset_key" and row.user == finnish_user
    assert row.sent_at is not None and row.context == {}
    # The link is on the site's own address and works.
    link = link_in(text)
    response = client.get(urlsplit(link).path, follow=True)
    assert response.status_code == 200
    assert "password1" in response.context["form"].fields


def test_reset_for_an_address_without_account_is_in_the_browsers_language(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_reset(client, "ghost@example.org", browser_language="fi")

    msg = sent_message()
    assert msg["To"] == "ghost@example.org"
    assert msg["Subject"] == "[LeadVET] Salasanan vaihto: osoitteella ei ole tiliä"
    assert "ghost@example.org" in text_of(msg)
    assert AccountEmail.objects.get().user is None


def test_signing_in_with_an_unconfirmed_address_sends_the_portals_confirmation(
    client, password, django_capture_on_commit_callbacks
):
    user = user_with_role(roles.MENTOR, email="new@example.org", first_name="Niko")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_login"), {"login": user.email, "password": password})

    msg = sent_message()
    text = text_of(msg)
    assert msg["Subject"] == "[LeadVET] Confirm your email address"
    assert text.startswith("Hello Niko,")
    link = link_in(text)
    assert urlsplit(link).path.startswith("/accounts/confirm-email/")
    client.post(urlsplit(link).path)
    assert EmailAddress.objects.get(user=user).verified


def test_a_reset_asked_while_the_mail_server_is_down_is_sent_by_the_sweep(
    client, finnish_user, mail_server, django_capture_on_commit_callbacks
):
    mail_server.accept = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_reset(client, "maija@example.org", browser_language="fi")

    assert response.status_code == 302  # the person is not shown an error
    assert mail.outbox == []
    row = AccountEmail.objects.get()
    assert row.sent_at is None and row.context

    mail_server.accept = None  # the server is back; the sweep finds the email still owed
    with django_capture_on_commit_callbacks(execute=True):
        outbox.resend_unsent(now=timezone.now() + outbox.RESEND_AFTER)

    assert "Hei Maija," in text_of(sent_message())


def test_an_account_email_unsent_for_a_day_is_dropped(finnish_user):
    row = AccountEmail.objects.create(
        template="account/email/password_reset_key",
        address=finnish_user.email,
        user=finnish_user,
        language="fi",
        context={"password_reset_url": settings.SITE_URL + "/accounts/password/reset/key/x/"},
        created_at=timezone.now() - datetime.timedelta(hours=25),
    )

    assert outbox.deliver(AccountEmail, [row.pk]) == 0

    assert mail.outbox == []
    assert not AccountEmail.objects.exists()


def test_an_allauth_email_without_a_portal_template_is_refused():
    from leadvet.lib.accounts import PortalAccountAdapter

    with pytest.raises(ValueError, match="no template"):
        PortalAccountAdapter().send_mail("account/email/brand_new", "a@example.org", {})
    assert not AccountEmail.objects.exists()
