"""The installable app: manifest, icons, a service worker at the root, the offline page."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from tests.factories import MentorFactory

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_its_start_and_its_icons(client):
    response = client.get(reverse("manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        # Served by the portal itself (no CDN), a real PNG of the size it claims.
        assert icon["src"].startswith("/static/icons/")
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert "x".join(map(str, image.size)) == icon["sizes"]


def test_every_page_links_the_manifest_and_loads_the_worker_from_its_own_script(client):
    mentor = MentorFactory()
    client.force_login(mentor.user)
    page = client.get(reverse("home")).text
    assert f'<link rel="manifest" href="{reverse("manifest")}">' in page
    assert f'data-service-worker="{reverse("service_worker")}"' in page
    # No inline script: the Content Security Policy allows scripts from the portal only.
    assert "<script>" not in page


def test_the_service_worker_is_served_from_the_root_under_the_csp(client):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert reverse("service_worker") == "/sw.js"
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.text
    # It keeps the offline shell and the contact form, and never an external address.
    assert reverse("offline") in body and reverse("mentors:contact_create") in body
    assert "/static/js/pwa.js" in body
    assert "http://" not in body and "https://" not in body
    assert "Content-Security-Policy" in response.headers


def test_the_offline_page_needs_no_login_and_names_no_one(client):
    response = client.get(reverse("offline"))
    assert response.status_code == 200
    assert "You are offline" in response.text
