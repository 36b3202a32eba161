"""Swedish, Estonian and Dutch beside English and Finnish (issue 23, item 2): the pages, the
e-mails in the recipient's language, and dates and numbers as each language writes them."""

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from events import services as event_services
from events import training
from leadvet import roles
from leadvet.lib import exports, xlsx
from leadvet.models import User
from tests.factories import (
    ContactFactory,
    EventFactory,
    MentorFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

NEW = ["sv", "et", "nl"]
# Saturday 5 December 2026, 14:00 in Helsinki.
MOMENT = datetime.datetime(2026, 12, 5, 12, 0, tzinfo=datetime.UTC)


def test_the_interface_offers_five_languages():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "fi", "sv", "et", "nl"]


def test_user_language_choices_follow_the_interface_languages():
    assert [code for code, _label in User._meta.get_field("language").choices] == [
        code for code, _name in settings.LANGUAGES
    ]


def test_no_model_change_is_without_its_migration():
    """The language fields store the interface languages as choices: adding one is a migration."""
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


# Pages ---------------------------------------------------------------------------------------

LOGIN = {
    "sv": "LeadVET-portalen är till för mentornätverkets samordnare",
    "et": "LeadVETi portaal on mõeldud mentorvõrgustiku koordinaatoritele",
    "nl": "Het LeadVET-portaal is voor de coördinatoren",
}
MENTOR_HOME = {"sv": "Mina kontakter", "et": "Minu kontaktid", "nl": "Mijn contacten"}
DASHBOARD = {
    "sv": "Aktiva mentorer per land",
    "et": "Aktiivsed mentorid riikide kaupa",
    "nl": "Actieve mentoren per land",
}


@pytest.mark.parametrize("language", NEW)
def test_a_visitor_who_chooses_the_language_gets_the_login_page_in_it(client, language):
    client.post(reverse("set_language"), {"language": language, "next": "/accounts/login/"})
    response = client.get(reverse("account_login"))
    body = response.content.decode()
    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in body
    assert LOGIN[language] in body


@pytest.mark.parametrize("language", NEW)
def test_a_mentor_whose_language_it_is_sees_the_home_page_in_it(client, language):
    client.force_login(user_with_role(roles.MENTOR, language=language))
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in body
    assert MENTOR_HOME[language] in body
    assert "My contacts" not in body


@pytest.mark.parametrize("language", NEW)
def test_a_coordinator_whose_language_it_is_sees_the_dashboard_in_it(client, language):
    client.force_login(user_with_role(roles.COORDINATOR, language=language))
    response = client.get(reverse("dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in body
    assert DASHBOARD[language] in body
    assert "Active mentors per country" not in body


def test_the_language_switcher_names_each_language_in_itself(client):
    body = client.get(reverse("account_login")).content.decode()
    for code, own_name in [
        ("en", "English"),
        ("fi", "Suomi"),
        ("sv", "Svenska"),
        ("et", "Eesti"),
        ("nl", "Nederlands"),
    ]:
        assert f'<option value="{code}" lang="{code}"' in body
        assert f">{own_name}</option>" in body


@pytest.mark.parametrize("language", NEW)
def test_choosing_the_language_signed_in_keeps_it_on_the_account(client, language):
    user = user_with_role(roles.MENTOR)
    client.force_login(user)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    user.refresh_from_db()
    assert user.language == language


# E-mails -------------------------------------------------------------------------------------

REGISTERED = {
    "sv": ("[LeadVET] Anmäld: Mentordag", "Du är anmäld till detta evenemang."),
    "et": ("[LeadVET] Registreeritud: Mentordag", "Oled sellele üritusele registreeritud."),
    "nl": ("[LeadVET] Aangemeld: Mentordag", "Je bent aangemeld voor dit evenement."),
}


@pytest.mark.parametrize("language", NEW)
def test_an_email_comes_in_the_recipients_language(
    language, mailoutbox, django_capture_on_commit_callbacks
):
    user = user_with_role(roles.MENTOR, language=language)
    event = EventFactory(
        title="Mentordag", starts_at=MOMENT, ends_at=MOMENT + datetime.timedelta(hours=2)
    )
    with (
        time_machine.travel(MOMENT - datetime.timedelta(days=10), tick=False),
        translation.override("en"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        event_services.register(event_id=event.pk, user=user)

    (message,) = mailoutbox
    subject, sentence = REGISTERED[language]
    html = message.alternatives[0][0]
    assert message.subject == subject
    assert sentence in message.body and sentence in html
    with translation.override(language):
        when = formats.date_format(timezone.localtime(MOMENT), "DATETIME_FORMAT")
    assert when in message.body
    assert f'<html lang="{language}">' in html
    assert "You are registered" not in message.body


# Dates and numbers ---------------------------------------------------------------------------

WRITTEN = {
    # language: short date, date-time (weekday, 24-hour clock), time, a decimal number
    "en": ("5.12.2026", "Sat, 5 Dec 2026, 14:00", "14:00", "1234.5"),
    "fi": ("5.12.2026", "la 5.12.2026 klo 14.00", "14.00", "1234,5"),
    "sv": ("5.12.2026", "lör 5.12.2026 kl. 14.00", "14.00", "1234,5"),
    "et": ("5.12.2026", "laup. 5.12.2026 kl 14:00", "14:00", "1234,5"),
    "nl": ("5-12-2026", "za 5-12-2026 14:00", "14:00", "1234,5"),
}


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_each_language_writes_dates_day_first_with_a_24_hour_clock(language):
    short, date_time, time, number = WRITTEN[language]
    moment = timezone.localtime(MOMENT)
    with translation.override(language):
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == short
        assert formats.date_format(moment, "DATETIME_FORMAT") == date_time
        assert formats.time_format(moment, "TIME_FORMAT") == time
        assert formats.number_format(1234.5, decimal_pos=1) == number
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


@pytest.mark.parametrize("language", NEW)
def test_date_boxes_read_day_first_and_never_month_first(language):
    with translation.override(language):
        boxes = formats.get_format("DATE_INPUT_FORMATS")
        date_time_boxes = formats.get_format("DATETIME_INPUT_FORMATS")
    assert "%d.%m.%Y" in boxes
    assert "%d.%m.%Y %H:%M" in date_time_boxes
    month_first = [pattern for pattern in boxes + date_time_boxes if pattern.startswith("%m")]
    assert month_first == []


@pytest.mark.parametrize(
    ("language", "shown", "typed"),
    [
        ("sv", "1.9.2026", "5.11.2026"),
        ("et", "1.9.2026", "5.11.2026"),
        ("nl", "1-9-2026", "5-11-2026"),
    ],
)
def test_date_boxes_show_and_read_the_languages_short_date(client, language, shown, typed):
    from mentors.forms.contacts import ContactForm
    from mentors.models import Contact

    mentor = MentorFactory(user=user_with_role(roles.MENTOR, language=language))
    contact = ContactFactory(mentor=mentor, date=datetime.date(2026, 9, 1))
    with translation.override(language):
        html = str(ContactForm(instance=contact)["date"])
    assert f'value="{shown}"' in html
    client.force_login(mentor.user)
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC)):
        response = client.post(
            reverse("mentors:contact_edit", args=[contact.pk]),
            {
                "date": typed,
                "counterpart_kind": contact.counterpart_kind,
                "task": contact.task_id,
                "channel": contact.channel,
                "duration_minutes": "30",
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    assert Contact.objects.get(pk=contact.pk).date == datetime.date(2026, 11, 5)


def test_a_dutch_event_time_box_writes_and_reads_hyphens():
    from events.forms import EventForm

    with translation.override("nl"):
        value = EventForm().fields["starts_at"].clean("5-12-2026 14:00")
        html = str(EventForm(initial={"starts_at": value})["starts_at"])
    assert timezone.localtime(value).replace(tzinfo=None) == datetime.datetime(2026, 12, 5, 14)
    assert 'value="5-12-2026 14:00"' in html


@pytest.mark.parametrize(
    ("language", "expected"), [("sv", "12\u00a0%"), ("et", "12%"), ("nl", "12%")]
)
def test_percentages_follow_the_language(language, expected):
    template = engines["django"].from_string("{% load localised_numbers %}{{ value|percent }}")
    with translation.override(language):
        assert template.render({"value": 12}) == expected


@pytest.mark.parametrize(
    ("language", "day"), [("sv", "d.m.yyyy"), ("et", "d.m.yyyy"), ("nl", "d-m-yyyy")]
)
def test_excel_dates_follow_the_language(language, day):
    with translation.override(language):
        assert xlsx._xlsx_formats()["date"] == day


@pytest.mark.parametrize(
    ("language", "label"), [("sv", "Dec 2026"), ("et", "Dets 2026"), ("nl", "Dec 2026")]
)
def test_export_month_labels_are_in_the_language(language, label):
    with translation.override(language):
        assert exports.month_label(datetime.date(2026, 12, 1)) == label


@pytest.mark.parametrize("language", NEW)
def test_csv_exports_use_the_decimal_comma_and_semicolons(language):
    with translation.override(language):
        dialect = exports._Dialect()
    assert (dialect.decimal, dialect.delimiter) == (",", ";")
    assert dialect.number(2.5) == "2,5"


# Everything that lists the languages ---------------------------------------------------------


def test_the_status_letter_is_offered_in_every_language(client, mentor):
    assert training.LETTER_LANGUAGES == tuple(code for code, _name in settings.LANGUAGES)
    client.force_login(mentor.user)
    body = client.get(reverse("events:training")).content.decode()
    for code in training.LETTER_LANGUAGES:
        assert f'href="{reverse("events:status_letter", args=[code])}"' in body
    assert "Letter in Swedish (PDF)" in body and "Letter in Dutch (PDF)" in body


def test_the_legal_text_form_has_a_box_per_language(client, coordinator):
    client.force_login(coordinator)
    body = client.get(reverse("legal_edit", args=["privacy"])).content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'name="{code}"' in body


@pytest.mark.parametrize(
    ("text", "code"), [("svenska", "sv"), ("eesti", "et"), ("Nederlands", "nl"), ("SV", "sv")]
)
def test_the_mentor_import_reads_the_new_portal_languages(text, code):
    from mentors import importing

    catalogue = importing._Catalogue()
    assert catalogue.portal_languages[importing._language_key(text)] == code


PRIVACY = {
    "sv": "Vilka uppgifter och varför",
    "et": "Millised andmed ja miks",
    "nl": "Welke gegevens en waarom",
}


@pytest.mark.parametrize("language", NEW)
def test_the_default_privacy_notice_is_written_in_each_language(language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("legal_privacy")).content.decode()
    assert PRIVACY[language] in body
    assert "What data and why" not in body
