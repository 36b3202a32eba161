"""A teacher educator records a placement and a hire from a contact; the coordinator's
dashboard shows the hire at once although its figures were cached."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leadvet import roles
from outcomes.models import Placement, StudentOutcome
from tests.e2e.conftest import verify_email, wait_for_path
from tests.factories import (
    ContactFactory,
    MentorFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
    user_with_role,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, user, password):
    verify_email(user)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    wait_for_path(page, "/")


def hired_stat(page):
    card = page.locator(".stat-card").filter(has=page.get_by_text("Hired", exact=True))
    return card.locator(".display-6")


def test_teacher_educator_records_a_placement_and_a_hire_and_the_dashboard_changes(
    browser, live_server, page, password
):
    educator = user_with_role(roles.TEACHER_EDUCATOR, email="outi@example.org")
    coordinator = user_with_role(roles.COORDINATOR, email="kaarina@example.org")
    field = VocationalFieldFactory(name="Welding", is_shortage=True)
    group = VTEGroupFactory(teacher_educator=educator, field=field, name="Welders 2026")
    ContactFactory(mentor=MentorFactory(), vte_group=group)

    coordinator_context = browser.new_context(base_url=live_server.url)
    dashboard = coordinator_context.new_page()
    log_in(dashboard, coordinator, password)
    dashboard.goto("/dashboard/outcomes/")
    expect(hired_stat(dashboard)).to_have_text("0")

    log_in(page, educator, password)
    page.goto("/outcomes/")
    page.get_by_role("link", name="Record placement or hire").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a placement or hire")
    page.get_by_label("Teacher student").fill("Student A")
    last_day = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label("Placement's last day").fill(last_day.isoformat())
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Recorded. The figures include it now.")).to_be_visible()

    page.get_by_label("Teacher student").fill("Student A")
    page.get_by_label("What happened").select_option("hired")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Recorded. The figures include it now.")).to_be_visible()
    table = page.get_by_role("table", name="Placements and outcomes this contact led to")
    expect(table.get_by_role("row")).to_have_count(3)

    assert Placement.objects.get().student.reference == "Student A"
    assert StudentOutcome.objects.get().kind == "hired"
    dashboard.reload()
    expect(hired_stat(dashboard)).to_have_text("1")
    coordinator_context.close()
