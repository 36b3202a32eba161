"""The import reads languages by ISO code or by name in any interface language, and a
portal_language column sets the language of the account and its invitation (issue 22, item 9)."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from leadvet.models import User
from mentors.models import Mentor, MentorImport
from mentors.services import invitations as invitation_services
from tests.factories import LanguageFactory, PartnerCollegeFactory

pytestmark = pytest.mark.django_db

HEADER = "email,first_name,last_name,college,languages,portal_language"


@pytest.fixture
def catalogue():
    college = PartnerCollegeFactory(name="Vantaa Vocational College Varia", short_name="Varia")
    for code, name in [("fi", "Finnish"), ("en", "English"), ("et", "Estonian"), ("sv", "Swedish")]:
        LanguageFactory(code=code, name=name)
    return college


def upload(client, *lines: str) -> MentorImport:
    file = SimpleUploadedFile(
        "mentors.csv", ("\n".join([HEADER, *lines]) + "\n").encode(), content_type="text/csv"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("mentors:import"), {"file": file})
    assert response.status_code == 302
    return MentorImport.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_language_names_in_finnish_and_english_and_iso_codes_are_accepted(
    client, coordinator, catalogue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    mentor_import = upload(
        client,
        "anna@varia.fi,Anna,Virtanen,Varia,suomi;englanti;viro,fi",
        "maarja@varia.fi,Maarja,Tamm,Varia,Estonian;FI;en-GB;eesti,",
        "sven@varia.fi,Sven,Berg,Varia,ruotsi;SV,Suomi",
    )
    assert mentor_import.status == "valid", mentor_import.errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentors:import_confirm", args=[mentor_import.pk]))
    languages = {
        mentor.user.email: sorted(language.code for language in mentor.languages.all())
        for mentor in Mentor.objects.select_related("user").prefetch_related("languages")
    }
    assert languages == {
        "anna@varia.fi": ["en", "et", "fi"],
        "maarja@varia.fi": ["en", "et", "fi"],
        "sven@varia.fi": ["sv"],
    }
    portal = dict(User.objects.filter(email__endswith="@varia.fi").values_list("email", "language"))
    # Maarja's row names no portal language: Varia's country's (Finland's), issue 23.
    assert portal == {"anna@varia.fi": "fi", "maarja@varia.fi": "fi", "sven@varia.fi": "fi"}


def test_an_unknown_language_or_portal_language_is_a_row_error_and_nothing_is_saved(
    client, coordinator, catalogue
):
    client.force_login(coordinator)
    mentor_import = upload(
        client,
        "anna@varia.fi,Anna,Virtanen,Varia,klingon,",
        "pekka@varia.fi,Pekka,Korhonen,Varia,fi,saksa",
    )
    assert mentor_import.status == "invalid"
    errors = {error["email"]: " ".join(error["errors"]) for error in mentor_import.errors}
    assert "Unknown language “klingon”" in errors["anna@varia.fi"]
    assert (
        "The portal is not available in “saksa”: use one of en, fi, sv, et, nl."
        in errors["pekka@varia.fi"]
    )
    assert not Mentor.objects.exists()


def test_an_imported_finnish_mentors_invitation_is_in_finnish(
    client, coordinator, catalogue, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    mentor_import = upload(client, "anna@varia.fi,Anna,Virtanen,Varia,suomi,suomi")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentors:import_confirm", args=[mentor_import.pk]))
    anna = User.objects.get(email="anna@varia.fi")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.send_invitation(user=anna, by=coordinator)
    (message,) = mail.outbox
    assert message.to == ["anna@varia.fi"]
    assert "LeadVET" in message.subject
    # The Finnish invitation, not the English one.
    with_english = User.objects.create(email="en@varia.fi", language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.send_invitation(user=with_english, by=coordinator)
    (english,) = mail.outbox
    assert message.subject != english.subject
