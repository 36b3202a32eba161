"""Announcements to mentors and their emails."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet.lib.queue import enqueue_on_commit
from leadvet.models import User
from mentors import tasks
from mentors.models import Announcement, Notice
from mentors.selectors.announcements import announcement_recipients
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


def publish_announcement(
    *, author: User, title: str, body: str, audience: str, country=None, college=None
) -> Announcement:
    target = _announcement_target(audience, country, college)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            author=author, title=title, body=body, audience=audience, **target
        )
        enqueue_on_commit(tasks.fan_out_announcement, announcement.pk)
    return announcement


@transaction.atomic
def update_announcement(
    *, announcement: Announcement, title: str, body: str, audience: str, country=None, college=None
) -> Announcement:
    """Edit the text or audience; people already emailed are not emailed again."""
    target = _announcement_target(audience, country, college)
    announcement.title = title
    announcement.body = body
    announcement.audience = audience
    announcement.country = target["country"]
    announcement.college = target["college"]
    announcement.save()
    enqueue_on_commit(tasks.fan_out_announcement, announcement.pk)
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
    """The sweep: owe the emails of recent announcements that have none yet, because the
    task enqueued at publishing never reached the broker. Returns the emails enqueued."""
    now = now or timezone.now()
    lost = (
        Announcement.objects.filter(
            published_at__lte=now - FAN_OUT_LATE_AFTER,
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


def owe_announcement_notices(*, announcement_id: int) -> int:
    """One email per recipient, once: bulk-insert the notices, enqueue those unsent."""
    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is None:
        return 0
    key = str(announcement.pk)
    with transaction.atomic():
        user_ids = announcement_recipients(announcement).values_list("user_id", flat=True)
        Notice.objects.bulk_create(
            [
                Notice(kind=Notice.Kind.ANNOUNCEMENT, key=key, recipient_id=user_id)
                for user_id in user_ids
            ],
            ignore_conflicts=True,
        )
        return enqueue_unsent(Notice.objects.filter(kind=Notice.Kind.ANNOUNCEMENT, key=key))
