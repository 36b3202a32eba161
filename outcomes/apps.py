from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _ask_whether_the_answer_helped(sender, instance, raw=False, **kwargs):
    """A contact request answered (accepted or declined): its teacher educator is asked once
    whether it helped. Owed in the answer's transaction; not when a backup is loaded (`raw`:
    loaddata brings the feedback rows of its own)."""
    from outcomes.services import ANSWERED_STATUSES, owe_contact_feedback

    if raw:
        return
    if instance.status in ANSWERED_STATUSES and instance.responded_at is not None:
        with transaction.atomic():
            owe_contact_feedback(request=instance)


class OutcomesConfig(AppConfig):
    """What the network brings about: teacher students' placements and hires, the programme's
    goals and deliverables, feedback on contacts and events, curriculum proposals."""

    name = "outcomes"
    verbose_name = _("Outcomes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from leadvet.lib import outbox
        from mentors.models import ContactRequest
        from outcomes.models import ContactFeedback, EventFeedback
        from outcomes.notices import build_contact_feedback_emails, build_event_feedback_emails
        from outcomes.tasks import send_contact_feedback, send_event_feedback

        outbox.register(
            outbox.Outbox(
                model=ContactFeedback,
                build=build_contact_feedback_emails,
                task=send_contact_feedback,
                select_related=("recipient", "request__mentor__user"),
                forget_unwanted=False,
            )
        )
        outbox.register(
            outbox.Outbox(
                model=EventFeedback,
                build=build_event_feedback_emails,
                task=send_event_feedback,
                select_related=("registration__user", "registration__event"),
                forget_unwanted=False,
            )
        )
        post_save.connect(
            _ask_whether_the_answer_helped,
            sender=ContactRequest,
            dispatch_uid="outcomes-ask-whether-the-answer-helped",
        )
