"""Every page's <title> is its own title, a dash and the site: "Log in – LeadVET"."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

pytestmark = pytest.mark.django_db


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def test_allauth_pages_titles_are_separated_from_the_site_name(client):
    assert title(client.get(reverse("account_login"))) == "Log in – LeadVET"
    assert title(client.get(reverse("account_reset_password"))) == "Password Reset – LeadVET"


def test_portal_pages_titles_are_separated_from_the_site_name(client, mentor):
    client.force_login(mentor.user)
    assert title(client.get(reverse("mentors:contact_list"))) == "My contacts – LeadVET"


def test_error_pages_titles_are_separated_from_the_site_name(client):
    assert title(client.get("/no-such-page/")).endswith(" – LeadVET")


def test_a_page_without_a_title_of_its_own_is_titled_just_leadvet():
    template = Template(
        "{% load page_title %}{% page_title %}{% block title %} {% endblock %}{% endpage_title %}"
    )
    assert template.render(Context()) == "LeadVET"
