"""Announcements and who they are addressed to."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from mentors.models import Announcement, Mentor


def announcements_for_mentor(mentor: Mentor) -> QuerySet:
    college = mentor.college
    return Announcement.objects.filter(
        Q(audience=Announcement.Audience.ALL)
        | Q(audience=Announcement.Audience.COUNTRY, country_id=college.country_id)
        | Q(audience=Announcement.Audience.COLLEGE, college_id=college.pk),
        published_at__lte=timezone.now(),
    ).select_related("author", "country", "college")


def announcement_recipients(announcement: Announcement) -> QuerySet:
    """Active mentors the announcement is addressed to."""
    mentors = Mentor.objects.filter(status=Mentor.Status.ACTIVE, user__is_active=True)
    if announcement.audience == Announcement.Audience.COUNTRY:
        mentors = mentors.filter(college__country_id=announcement.country_id)
    elif announcement.audience == Announcement.Audience.COLLEGE:
        mentors = mentors.filter(college_id=announcement.college_id)
    return mentors.select_related("user")


def all_announcements() -> QuerySet:
    return Announcement.objects.select_related("author", "country", "college")
