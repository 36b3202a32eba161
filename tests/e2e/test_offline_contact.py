"""The installed app logs a contact with the network off and saves it once it returns."""

import time

import pytest
from playwright.sync_api import expect

from mentors.models import Contact
from tests.factories import MentorFactory, MentorTaskFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def wait_for_contacts(count: int, timeout: float = 10) -> int:
    deadline = time.monotonic() + timeout
    while Contact.objects.count() < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return Contact.objects.count()


def test_a_contact_logged_offline_is_saved_once_when_the_network_returns(page, log_in):
    """Done when: in Chromium with the network switched off (Playwright's offline mode), a
    contact logged on the installed page is saved once when the network returns."""
    task = MentorTaskFactory(number=4, name="Expert by experience in VTE sessions")
    mentor = MentorFactory()
    log_in(mentor.user)

    # Installed: the worker controls the page and has kept the contact form.
    page.goto("/contacts/new/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("() => !!navigator.serviceWorker.controller")
    page.reload()  # fetched through the worker, which keeps a copy

    page.context.set_offline(True)
    page.reload()  # from the worker's copy: the network is off
    expect(page.get_by_role("heading", name="Log a contact")).to_be_visible()
    page.get_by_label("Contacted").select_option("teacher_student")
    page.get_by_label("Mentor task").select_option(str(task.pk))
    page.get_by_label("Channel").select_option("phone")
    page.get_by_label("Summary").fill("Talked about a placement")
    # A double click while offline queues the contact once.
    page.get_by_role("button", name="Log contact").dblclick()
    expect(page.get_by_role("status")).to_contain_text("saved on this device")
    expect(page.get_by_role("status")).to_contain_text("to be sent: 1")
    assert Contact.objects.count() == 0

    page.context.set_offline(False)
    expect(page.get_by_role("status")).to_contain_text("were sent and saved: 1")
    assert wait_for_contacts(1) == 1
    contact = Contact.objects.get()
    assert (contact.mentor, contact.task, contact.summary) == (
        mentor,
        task,
        "Talked about a placement",
    )

    # Back online the queue is empty: another page load sends nothing more.
    page.reload()
    page.goto("/")
    time.sleep(1)
    assert Contact.objects.count() == 1
