import pytest
from django.urls import reverse

from mentors.models import Mentor
from tests.factories import LanguageFactory, MentorTaskFactory, VocationalFieldFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("mentors:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_teacher_educator_has_no_mentor_profile(client, teacher_educator):
    client.force_login(teacher_educator)
    assert client.get(reverse("mentors:profile")).status_code == 403


def test_profile_page_marks_what_teacher_educators_see(client, mentor):
    client.force_login(mentor.user)
    content = client.get(reverse("mentors:profile")).content.decode()
    assert "Visible to teacher educators" in content
    public_part, private_part = content.split("Only you and coordinators")
    assert 'name="bio"' in public_part and 'name="phone"' not in public_part
    assert 'name="phone"' in private_part and 'name="nudges_paused"' in private_part


def test_mentor_saves_fields_languages_tasks_bio_and_preferences(client, mentor):
    field = VocationalFieldFactory(name="Social and health care")
    language = LanguageFactory(code="sv", name="Swedish")
    task = MentorTaskFactory(number=5)
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:profile"),
        {
            "title": "Lecturer",
            "fields": [field.pk],
            "languages": [language.pk],
            "tasks": [task.pk],
            "bio": "Nurse turned teacher.",
            "contact_preferences": "Email first, Teams on Fridays",
            "phone": "+358 40 123 4567",
            "nudges_paused": "on",
        },
    )
    assert response.status_code == 302
    mentor = Mentor.objects.get(pk=mentor.pk)
    assert list(mentor.fields.all()) == [field]
    assert list(mentor.languages.all()) == [language]
    assert list(mentor.tasks.all()) == [task]
    assert mentor.bio == "Nurse turned teacher."
    assert mentor.contact_preferences == "Email first, Teams on Fridays"
    assert mentor.phone == "+358 40 123 4567"
    assert mentor.nudges_paused is True


def test_too_long_bio_is_refused_next_to_its_field(client, mentor):
    client.force_login(mentor.user)
    response = client.post(reverse("mentors:profile"), {"bio": "x" * 2001})
    assert "bio" in response.context["form"].errors
    mentor.refresh_from_db()
    assert mentor.bio == ""


def test_mentor_previews_own_public_profile_without_phone(client, mentor):
    mentor.phone = "+358 40 999 0000"
    mentor.bio = "Carpenter"
    mentor.save()
    client.force_login(mentor.user)
    response = client.get(reverse("mentors:public_profile", args=[mentor.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Carpenter" in content
    assert "999 0000" not in content
    assert response.context["form"] is None


def test_mentor_cannot_open_another_mentors_public_profile(client, mentor, other_mentor):
    client.force_login(mentor.user)
    assert client.get(reverse("mentors:public_profile", args=[other_mentor.pk])).status_code == 403
