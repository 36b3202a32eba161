"""Public registration: people without an account register for an event open to the public.

Double opt-in: the form owes an e-mail with a confirmation link and holds no place; the link
(a signed token, events.tokens) confirms, and only then are capacity and the waiting list
applied, exactly as `services.register` does for members. The answer to the form is the same
whatever the address (new, already registered, a portal account's): nobody learns from it who
is registered or has an account. Cancelling, reminders, the calendar file and the emails are
the members' (services, notices).

Retention (`apply_retention`, run by the sweep): an unconfirmed registration is deleted after
UNCONFIRMED_DAYS; dietary and accessibility needs are blanked NEEDS_RETENTION_DAYS after the
event; name, e-mail and role EVENT_PARTICIPANT_RETENTION_YEARS after it (the organisation, its
type and the country stay for the grant's counts).
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import services
from events.models import Event, EventNotice, Registration
from events.services import ActionRefused

UNCONFIRMED_DAYS = 7
NEEDS_RETENTION_DAYS = 30
GUEST_FIELDS = (
    "guest_name",
    "guest_language",
    "organisation",
    "organisation_type",
    "from_partner",
    "country",
    "role",
    "dietary_needs",
    "accessibility_needs",
)


def _stamp() -> str:
    return timezone.now().isoformat()


@transaction.atomic
def request_registration(*, event_id: int, email: str, details: dict) -> Registration | None:
    """Record the registration as pending and owe the confirmation email.

    Someone already registered with the address gets an email with their own link instead
    (the form's answer is the same). A cancelled registration is reused. Returns the
    registration the email is about, or None when the event is not open to the public.
    """
    event = Event.objects.select_for_update().get(pk=event_id)
    if not event.is_public:
        raise ActionRefused(_("This event is not open for public registration."))
    services._check_open(event, timezone.now())
    email = email.strip().lower()
    registration = Registration.objects.filter(
        event=event, user__isnull=True, guest_email=email
    ).first()
    if registration is None or registration.status in (
        Registration.Status.CANCELLED,
        Registration.Status.PENDING,
    ):
        if registration is not None and registration.status == Registration.Status.CANCELLED:
            registration.sequence_offset += 1
        registration = registration or Registration(event=event, guest_email=email)
        for name in GUEST_FIELDS:
            setattr(registration, name, details.get(name, getattr(registration, name)))
        registration.status = Registration.Status.PENDING
        registration.registered_at = timezone.now()
        registration.cancelled_at = None
        registration.confirmed_at = None
        registration.attended = None
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:  # the same address sent twice at once: the first one stands
            return None
    services._notify(registration_ids=[registration.pk], kind=EventNotice.Kind.OPT_IN, key=_stamp())
    return registration


@transaction.atomic
def confirm(*, registration_id: int) -> Registration:
    """The confirmation link: a place, or the waiting list when the event is full.

    Confirming twice changes nothing."""
    event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
    event = Event.objects.select_for_update().get(pk=event_id)
    registration = Registration.objects.get(pk=registration_id)
    if registration.status != Registration.Status.PENDING:
        if registration.status == Registration.Status.CANCELLED:
            raise ActionRefused(
                _("This registration was cancelled. Register again on the event's page.")
            )
        return registration
    services._check_open(event, timezone.now())
    taken = Registration.objects.filter(event=event, status=Registration.Status.REGISTERED).count()
    full = event.capacity is not None and taken >= event.capacity
    now = timezone.now()
    registration.status = Registration.Status.WAITLISTED if full else Registration.Status.REGISTERED
    registration.confirmed_at = now
    registration.registered_at = now
    registration.save(update_fields=["status", "confirmed_at", "registered_at"])
    services._notify(
        registration_ids=[registration.pk],
        kind=EventNotice.Kind.CONFIRMATION,
        key=registration.registered_at.isoformat(),
    )
    return registration


def personal_data(registration: Registration) -> dict:
    """What the portal holds about a public participant, for their "Download my data"."""
    event = registration.event
    return {
        "event": {
            "title": event.title,
            "starts_at": event.starts_at.isoformat(),
            "ends_at": event.ends_at.isoformat(),
        },
        "registration": {
            "name": registration.guest_name,
            "email": registration.guest_email,
            "language": registration.guest_language,
            "organisation": registration.organisation,
            "organisation_type": registration.organisation_type,
            "from_partner_organisation": registration.from_partner,
            "country": registration.country,
            "role": registration.role,
            "dietary_needs": registration.dietary_needs,
            "accessibility_needs": registration.accessibility_needs,
            "status": registration.status,
            "registered_at": registration.registered_at.isoformat(),
            "confirmed_at": registration.confirmed_at.isoformat()
            if registration.confirmed_at
            else None,
            "cancelled_at": registration.cancelled_at.isoformat()
            if registration.cancelled_at
            else None,
            "attended": registration.attended,
        },
        "emails": [
            {"kind": kind, "owed_at": created.isoformat(), "sent_at": sent and sent.isoformat()}
            for kind, created, sent in registration.notices.order_by("created_at").values_list(
                "kind", "created_at", "sent_at"
            )
        ],
    }


def _years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


@transaction.atomic
def apply_retention(*, now: datetime.datetime | None = None) -> int:
    """The sweep's retention of public participants' personal data; returns rows changed."""
    now = now or timezone.now()
    public = Registration.objects.filter(user__isnull=True)
    changed, _deleted = public.filter(
        status=Registration.Status.PENDING,
        registered_at__lt=now - datetime.timedelta(days=UNCONFIRMED_DAYS),
    ).delete()
    changed += (
        public.filter(event__ends_at__lt=now - datetime.timedelta(days=NEEDS_RETENTION_DAYS))
        .exclude(dietary_needs="", accessibility_needs="")
        .update(dietary_needs="", accessibility_needs="")
    )
    cutoff = _years_before(now, settings.EVENT_PARTICIPANT_RETENTION_YEARS)
    expired = public.filter(event__ends_at__lt=cutoff, anonymised_at__isnull=True)
    EventNotice.objects.filter(registration__in=expired).delete()
    changed += expired.update(
        guest_name="",
        guest_email="",
        role="",
        dietary_needs="",
        accessibility_needs="",
        anonymised_at=now,
    )
    return changed


# Rate limits of the public form (the cache; while Redis is away, per process).
PER_ADDRESS_LIMIT = 3  # confirmation emails to one address for one event per hour
PER_CLIENT_LIMIT = 10  # registrations sent from one network address per hour
WINDOW = 3600


def within_limit(key: str, limit: int, *, window: int = WINDOW) -> bool:
    """Count one try under `key`; False once `limit` tries were made in the window."""
    from django.core.cache import cache

    full_key = f"events:public-limit:{key}"
    cache.add(full_key, 0, timeout=window)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.add(full_key, 1, timeout=window)
        count = 1
    return count <= limit
