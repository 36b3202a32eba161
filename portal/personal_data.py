"""Everything the portal holds about one person, gathered from each app's selectors.

Used by "Download my data" (GDPR right of access). Secrets are left out: API tokens by
name only, the calendar feed by its existence. Survey answers are left out because
anonymous answers must stay unlinkable to their respondent. The audit log gives what the
person did with the address they came from, and what was done about them without the other
person's address.
"""

from django.utils import timezone

from alumni import selectors as alumni_selectors
from events import selectors as event_selectors
from leadvet import audit, mail_preferences, roles
from leadvet.api import tokens as api_tokens
from leadvet.models import User
from mentors.selectors import privacy as mentor_privacy
from outcomes.selectors import records as outcome_records
from portal.models import ReportDelivery
from space import selectors as space_selectors
from surveys.selectors import invitations as survey_invitations


def personal_data_of(user: User) -> dict:
    return {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "roles": sorted(roles.role_names(user)),
        **mentor_privacy.personal_data_of(user),
        **event_selectors.personal_data_of(user),
        **survey_invitations.personal_data_of(user),
        **alumni_selectors.personal_data_of(user),
        **space_selectors.personal_data_of(user),
        **outcome_records.personal_data_of(user),
        "email_opt_outs": list(
            mail_preferences.opt_outs_of(user.email).values("kind", "created_at")
        ),
        "api_tokens": list(
            api_tokens.tokens_of(user)
            .order_by("created_at")
            .values("name", "can_write", "created_at", "last_used_at", "revoked_at")
        ),
        "report_emails": list(
            ReportDelivery.objects.filter(recipient=user)
            .order_by("month")
            .values("month", "created_at", "sent_at")
        ),
        "audit_events": [_audit_entry(event, user) for event in audit.events_of(user)],
    }


def _audit_entry(event, user: User) -> dict:
    by_them = event.actor_id == user.pk
    return {
        "time": event.created_at,
        "action": event.get_action_display(),
        "target": event.target,
        "by_you": by_them,
        "ip": event.ip if by_them else None,
    }


def forget_report_recipient(*, user, **kwargs) -> int:
    """When a person is anonymised: the monthly reports still owed to them are not sent."""
    deleted, _by_model = ReportDelivery.objects.filter(
        recipient=user, sent_at__isnull=True
    ).delete()
    return deleted
