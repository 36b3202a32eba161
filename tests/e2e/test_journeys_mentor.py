"""From invitation to the dashboard: a new mentor joins and is found by a teacher educator."""

import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leadvet import roles
from mentors.models import Contact, ContactRequest, Mentor
from tests.e2e.conftest import log_out, nav_to, wait_for_path
from tests.factories import MentorTaskFactory, PartnerCollegeFactory, user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Vantaa-mentor-2026!"


def _exactly(label: str) -> re.Pattern:
    """A label as crispy renders it: the text, and an asterisk when the field is required."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def _nav(page, name: str) -> None:
    nav_to(page, name)


def _log_out(page) -> None:
    log_out(page)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def test_invited_mentor_joins_is_found_accepts_a_request_and_counts_on_the_dashboard(
    page, log_in, mailoutbox
):
    college = PartnerCollegeFactory(name="Vantaa Vocational College Varia")
    MentorTaskFactory(number=1, name="Contact person & recruitment")  # from the migrations
    coordinator = user_with_role(roles.COORDINATOR, first_name="Cora")
    educator = user_with_role(roles.TEACHER_EDUCATOR, first_name="Eero", last_name="Educator")
    today = timezone.localdate()

    # The coordinator invites a mentor and makes them active in the pool.
    log_in(coordinator)
    _nav(page, "Mentors")
    page.get_by_role("link", name="Invite a mentor").first.click()
    page.get_by_label("First name").fill("Mirja")
    page.get_by_label("Last name").fill("Mentor")
    page.get_by_label("College").select_option(label=college.name)
    page.get_by_label(_exactly("Email")).fill("mirja@example.org")
    page.get_by_label("Language of the portal and emails").select_option("en")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("An invitation is on its way to mirja@example.org.")).to_be_visible()
    page.get_by_role("link", name="Change status").click()
    page.get_by_label("New status").select_option(label="Active")
    page.get_by_label("Date of official status").fill(today.isoformat())
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("The mentor's status was changed.")).to_be_visible()
    _log_out(page)

    # The mentor opens the link from the email and sets a password.
    (invitation_email,) = [m for m in mailoutbox if m.to == ["mirja@example.org"]]
    link = re.search(r"https?://\S+/invitations/\S+/", invitation_email.body).group(0)
    page.goto(urlsplit(link).path)
    page.get_by_label(_exactly("New password")).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    wait_for_path(page, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Mirja")

    # ...tells when she is available...
    _nav(page, "Availability")
    page.get_by_role("link", name="Add a period").first.click()
    page.get_by_label("Available", exact=True).check()
    page.get_by_label("From").fill(today.isoformat())
    page.get_by_label("Until").fill(today.replace(year=today.year + 1).isoformat())
    page.get_by_label("Hours per month").fill("6")
    page.get_by_label("Contact person & recruitment").check()
    page.get_by_label(_exactly("On site or remote")).select_option("both")
    page.get_by_role("button", name="Save").click()
    wait_for_path(page, "/availability/")
    expect(page.get_by_role("table")).to_contain_text("6")

    # ...and logs a contact.
    _nav(page, "Log a contact")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Contacted").select_option("teacher_student")
    page.get_by_label("Mentor task").select_option(label="1. Contact person & recruitment")
    page.get_by_label("Channel").select_option("video")
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Outcome: student placement").check()
    page.get_by_label("Summary").fill("Planned the placement period together.")
    page.get_by_role("button", name="Log contact").click()
    wait_for_path(page, "/contacts/")
    expect(page.get_by_role("table")).to_contain_text("Teacher student")
    _log_out(page)

    # A teacher educator finds her in the directory and asks for help.
    log_in(educator)
    _nav(page, "Find a mentor")
    page.get_by_label("Name or keyword").fill("Mirja")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Mirja Mentor").click()
    page.get_by_label("Topic").fill("Workplace visit for my group")
    page.get_by_label("Mentor task").select_option(label="1. Contact person & recruitment")
    page.get_by_label("Preferred dates").fill("weeks 12–14")
    page.get_by_label("Message").fill("Could my students visit your workplace?")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request was sent to Mirja Mentor.")).to_be_visible()
    assert ContactRequest.objects.filter(
        mentor__user__email="mirja@example.org", requester=educator
    ).exists()
    assert any(m.to == ["mirja@example.org"] and "Workplace visit" in m.body for m in mailoutbox)
    _log_out(page)

    # The mentor accepts and adds the request to her contact log.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("mirja@example.org")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    wait_for_path(page, "/")
    _nav(page, "Requests")
    page.get_by_role("link", name="Workplace visit for my group").click()
    page.get_by_label("Message to the teacher educator").fill("Welcome, Tuesday of week 13 suits.")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted", exact=True)).to_be_visible()
    page.get_by_role("button", name="Add to my contact log").click()
    page.get_by_role("button", name="Save").click()
    wait_for_path(page, "/contacts/")
    mentor = Mentor.objects.get(user__email="mirja@example.org")
    assert Contact.objects.filter(mentor=mentor).count() == 2
    _log_out(page)

    # The coordinator sees the new mentor's contacts on the dashboard.
    log_in(coordinator)
    _nav(page, "Dashboard")
    contacts = page.locator(".stat-card", has_text="Contacts in the selected period")
    expect(contacts.locator(".display-6")).to_have_text("2")
    active = page.locator(".stat-card", has_text="Mentors with contacts in the period")
    expect(active.locator(".display-6")).to_have_text("1")
