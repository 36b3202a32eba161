"""Sending the feedback emails (the outbox delivers; the sweep resends what was lost)."""

from celery import shared_task

from leadvet.lib.outbox import RETRY


@shared_task(name="outcomes.send_contact_feedback", **RETRY)
def send_contact_feedback(feedback_ids: list[int]) -> int:
    from leadvet.lib import outbox
    from outcomes.models import ContactFeedback

    return outbox.deliver(ContactFeedback, feedback_ids)


@shared_task(name="outcomes.send_event_feedback", **RETRY)
def send_event_feedback(feedback_ids: list[int]) -> int:
    from leadvet.lib import outbox
    from outcomes.models import EventFeedback

    return outbox.deliver(EventFeedback, feedback_ids)


@shared_task(name="outcomes.forget_old_teacher_student_data")
def forget_old_teacher_student_data() -> int:
    """Monthly (beat): teacher students' names and feedback texts past their retention."""
    from outcomes import services

    return services.forget_old_teacher_student_data()
