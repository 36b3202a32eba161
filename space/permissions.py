"""Who may read, post in and moderate the network space, checked per topic and per post.

A topic is visible to the whole network, one country, one college or one VTE group. Each
role says what it reaches (`REACH_BY_ROLE`); a person's reach is the union of their roles'.
A role added later (alumni) joins the space by an entry in `MEMBER_ROLES` and, if it reaches
more than the whole network's topics, one in `REACH_BY_ROLE`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from colleges.models import PartnerCollege, VTEGroup
from colleges.permissions import coordinated_college_ids, coordinated_country_ids
from leadvet import roles
from mentors.models import GroupAssignment, Mentor
from mentors.permissions import can_manage_announcements
from space.models import Audience, Post, Topic

# The roles that read, post and reply in the space.
MEMBER_ROLES = (
    roles.COORDINATOR,
    roles.COLLEGE_COORDINATOR,
    roles.COUNTRY_COORDINATOR,
    roles.TEACHER_EDUCATOR,
    roles.MENTOR,
    roles.ALUMNI,
)


@dataclass(frozen=True)
class Reach:
    """The topics a person sees: every topic (`everything`), or the whole network's and those
    of these countries, colleges and VTE groups."""

    everything: bool = False
    countries: frozenset[int] = frozenset()
    colleges: frozenset[int] = frozenset()
    groups: frozenset[int] = frozenset()

    def __or__(self, other: "Reach") -> "Reach":
        return Reach(
            everything=self.everything or other.everything,
            countries=self.countries | other.countries,
            colleges=self.colleges | other.colleges,
            groups=self.groups | other.groups,
        )


def _coordinator_reach(user) -> Reach:
    return Reach(everything=True)


def _college_coordinator_reach(user) -> Reach:
    colleges = coordinated_college_ids(user)
    countries = PartnerCollege.objects.filter(pk__in=colleges).values_list("country_id", flat=True)
    return Reach(colleges=colleges, countries=frozenset(countries))


def _country_coordinator_reach(user) -> Reach:
    return Reach(colleges=coordinated_college_ids(user), countries=coordinated_country_ids(user))


def _mentor_reach(user) -> Reach:
    mentor = (
        Mentor.objects.filter(user=user, anonymised_at__isnull=True)
        .values("college_id", "college__country_id")
        .first()
    )
    if mentor is None:
        return Reach()
    today = timezone.localdate()
    groups = GroupAssignment.objects.filter(mentor__user=user, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    return Reach(
        colleges=frozenset([mentor["college_id"]]),
        countries=frozenset([mentor["college__country_id"]]),
        groups=frozenset(groups.values_list("vte_group_id", flat=True)),
    )


def _teacher_educator_reach(user) -> Reach:
    groups = VTEGroup.objects.filter(teacher_educator=user, closed_at__isnull=True)
    return Reach(
        groups=frozenset(groups.values_list("pk", flat=True)),
        countries=frozenset(groups.values_list("institution__country_id", flat=True)),
    )


# What each role reaches besides the whole network's topics.
REACH_BY_ROLE: dict[str, Callable[[object], Reach]] = {
    roles.COORDINATOR: _coordinator_reach,
    roles.COLLEGE_COORDINATOR: _college_coordinator_reach,
    roles.COUNTRY_COORDINATOR: _country_coordinator_reach,
    roles.MENTOR: _mentor_reach,
    roles.TEACHER_EDUCATOR: _teacher_educator_reach,
}


def is_member(user) -> bool:
    """May open the space, read the topics they reach, post and reply."""
    return roles.is_coordinator(user) or any(roles.has_role(user, role) for role in MEMBER_ROLES)


def reach_of(user) -> Reach:
    """The user's reach, worked out once per request and cached on the user."""
    if not is_member(user):
        return Reach()
    cached = getattr(user, "_leadvet_space_reach", None)
    if cached is None:
        cached = Reach(everything=roles.is_coordinator(user))
        for role in roles.role_names(user):
            if role in REACH_BY_ROLE:
                cached = cached | REACH_BY_ROLE[role](user)
        user._leadvet_space_reach = cached
    return cached


def visible_topics_filter(user) -> Q | None:
    """A filter on Topic for the topics the user may read (None: every topic); the
    caller also leaves out hidden topics for people who cannot moderate."""
    reach = reach_of(user)
    if reach.everything:
        return None
    return (
        Q(audience=Audience.NETWORK)
        | Q(audience=Audience.COUNTRY, country_id__in=reach.countries)
        | Q(audience=Audience.COLLEGE, college_id__in=reach.colleges)
        | Q(audience=Audience.GROUP, vte_group_id__in=reach.groups)
    )


def reaches(user, topic: Topic) -> bool:
    reach = reach_of(user)
    if reach.everything:
        return True
    return {
        Audience.NETWORK: True,
        Audience.COUNTRY: topic.country_id in reach.countries,
        Audience.COLLEGE: topic.college_id in reach.colleges,
        Audience.GROUP: topic.vte_group_id in reach.groups,
    }.get(topic.audience, False)


def can_moderate(user) -> bool:
    """Pin, edit, hide and lock any topic or post, see reports, set the chat webhook."""
    return roles.is_coordinator(user)


def can_see_topic(user, topic: Topic) -> bool:
    if not is_member(user) or not reaches(user, topic):
        return False
    return not topic.is_hidden or can_moderate(user)


def can_reply(user, topic: Topic) -> bool:
    return can_see_topic(user, topic) and (not topic.locked or can_moderate(user))


def can_see_post(user, post: Post) -> bool:
    if not can_see_topic(user, post.topic):
        return False
    return not post.is_hidden or can_moderate(user) or post.author_id == user.pk


def edit_deadline(post: Post) -> datetime.datetime:
    return post.created_at + datetime.timedelta(minutes=settings.SPACE_EDIT_WINDOW_MINUTES)


def can_edit_post(user, post: Post) -> bool:
    """Coordinators always; the author within the edit window, while the topic is open."""
    if not can_see_post(user, post) or post.removed_at is not None:
        return False
    if can_moderate(user):
        return True
    return (
        post.author_id == user.pk
        and not post.topic.locked
        and not post.is_hidden
        and timezone.now() < edit_deadline(post)
    )


def can_report_post(user, post: Post) -> bool:
    return can_see_post(user, post) and post.author_id != user.pk


def can_link_event(user, topic: Topic) -> bool:
    return can_see_topic(user, topic) and (can_moderate(user) or topic.author_id == user.pk)


def can_make_announcement(user, post: Post) -> bool:
    """Through the mentors app's announcements: their managers only."""
    return can_see_post(user, post) and can_manage_announcements(user) and not post.is_hidden


def audiences_for(user) -> Reach:
    """Where the user may post: the audiences they reach themselves."""
    return reach_of(user)
