from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from events import downloads
        from events.models import EventNotice
        from events.notices import build_notice_emails
        from events.services import forget_registrant
        from events.tasks import send_event_notices
        from leadvet.lib import outbox
        from mentors.signals import mentor_anonymised

        mentor_anonymised.connect(forget_registrant, dispatch_uid="events-forget-registrant")
        downloads.register()

        outbox.register(
            outbox.Outbox(
                model=EventNotice,
                build=build_notice_emails,
                task=send_event_notices,
                select_related=("registration__user", "registration__event"),
                # Reminders are owed afresh by enqueue_due_reminders at their due time.
                resend=lambda rows: rows.exclude(kind=EventNotice.Kind.REMINDER),
            )
        )
