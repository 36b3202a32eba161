"""What a teacher educator sees: the directory with shortage fields marked and filterable
and tasks by name; "Find a mentor for this group" from their group's page; a mentors-only
event opened from a shared link says who it is for, with a way back."""

import pytest
from playwright.sync_api import expect

from events.models import Event
from tests.factories import (
    EventFactory,
    LanguageFactory,
    MentorFactory,
    MentorTaskFactory,
    VocationalFieldFactory,
    VTEGroupFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_teacher_educator_finds_a_mentor_and_reads_who_an_event_is_for(
    page, log_in, teacher_educator
):
    shortage = VocationalFieldFactory(name="Welding robotics", is_shortage=True)
    other = VocationalFieldFactory(name="Hairdressing")
    finnish = LanguageFactory(code="fi", name="Finnish")
    task = MentorTaskFactory(number=3)
    welder = MentorFactory()
    welder.fields.add(shortage)
    welder.tasks.add(task)
    welder.languages.add(finnish)
    hairdresser = MentorFactory()
    hairdresser.fields.add(other)
    group = VTEGroupFactory(
        name="Helsinki day group", teacher_educator=teacher_educator, field=shortage, language="fi"
    )
    event = EventFactory(title="Mentor coffee", audience=Event.Audience.MENTORS)

    log_in(teacher_educator)
    page.goto("/directory/")
    row = page.get_by_role("row", name=welder.name)
    expect(row.get_by_text("Shortage field")).to_be_visible()
    expect(row.get_by_text("3. Teacher education curriculum")).to_be_visible()
    page.get_by_label("Works in a shortage field").check()
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=welder.name)).to_be_visible()
    expect(page.get_by_role("link", name=hairdresser.name)).to_have_count(0)

    page.goto(f"/groups/{group.pk}/")
    page.get_by_role("link", name="Find a mentor for this group").click()
    expect(page.get_by_text("Finding a mentor for the group Helsinki day group")).to_be_visible()
    expect(page.get_by_label("Field", exact=True)).to_have_value(str(shortage.pk))
    expect(page.get_by_role("link", name=welder.name)).to_be_visible()
    expect(page.get_by_role("link", name=hairdresser.name)).to_have_count(0)

    page.goto(f"/events/{event.pk}/")
    expect(page.get_by_role("heading", name="Mentor coffee")).to_be_visible()
    expect(page.get_by_text("This event is for: Mentors.")).to_be_visible()
    expect(page.get_by_text("Register")).to_have_count(0)
    page.get_by_role("link", name="See the events for you").click()
    assert page.url.endswith("/events/")
