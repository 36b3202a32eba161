"""Announcements to mentors and their emails."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet.lib.queue import enqueue_on_commit
from leadvet.models import User
from mentors import tasks
from mentors.models import Announcement, Notice
from mentors.selectors.announcements import recipient_users
from mentors.services.notices import enqueue_unsent


def _announcement_target(audience: str, country, college) -> dict:
    if audience == Announcement.Audience.COUNTRY:
        if country is None:
            raise ValidationError({"country": _("Choose the country the announcement is for.")})
        return {"country": country, "college": None}
    if audience == Announcement.Audience.COLLEGE:
        if college is None:
            raise ValidationError({"college": _("Choose the college the announcement is for.")})
        return {"country": None, "college": college}
    return {"country": None, "college": None}


def draft_announcement(
    *,
    author: User,
    audience: str,
    title: str = "",
    body: str = "",
    texts: dict | None = None,
    country=None,
    college=None,
    scheduled_for: datetime.datetime | None = None,
) -> Announcement:
    """An announcement waiting on its preview: nobody sees it or gets it until confirmed.
    `title` and `body` are in the active language; `texts` gives them per language instead
    (`title_en`, `body_fi`, …: the form's translated_values)."""
    target = _announcement_target(audience, country, college)
    _check_schedule(scheduled_for)
    return Announcement.objects.create(
        author=author,
        **(texts if texts is not None else {"title": title, "body": body}),
        audience=audience,
        scheduled_for=scheduled_for,
        confirmed_at=None,
        **target,
    )


def _check_schedule(scheduled_for: datetime.datetime | None) -> None:
    if scheduled_for is not None and scheduled_for < timezone.now() - SCHEDULE_SLACK:
        raise ValidationError(
            {"scheduled_for": _("The publication time has passed: give a time in the future.")}
        )


# A publication time a little in the past (the form filled in slowly) means "now".
SCHEDULE_SLACK = datetime.timedelta(minutes=5)


@transaction.atomic
def confirm_announcement(*, announcement: Announcement) -> Announcement:
    """Publish a draft (at its scheduled time, or now) and owe its emails once it is due;
    for a published one after an edit, email those it now reaches and has not yet. A
    scheduled one is fanned out by the sweep when its time comes (`fan_out_due_announcements`)."""
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    now = timezone.now()
    if announcement.confirmed_at is None:
        announcement.confirmed_at = now
        announcement.published_at = max(announcement.scheduled_for or now, now)
        announcement.save(update_fields=["confirmed_at", "published_at"])
    if announcement.published_at <= now:
        enqueue_on_commit(tasks.fan_out_announcement, announcement.pk)
    return announcement


def publish_announcement(
    *,
    author: User,
    audience: str,
    title: str = "",
    body: str = "",
    texts: dict | None = None,
    country=None,
    college=None,
) -> Announcement:
    """Draft and confirm at once (the demo data, scripts, a post of the network space):
    published and emailed now. `texts` as for draft_announcement."""
    with transaction.atomic():
        announcement = draft_announcement(
            author=author,
            title=title,
            body=body,
            texts=texts,
            audience=audience,
            country=country,
            college=college,
        )
        return confirm_announcement(announcement=announcement)


@transaction.atomic
def update_announcement(
    *,
    announcement: Announcement,
    audience: str,
    title: str = "",
    body: str = "",
    texts: dict | None = None,
    country=None,
    college=None,
    scheduled_for: datetime.datetime | None = None,
) -> Announcement:
    """Edit the text (as in draft_announcement), audience or (until it is published) the
    time. Nothing is emailed here: the preview's confirmation emails those not emailed yet;
    nobody gets it twice."""
    target = _announcement_target(audience, country, college)
    for name, value in (texts if texts is not None else {"title": title, "body": body}).items():
        setattr(announcement, name, value)
    announcement.audience = audience
    announcement.country = target["country"]
    announcement.college = target["college"]
    if not announcement.is_published():
        if scheduled_for != announcement.scheduled_for:
            _check_schedule(scheduled_for)
        announcement.scheduled_for = scheduled_for
        if announcement.confirmed_at is not None:
            # A scheduled one moved: published at the new time (or at once).
            announcement.published_at = max(scheduled_for or timezone.now(), timezone.now())
    announcement.save()
    return announcement


@transaction.atomic
def delete_announcement(*, announcement: Announcement) -> None:
    Notice.objects.filter(
        kind=Notice.Kind.ANNOUNCEMENT, key=str(announcement.pk), sent_at__isnull=True
    ).delete()
    announcement.delete()


# An announcement whose fan-out task was never run (the broker was down when it was
# published) is fanned out by the sweep once it is this old, for this long.
FAN_OUT_LATE_AFTER = datetime.timedelta(minutes=10)
FAN_OUT_GIVE_UP_AFTER = datetime.timedelta(days=7)


def fan_out_lost_announcements(now: datetime.datetime | None = None) -> int:
    """The sweep: owe the emails of published announcements that have none yet: a scheduled
    one whose time has come, or one whose task enqueued at confirmation never reached the
    broker (then ten minutes late). Owing twice is a no-op, so each is emailed once."""
    now = now or timezone.now()
    lost = (
        Announcement.objects.filter(
            Q(published_at__lte=now - FAN_OUT_LATE_AFTER) | Q(scheduled_for__isnull=False),
            confirmed_at__isnull=False,
            published_at__lte=now,
            published_at__gte=now - FAN_OUT_GIVE_UP_AFTER,
        )
        .annotate(
            owed=Exists(
                Notice.objects.filter(
                    kind=Notice.Kind.ANNOUNCEMENT, key=Cast(OuterRef("pk"), CharField())
                )
            )
        )
        .filter(owed=False)
        .values_list("pk", flat=True)
    )
    return sum(owe_announcement_notices(announcement_id=pk) for pk in lost)


fan_out_due_announcements = fan_out_lost_announcements


def owe_announcement_notices(*, announcement_id: int) -> int:
    """One email per recipient, once: bulk-insert the notices, enqueue those unsent."""
    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is None or not announcement.is_published():
        return 0
    key = str(announcement.pk)
    with transaction.atomic():
        user_ids = recipient_users(announcement).values_list("pk", flat=True)
        Notice.objects.bulk_create(
            [
                Notice(kind=Notice.Kind.ANNOUNCEMENT, key=key, recipient_id=user_id)
                for user_id in user_ids
            ],
            ignore_conflicts=True,
        )
        return enqueue_unsent(Notice.objects.filter(kind=Notice.Kind.ANNOUNCEMENT, key=key))
