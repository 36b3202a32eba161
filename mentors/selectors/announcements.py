"""Announcements and who they are addressed to."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from leadvet import roles
from leadvet.models import User
from mentors.models import Announcement, Mentor, Notice

MENTOR_AUDIENCES = (
    Announcement.Audience.ALL,
    Announcement.Audience.COUNTRY,
    Announcement.Audience.COLLEGE,
    Announcement.Audience.EVERYONE,
)
TEACHER_EDUCATOR_AUDIENCES = (
    Announcement.Audience.TEACHER_EDUCATORS,
    Announcement.Audience.EVERYONE,
)


def _published(now=None) -> Q:
    return Q(confirmed_at__isnull=False, published_at__lte=now or timezone.now())


def _mentor_audience_q(mentor: Mentor) -> Q:
    college = mentor.college
    return (
        Q(audience__in=[Announcement.Audience.ALL, Announcement.Audience.EVERYONE])
        | Q(audience=Announcement.Audience.COUNTRY, country_id=college.country_id)
        | Q(audience=Announcement.Audience.COLLEGE, college_id=college.pk)
    )


def announcements_for_mentor(mentor: Mentor) -> QuerySet:
    return Announcement.objects.filter(_mentor_audience_q(mentor), _published()).select_related(
        "author", "country", "college"
    )


def announcements_for_user(user, *, mentor: Mentor | None = None) -> QuerySet:
    """The published announcements meant for `user`: as a mentor (`mentor`, their college's
    country and college) and as a teacher educator."""
    audience = Q(pk__in=[])
    if mentor is not None:
        audience |= _mentor_audience_q(mentor)
    if roles.is_teacher_educator(user):
        audience |= Q(audience__in=TEACHER_EDUCATOR_AUDIENCES)
    return (
        Announcement.objects.filter(audience, _published())
        .select_related("author", "country", "college")
        .order_by("-published_at", "-pk")
    )


def announcement_recipients(announcement: Announcement) -> QuerySet:
    """Active mentors the announcement is addressed to."""
    mentors = Mentor.objects.filter(status=Mentor.Status.ACTIVE, user__is_active=True)
    if announcement.audience == Announcement.Audience.TEACHER_EDUCATORS:
        return mentors.none()
    if announcement.audience == Announcement.Audience.COUNTRY:
        mentors = mentors.filter(college__country_id=announcement.country_id)
    elif announcement.audience == Announcement.Audience.COLLEGE:
        mentors = mentors.filter(college_id=announcement.college_id)
    return mentors.select_related("user")


def recipient_users(announcement: Announcement) -> QuerySet:
    """Every active user the announcement is emailed to: its mentors and, when it is for
    them, the teacher educators."""
    audience = Q(pk__in=announcement_recipients(announcement).values("user_id"))
    if announcement.audience in TEACHER_EDUCATOR_AUDIENCES:
        audience |= Q(groups__name=roles.TEACHER_EDUCATOR)
    return User.objects.filter(audience, is_active=True).distinct()


def recipient_counts(announcement: Announcement) -> dict[str, int]:
    """How many people it is for, and how many of them have not been emailed it yet."""
    users = recipient_users(announcement)
    emailed = Notice.objects.filter(
        kind=Notice.Kind.ANNOUNCEMENT, key=str(announcement.pk), recipient_id=OuterRef("pk")
    )
    return {
        "total": users.count(),
        "not_emailed": users.filter(~Exists(emailed)).count(),
    }


def all_announcements() -> QuerySet:
    return Announcement.objects.select_related("author", "country", "college").order_by(
        "-published_at", "-pk"
    )
