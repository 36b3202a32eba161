"""HTML typed into any free-text field is shown as text, never run as markup."""

import pytest
from django.urls import reverse

from leadvet import roles
from mentors.models import Contact
from tests.factories import (
    AnnouncementFactory,
    ContactFactory,
    ContactRequestFactory,
    EventFactory,
    EventOutputFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    SurveySectionFactory,
    UserFactory,
    VTEGroupFactory,
    user_with_role,
)

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
BOLD = '<b onmouseover="alert(2)">x</b>'


@pytest.fixture
def hostile_network(db):
    """Every object with free text carries the payload in it."""
    college = PartnerCollegeFactory(name=f"College {PAYLOAD}", city=PAYLOAD)
    educator = user_with_role(roles.TEACHER_EDUCATOR, first_name=PAYLOAD, last_name="Educator")
    group = VTEGroupFactory(name=f"Group {PAYLOAD}", teacher_educator=educator)
    task = MentorTaskFactory(number=1)
    mentor = MentorFactory(
        college=college,
        user=user_with_role(roles.MENTOR, first_name=PAYLOAD, last_name=BOLD),
        bio=f"Bio {PAYLOAD}",
        title=f"Title {PAYLOAD}",
        contact_preferences=PAYLOAD,
    )
    mentor.tasks.add(task)
    contact = ContactFactory(
        mentor=mentor, task=task, vte_group=group, summary=f"Summary {PAYLOAD}"
    )
    request = ContactRequestFactory(
        requester=educator,
        mentor=mentor,
        task=task,
        topic=f"Topic {PAYLOAD}",
        message=f"Msg {PAYLOAD}",
    )
    event = EventFactory(title=f"Event {PAYLOAD}", description=f"Desc {PAYLOAD}", address=PAYLOAD)
    output = EventOutputFactory(event=event, title=f"Output {PAYLOAD}", description=PAYLOAD)
    announcement = AnnouncementFactory(title=f"News {PAYLOAD}", body=f"Body {PAYLOAD}")
    survey = SurveyFactory(title=f"Survey {PAYLOAD}", description=f"Intro {PAYLOAD}")
    section = SurveySectionFactory(survey=survey, title=f"Section {PAYLOAD}")
    QuestionFactory(survey=survey, section=section, text=f"Question {PAYLOAD}", help_text=PAYLOAD)
    invitation = SurveyInvitationFactory(survey=survey)
    return {
        "college": college,
        "educator": educator,
        "group": group,
        "mentor": mentor,
        "contact": contact,
        "request": request,
        "event": event,
        "output": output,
        "announcement": announcement,
        "survey": survey,
        "invitation": invitation,
        "coordinator": user_with_role(roles.COORDINATOR),
        "steering": UserFactory(roles=[roles.STEERING]),
    }


# (who looks, url name, kwargs from the network)
PAGES = [
    ("coordinator", "colleges:college_list", {}),
    ("coordinator", "colleges:college_detail", {"pk": "college"}),
    ("coordinator", "colleges:group_list", {}),
    ("coordinator", "colleges:group_detail", {"pk": "group"}),
    ("coordinator", "mentors:list", {}),
    ("coordinator", "mentors:detail", {"mentor_id": "mentor"}),
    ("coordinator", "mentors:announcement_list", {}),
    ("coordinator", "mentors:contact_detail", {"pk": "contact"}),
    ("coordinator", "mentors:request_list", {}),
    ("coordinator", "events:list", {}),
    ("coordinator", "events:detail", {"pk": "event"}),
    ("coordinator", "events:outputs", {}),
    ("coordinator", "surveys:list", {}),
    ("coordinator", "surveys:detail", {"pk": "survey"}),
    ("coordinator", "surveys:preview", {"pk": "survey"}),
    ("coordinator", "dashboard", {}),
    ("mentor", "home", {}),
    ("mentor", "mentors:contact_list", {}),
    ("mentor", "mentors:request_detail", {"pk": "request"}),
    ("mentor", "mentors:profile", {}),
    ("educator", "mentors:directory", {}),
    ("educator", "mentors:public_profile", {"pk": "mentor"}),
    ("educator", "mentors:request_list", {}),
    ("anonymous", "survey_respond", {"token": "invitation"}),
]


@pytest.mark.parametrize(("who", "url_name", "kwargs"), PAGES, ids=[page[1] for page in PAGES])
def test_free_text_is_shown_escaped(client, hostile_network, who, url_name, kwargs):
    net = hostile_network
    if who == "mentor":
        client.force_login(net["mentor"].user)
    elif who != "anonymous":
        client.force_login(net[who])
    resolved = {
        key: (net[source].token if key == "token" else net[source].pk)
        for key, source in kwargs.items()
    }
    response = client.get(reverse(url_name, kwargs=resolved))
    assert response.status_code == 200
    html = response.content.decode()
    assert PAYLOAD not in html
    assert BOLD not in html
    assert ESCAPED in html, f"the payload is not on {url_name} at all: the page checks nothing"


def test_contact_summary_typed_in_the_form_is_stored_verbatim_and_shown_escaped(client, mentor):
    task = MentorTaskFactory(number=1)
    client.force_login(mentor.user)
    client.post(
        reverse("mentors:contact_create"),
        {
            "date": "2026-01-15",
            "counterpart_kind": "teacher_student",
            "task": task.pk,
            "channel": "video",
            "duration_minutes": "30",
            "summary": PAYLOAD,
        },
    )
    contact = Contact.objects.get()
    assert contact.summary == PAYLOAD
    html = client.get(reverse("mentors:contact_detail", args=[contact.pk])).content.decode()
    assert ESCAPED in html and PAYLOAD not in html
