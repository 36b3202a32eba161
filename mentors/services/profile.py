"""Self-service: the mentor's own profile."""

from django.db import transaction

from mentors.models import Mentor
from mentors.services.history import set_relations


@transaction.atomic
def update_mentor_profile(
    *,
    mentor: Mentor,
    title: str,
    phone: str,
    bio: str,
    contact_preferences: str,
    nudges_paused: bool,
    fields,
    languages,
    tasks,
) -> Mentor:
    mentor.title = title
    mentor.phone = phone
    mentor.bio = bio
    mentor.contact_preferences = contact_preferences
    mentor.nudges_paused = nudges_paused
    set_relations(mentor=mentor, fields=fields, languages=languages, tasks=tasks)
    mentor.save()
    return mentor
