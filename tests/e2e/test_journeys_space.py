"""The network space: a mentor posts an idea, a teacher educator replies, the coordinator pins
it, the followers get the digest; a mentor of another country does not see a college topic."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leadvet import roles
from space.models import Follow, Topic
from space.services import owe_digests
from tests.e2e.conftest import log_out, nav_to
from tests.factories import (
    CountryFactory,
    MentorFactory,
    PartnerCollegeFactory,
    TopicFactory,
    user_with_role,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_idea_is_posted_answered_pinned_and_digested(page, log_in, mailoutbox):
    college = PartnerCollegeFactory(name="Omnia", country=CountryFactory(code="FI"))
    mentor = MentorFactory(
        college=college, user=user_with_role(roles.MENTOR, first_name="Mirja", last_name="Mentor")
    )
    educator = user_with_role(roles.TEACHER_EDUCATOR, first_name="Eero", last_name="Educator")
    coordinator = user_with_role(roles.COORDINATOR, first_name="Cora", last_name="Coordinator")
    estonian = MentorFactory(
        college=PartnerCollegeFactory(
            name="Tallinn", country=CountryFactory(code="EE", name="Estonia")
        )
    )
    TopicFactory(title="Omnia's own checklist", audience="college", college=college)

    # The mentor posts an idea for the whole network.
    log_in(mentor.user)
    nav_to(page, "Network space")
    expect(page.get_by_role("heading", level=1)).to_have_text("Network space")
    page.get_by_role("link", name="Start a topic").first.click()
    page.get_by_label("Kind").select_option(label="Idea")
    page.get_by_label("Title").fill("Shadowing days for teacher students")
    page.get_by_label("Text").fill("Teacher students could follow a mentor for a day.")
    page.get_by_label("The whole network").check()
    page.get_by_role("button", name="Post").click()
    expect(page.get_by_text("Your topic was posted. You follow it now.")).to_be_visible()
    topic = Topic.objects.get(title="Shadowing days for teacher students")
    log_out(page)

    # A teacher educator finds it and replies.
    log_in(educator)
    nav_to(page, "Network space")
    page.get_by_role("link", name="Shadowing days for teacher students").click()
    page.get_by_label("Text").fill("My group would love that in March.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply was posted.")).to_be_visible()
    expect(page.get_by_text("My group would love that in March.")).to_be_visible()
    log_out(page)

    # The coordinator pins it: it comes first in the list.
    log_in(coordinator)
    nav_to(page, "Network space")
    page.get_by_role("link", name="Shadowing days for teacher students").click()
    page.get_by_role("button", name="Pin", exact=True).click()
    expect(page.get_by_text("The topic is pinned to the top.")).to_be_visible()
    nav_to(page, "Network space")
    first = page.locator(".list-group-item").first
    expect(first).to_contain_text("Shadowing days for teacher students")
    expect(first).to_contain_text("Pinned")
    log_out(page)

    # Beat's weekly run: the mentor follows her topic and gets the teacher educator's reply.
    assert Follow.objects.filter(user=mentor.user, topic=topic).exists()
    mailoutbox.clear()
    # (the run after the week that holds today's posts)
    owe_digests(frequency="weekly", now=timezone.now() + datetime.timedelta(days=7))
    (digest,) = [m for m in mailoutbox if m.to == [mentor.user.email]]
    assert "My group would love that in March." in digest.body
    assert "Shadowing days for teacher students" in digest.body
    # The educator follows since replying: nothing newer, so no digest.
    assert all(m.to != [educator.email] for m in mailoutbox)

    # A mentor of another country sees the idea, not the Finnish college's own topic.
    log_in(estonian.user)
    nav_to(page, "Network space")
    expect(page.get_by_role("link", name="Shadowing days for teacher students")).to_be_visible()
    expect(page.get_by_text("Omnia's own checklist")).to_have_count(0)
