"""Everything the portal holds about one person, gathered from each app's selectors.

Used by "Download my data" (GDPR right of access). Secrets are left out: API tokens by
name only, the calendar feed by its existence. Survey answers are left out because
anonymous answers must stay unlinkable to their respondent.
"""

from django.utils import timezone

from events import selectors as event_selectors
from leadvet import mail_preferences, roles
from leadvet.api import tokens as api_tokens
from leadvet.models import User
from mentors.selectors import privacy as mentor_privacy
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
        "email_opt_outs": list(
            mail_preferences.opt_outs_of(user.email).values("kind", "created_at")
        ),
        "api_tokens": list(
            api_tokens.tokens_of(user)
            .order_by("created_at")
            .values("name", "can_write", "created_at", "last_used_at", "revoked_at")
        ),
    }
