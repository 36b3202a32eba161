"""Who may see and change events. Built on leadvet.roles; views and the API use these."""

from colleges.permissions import coordinated_college_ids
from events.models import Event, Registration
from leadvet import roles

Audience = Event.Audience

# Which event audiences each role belongs to. "Everyone" reaches every role.
# VET leaders are the colleges' management (steering group, college coordinators);
# working-life events are for the people who work with working life: mentors and
# college coordinators.
ROLE_AUDIENCES: dict[str, set[str]] = {
    roles.MENTOR: {Audience.MENTORS, Audience.WORKING_LIFE},
    roles.TEACHER_EDUCATOR: {Audience.TEACHER_EDUCATORS},
    roles.STEERING: {Audience.VET_LEADERS},
    roles.COLLEGE_COORDINATOR: {Audience.VET_LEADERS, Audience.WORKING_LIFE},
    roles.COUNTRY_COORDINATOR: {Audience.VET_LEADERS, Audience.WORKING_LIFE},
    # Alumni teach in VET: the working-life events are theirs too.
    roles.ALUMNI: {Audience.WORKING_LIFE},
}


def can_manage_events(user) -> bool:
    """Create, edit, duplicate, cancel; register others, export, mark attendance; outputs."""
    return roles.is_coordinator(user)


def visible_audiences(user) -> set[str] | None:
    """The audiences whose events the user sees; None means all (coordinators)."""
    if roles.is_coordinator(user):
        return None
    if not roles.has_any_role(user):
        return set()
    audiences = {Audience.EVERYONE}
    for role in roles.role_names(user):
        audiences |= ROLE_AUDIENCES.get(role, set())
    return audiences


def can_see_events(user) -> bool:
    return roles.has_any_role(user)


def is_in_audience(user, event: Event) -> bool:
    audiences = visible_audiences(user)
    return audiences is None or event.audience in audiences


def can_see_event(user, event: Event) -> bool:
    """The event's audience, and anyone registered or invited to it (a coordinator may
    register or invite a person from outside the audience: they see what they are in)."""
    return is_in_audience(user, event) or (
        user.is_authenticated and Registration.objects.filter(event=event, user=user).exists()
    )


def can_register(user, event: Event) -> bool:
    """Registering oneself is for the event's audience."""
    return is_in_audience(user, event) and roles.has_any_role(user)


def can_cancel_registration(user, registration: Registration) -> bool:
    """A user cancels their own registration; coordinators may cancel anyone's."""
    return registration.user_id == user.id or can_manage_events(user)


def can_register_others(user) -> bool:
    """Coordinators register anyone; college coordinators the mentors of their colleges."""
    return can_manage_events(user) or bool(coordinated_college_ids(user))


def registrable_college_ids(user) -> frozenset[int] | None:
    """Whose mentors the user may register for events; None means anyone with a role."""
    if can_manage_events(user):
        return None
    return coordinated_college_ids(user)


def can_invite(user, event: Event) -> bool:
    """Invite people to an internal meeting and email the non-responders or the waiting list."""
    return can_manage_events(user) and event.kind == Event.Kind.MEETING


def can_answer_invitation(user, registration: Registration | None) -> bool:
    """Only the invitee answers their own invitation, while it is open to an answer."""
    return (
        registration is not None
        and registration.user_id == user.id
        and registration.status
        in (Registration.Status.INVITED, Registration.Status.MAYBE, Registration.Status.DECLINED)
    )


def training_college_ids(user) -> frozenset[int] | None | bool:
    """Whose training hours the user may see: None all (coordinators), the colleges a college
    coordinator coordinates, or False (nobody)."""
    if can_manage_events(user):
        return None
    ids = coordinated_college_ids(user)
    return ids if ids else False
