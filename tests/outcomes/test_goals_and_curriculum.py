"""The programme's goals and deliverables; curriculum proposals and decisions."""

import datetime

import pytest
from django.urls import reverse

from leadvet import roles
from outcomes.models import CurriculumProposal, Deliverable, Objective
from tests.factories import (
    ContactFactory,
    DeliverableFactory,
    EventFactory,
    ObjectiveFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def test_coordinator_adds_a_goal_and_a_deliverable_linked_to_an_event(client, coordinator):
    event = EventFactory(title="Multiplier Event")
    client.force_login(coordinator)
    response = client.post(
        reverse("outcomes:objective_create"),
        {"number": "2", "title": "Mentor pool", "deadline": "2023-02-28", "events": [event.pk]},
    )
    assert response.status_code == 302
    objective = Objective.objects.get()
    assert list(objective.events.all()) == [event]
    response = client.post(
        reverse("outcomes:deliverable_create"),
        {
            "objective": objective.pk,
            "code": "ART1",
            "title": "Article on networking in leadership",
            "status": "preparation",
            "due_on": "2030-06-30",
            "authors": "A. Author",
            "venue": "eSignals",
            "at_risk": "on",
        },
    )
    assert response.status_code == 302
    deliverable = Deliverable.objects.get()
    assert deliverable.at_risk and deliverable.objective == objective
    page = client.get(reverse("outcomes:goals"))
    assert b"Article on networking in leadership" in page.content
    assert b"at risk" in page.content and b"late" in page.content


def test_a_goal_with_a_bad_date_is_refused_with_a_message(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("outcomes:objective_create"), {"number": "1", "title": "X", "deadline": "0023-1-1"}
    )
    assert response.status_code == 400
    assert "deadline" in response.context["form"].errors
    assert not Objective.objects.exists()


def test_steering_sees_the_goals_but_cannot_change_them(client, steering):
    deliverable = DeliverableFactory(title="PR3 research")
    client.force_login(steering)
    assert b"PR3 research" in client.get(reverse("outcomes:goals")).content
    assert client.get(reverse("outcomes:objective_create")).status_code == 403
    url = reverse("outcomes:deliverable_edit", args=[deliverable.pk])
    assert client.post(url, {"title": "changed"}).status_code == 403


def test_coordinator_deletes_a_deliverable_after_confirming(client, coordinator):
    deliverable = DeliverableFactory()
    client.force_login(coordinator)
    url = reverse("outcomes:deliverable_delete", args=[deliverable.pk])
    assert client.get(url).status_code == 200
    assert Deliverable.objects.exists()
    assert client.post(url).status_code == 302
    assert not Deliverable.objects.exists()


def test_goals_page_query_count_does_not_grow(client, coordinator, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in (1, 2):
        objective = ObjectiveFactory(number=number)
        DeliverableFactory(objective=objective).events.add(EventFactory())
    DeliverableFactory()
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("outcomes:goals"))
    for number in (3, 4, 5):
        objective = ObjectiveFactory(number=number, deadline=datetime.date(2023, 9, 30))
        DeliverableFactory(objective=objective).events.add(EventFactory())
        DeliverableFactory()
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("outcomes:goals"))


def test_mentor_writes_a_proposal_on_a_curriculum_input_contact_and_staff_decide(client):
    contact = ContactFactory(curriculum_input=True)
    client.force_login(contact.mentor.user)
    url = reverse("outcomes:proposal_edit", args=[contact.pk])
    assert client.post(url, {"proposal": ""}).status_code == 400
    assert client.post(url, {"proposal": "A shadowing day."}).status_code == 302
    proposal = CurriculumProposal.objects.get()
    assert proposal.status == "proposed"

    educator = user_with_role(roles.TEACHER_EDUCATOR)
    client.force_login(educator)
    assert b"A shadowing day." in client.get(reverse("outcomes:proposals")).content
    decide = reverse("outcomes:proposal_decide", args=[proposal.pk])
    response = client.post(decide, {"status": "taken_up", "change": ""})
    assert response.status_code == 400
    response = client.post(decide, {"status": "taken_up", "change": "Added to module 2."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.change, proposal.decided_by) == (
        "taken_up",
        "Added to module 2.",
        educator,
    )


def test_no_proposal_on_a_contact_without_curriculum_input_or_by_another_mentor(client):
    plain = ContactFactory(curriculum_input=False)
    client.force_login(plain.mentor.user)
    assert client.get(reverse("outcomes:proposal_edit", args=[plain.pk])).status_code == 404
    tagged = ContactFactory(curriculum_input=True)
    assert client.get(reverse("outcomes:proposal_edit", args=[tagged.pk])).status_code == 404


def test_mentors_cannot_decide(client):
    contact = ContactFactory(curriculum_input=True)
    proposal = CurriculumProposal.objects.create(contact=contact, proposal="x")
    client.force_login(contact.mentor.user)
    assert client.get(reverse("outcomes:proposal_decide", args=[proposal.pk])).status_code == 403


def test_the_report_lists_what_changed_in_teacher_education(client, steering):
    from django.utils import timezone

    contact = ContactFactory(curriculum_input=True)
    CurriculumProposal.objects.create(
        contact=contact,
        proposal="Workshop tasks in assessment",
        status="taken_up",
        change="Assessment module uses a VET workshop task.",
        decided_at=timezone.now(),
    )
    client.force_login(steering)
    response = client.get(reverse("reports"))
    assert b"Assessment module uses a VET workshop task." in response.content


def test_proposals_page_query_count_does_not_grow(client, coordinator, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _index in range(2):
        CurriculumProposal.objects.create(
            contact=ContactFactory(curriculum_input=True), proposal="p"
        )
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("outcomes:proposals"))
    for _index in range(5):
        CurriculumProposal.objects.create(
            contact=ContactFactory(curriculum_input=True), proposal="p"
        )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("outcomes:proposals"))
