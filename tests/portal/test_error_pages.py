"""With DEBUG off, errors show the portal's own pages in the visitor's language; the favicon
is there; the login page names the demo logins only on a development site that has them."""

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from leadvet import roles
from portal.demo.content import COORDINATOR_EMAIL, DEMO_PASSWORD
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def finnish_client(**kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    return client


def test_a_missing_page_is_the_portals_own_page_in_the_visitors_language(production):
    response = finnish_client().get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="fi">' in body
    assert "<h1>Sivua ei löydy</h1>" in body
    assert reverse("legal_privacy") in body  # the portal's layout, with its footer


def test_a_forbidden_page_is_the_portals_own_page_for_the_signed_in_user(production, client):
    mentor = user_with_role(roles.MENTOR, email="m@example.org", language="fi")
    client.force_login(mentor)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>Ei sallittu</h1>" in body
    assert 'id="nav-account"' in body  # the navigation of a signed-in user


def test_a_server_error_is_the_portals_own_page(production, settings):
    settings.ROOT_URLCONF = "tests.portal.failing_urls"
    response = finnish_client(raise_request_exception=False).get("/fail/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Jokin meni vikaan</h1>" in body
    assert "RuntimeError" not in body


def test_a_bad_request_is_the_portals_own_page(production):
    # Django renders the 400 page without the request (the host was refused before the
    # language was chosen), so the page is told by its layout, not its words.
    response = Client().get("/", HTTP_HOST="not-allowed.example.com")
    assert response.status_code == 400
    body = response.content.decode()
    assert "<h1>" in body
    assert 'class="navbar-brand fw-semibold" href="/">LeadVET</a>' in body
    assert f'href="{reverse("legal_accessibility")}"' in body


def test_a_form_sent_without_its_csrf_token_explains_what_to_do():
    response = finnish_client(enforce_csrf_checks=True).post(
        reverse("account_login"), {"login": "a@example.org", "password": "x"}
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>Lomake oli vanhentunut</h1>" in body
    assert "Mitään ei tallennettu" in body


def test_favicon_is_served_at_the_site_root(production, client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    content = b"".join(response.streaming_content)
    with open(finders.find("favicon.ico"), "rb") as handle:
        assert content == handle.read()
    assert content[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_every_page_links_the_icon(client):
    body = client.get(reverse("account_login")).content.decode()
    assert 'rel="icon"' in body


def test_login_page_names_the_demo_logins_on_a_development_site(client, settings):
    settings.DEBUG = True
    assert "leadvet-demo" not in client.get(reverse("account_login")).content.decode()
    user_with_role(roles.COORDINATOR, email=COORDINATOR_EMAIL)
    body = client.get(reverse("account_login")).content.decode()
    assert DEMO_PASSWORD in body
    assert COORDINATOR_EMAIL in body
    assert "mentor@example.org" not in body  # only the demo users this database has


def test_login_page_never_names_the_demo_password_in_production(client, production):
    user_with_role(roles.COORDINATOR, email=COORDINATOR_EMAIL)
    assert DEMO_PASSWORD not in client.get(reverse("account_login")).content.decode()
