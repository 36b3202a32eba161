"""The accessibility statement and the privacy notice: public, in every language, linked from
every page, with a default text that states the settings in force, editable by a coordinator."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from leadvet import roles
from portal.models import LegalText
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PAGES = {
    "legal_privacy": {
        "en": "Privacy notice",
        "fi": "Tietosuojaseloste",
        "sv": "Dataskyddsbeskrivning",
        "et": "Privaatsusteade",
        "nl": "Privacyverklaring",
    },
    "legal_accessibility": {
        "en": "Accessibility statement",
        "fi": "Saavutettavuusseloste",
        "sv": "Tillgänglighetsutlåtande",
        "et": "Ligipääsetavuse teatis",
        "nl": "Toegankelijkheidsverklaring",
    },
}


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("name", PAGES)
def test_each_page_answers_without_login_in_every_language(name, language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert f"<h1>{PAGES[name][language]}</h1>" in body


def test_every_page_links_both_from_its_footer(client, coordinator):
    pages = [reverse("account_login")]
    for url in pages + [reverse("home"), reverse("events:list")]:
        if url not in pages:
            client.force_login(coordinator)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert f'href="{reverse("legal_privacy")}"' in body, url
        assert f'href="{reverse("legal_accessibility")}"' in body, url


def test_the_default_privacy_notice_states_the_retention_in_force(client, settings):
    settings.CONTACT_SUMMARY_RETENTION_YEARS = 7
    settings.INVITATION_EXPIRY_DAYS = 21
    settings.PRIVACY_CONTACT_EMAIL = "tietosuoja@haaga-helia.example"
    body = client.get(reverse("legal_privacy")).content.decode()
    assert "removed 7 years after the contact" in body
    assert "expires after 21 days" in body
    assert "mailto:tietosuoja@haaga-helia.example" in body


def test_the_default_accessibility_statement_names_the_supervisor_and_feedback(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "saavutettavuus@haaga-helia.example"
    body = client.get(reverse("legal_accessibility")).content.decode()
    assert "306/2019" in body
    assert "WCAG 2.1" in body
    assert "Traficom" in body
    assert "mailto:saavutettavuus@haaga-helia.example" in body


def test_a_coordinator_rewords_a_page_in_one_language_and_resets_it(client, coordinator):
    client.force_login(coordinator)
    edit = reverse("legal_edit", kwargs={"kind": "privacy"})
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"en": "", "fi": "Oma teksti.\n\nToinen kappale <b>."})
    assert response.status_code == 302
    assert response["Location"] == reverse("legal_privacy")
    text = LegalText.objects.get()
    assert (text.kind, text.language, text.updated_by) == ("privacy", "fi", coordinator)

    finnish = Client()
    finnish.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    body = finnish.get(reverse("legal_privacy")).content.decode()
    assert "<p>Oma teksti.</p>" in body
    assert "<p>Toinen kappale &lt;b&gt;.</p>" in body  # plain text, escaped
    english = Client().get(reverse("legal_privacy")).content.decode()
    assert "What data and why" in english  # the default text stays in the other language

    client.post(edit, {"en": "", "fi": "  "})
    assert not LegalText.objects.exists()
    assert "Oma teksti" not in finnish.get(reverse("legal_privacy")).content.decode()


@pytest.mark.parametrize("role", [roles.MENTOR, roles.STEERING, roles.COLLEGE_COORDINATOR])
def test_no_one_but_a_coordinator_can_change_the_text(client, role):
    client.force_login(user_with_role(role, email="someone@example.org"))
    response = client.post(
        reverse("legal_edit", kwargs={"kind": "privacy"}), {"en": "Mine.", "fi": ""}
    )
    assert response.status_code == 403
    assert not LegalText.objects.exists()


def test_an_unknown_page_kind_cannot_be_edited(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/terms/edit/").status_code == 404


def test_too_long_a_text_is_refused_with_a_message_and_nothing_saved(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("legal_edit", kwargs={"kind": "accessibility"}), {"en": "x" * 20_001, "fi": ""}
    )
    assert response.status_code == 200
    assert "at most 20000 characters" in response.content.decode()
    assert not LegalText.objects.exists()
