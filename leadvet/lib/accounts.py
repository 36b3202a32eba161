"""allauth integration: nobody signs up on their own (coordinators invite), and the account
emails allauth sends (password reset, address confirmation, security notices) are the
portal's own.

allauth hands each email to `PortalAccountAdapter.send_mail`, which owes it as an
AccountEmail row; the outbox sends it like every other email (retried, exactly once), from
the portal's templates under templates/email/account/, in the recipient's own language (the
browser's only for an address without an account), with links on settings.SITE_URL.

Single sign-on follows the invitation rule too: a login through an identity provider reaches an
account that already exists (matched once by the provider's verified e-mail address, then by
the stored link, a SocialAccount) and never creates one. Members of the roles in
settings.SSO_REQUIRED_ROLES may only sign in through an identity provider.
"""

import datetime
import logging
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from leadvet import roles, tasks
from leadvet.lib.mail import build_email
from leadvet.lib.queue import enqueue_on_commit
from leadvet.models import AccountEmail, User

logger = logging.getLogger(__name__)

# allauth's emails (by template prefix) → the portal's templates under templates/email/.
TEMPLATES = {
    "account/email/password_reset_key": "account/password_reset_key",
    "account/email/unknown_account": "account/unknown_account",
    "account/email/email_confirmation": "account/email_confirmation",
    "account/email/email_confirmation_signup": "account/email_confirmation",
    "account/email/account_already_exists": "account/account_already_exists",
    "account/email/login_code": "account/login_code",
    "account/email/password_reset_code": "account/password_reset_code",
}
# allauth's security notices share one template; what happened is said here.
SECURITY_NOTICE = "account/security_notice"
SECURITY_NOTICES = {
    "account/email/password_reset": _("The password of your account was reset."),
    "account/email/password_changed": _("The password of your account was changed."),
    "account/email/password_set": _("A password was set for your account."),
    "account/email/email_changed": _(
        "The email address of your account was changed from %(from_email)s to %(to_email)s."
    ),
    "account/email/email_deleted": _(
        "The email address %(deleted_email)s was removed from your account."
    ),
    "mfa/email/totp_activated": _(
        "Two-factor authentication with an authenticator app was turned on for your account."
    ),
    "mfa/email/totp_deactivated": _(
        "Two-factor authentication with an authenticator app was turned off for your account."
    ),
    "mfa/email/recovery_codes_generated": _(
        "New recovery codes were made for your account; the earlier ones no longer work."
    ),
    "mfa/email/webauthn_added": _("A security key was added to your account."),
    "mfa/email/webauthn_removed": _("A security key was removed from your account."),
}
# What of allauth's context an email needs and the database does not hold.
KEPT = (
    "password_reset_url",
    "activate_url",
    "code",
    "ip",
    "user_agent",
    "from_email",
    "to_email",
    "deleted_email",
)
# Unsent after this long, an account email is dropped: its links expire, and whoever asked
# for it has asked again or given up.
WANTED_FOR = datetime.timedelta(hours=24)


def must_use_sso(user) -> bool:
    """True when one of the user's roles is in settings.SSO_REQUIRED_ROLES."""
    required = set(settings.SSO_REQUIRED_ROLES)
    return bool(required) and bool(roles.role_names(user) & required)


def sso_refusal(request, *, reason: str, email: str | None = None, status: int = 403):
    """The page an SSO login that reaches no account gets: what happened and what to do."""
    return render(
        request, "account/sso_refused.html", {"reason": reason, "email": email}, status=status
    )


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def pre_login(self, request, user, *, signal_kwargs=None, **kwargs):
        """Refuse a password (or password-reset) login to a role that must use SSO."""
        via_sso = bool(signal_kwargs and signal_kwargs.get("sociallogin"))
        if user.is_active and not via_sso and must_use_sso(user):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return sso_refusal(request, reason="sso_required")
        return super().pre_login(request, user, signal_kwargs=signal_kwargs, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Owe the email; the outbox sends it once this request's transaction commits."""
        if template_prefix not in TEMPLATES and template_prefix not in SECURITY_NOTICES:
            raise ValueError(f"the portal has no template for allauth's {template_prefix}")
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        row = AccountEmail.objects.create(
            template=template_prefix,
            address=email,
            user=user,
            language=user.language if user else _request_language(),
            context={key: str(context[key]) for key in KEPT if context.get(key)},
        )
        enqueue_on_commit(tasks.send_account_emails, [row.pk])

    def send_notification_mail(self, template_prefix, user, context=None, email=None) -> None:
        """allauth leaves the user out of a notice's context: the email greets them by name."""
        super().send_notification_mail(
            template_prefix, user, {**(context or {}), "user": user}, email
        )

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", quote(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])


def _request_language() -> str:
    language = translation.get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def build_account_emails(
    rows: list[AccountEmail], now: datetime.datetime
) -> list[tuple[AccountEmail, EmailMultiAlternatives | None]]:
    """Each account email (the outbox's builder), or None once it is too old to be wanted."""
    emails = []
    for row in rows:
        if row.created_at < now - WANTED_FOR:
            emails.append((row, None))
            continue
        template, context = _template_and_context(row)
        message = build_email(
            to=[row.address], template=template, context=context, language=row.language
        )
        emails.append((row, message))
    return emails


def _template_and_context(row: AccountEmail) -> tuple[str, dict]:
    context = {
        **row.context,
        "user": row.user,
        "email": row.address,
        "asked_at": row.created_at,
        "reset_url": settings.SITE_URL + reverse("account_reset_password"),
        "login_url": settings.SITE_URL + reverse("account_login"),
    }
    if row.template in SECURITY_NOTICES:
        with translation.override(row.language):
            values = {key: row.context.get(key, "") for key in KEPT}
            context["what"] = str(SECURITY_NOTICES[row.template]) % values
        return SECURITY_NOTICE, context
    return TEMPLATES[row.template], context


def verified_email(sociallogin) -> str | None:
    """The first address the identity provider vouches for (its claim or the provider's
    `trust_email` setting, both applied by allauth), lower-cased."""
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return address.email.strip().lower()
    return None


@transaction.atomic
def link_social_account(*, request, sociallogin, user) -> None:
    """Store the link so later logins find the account by it, and record the address the
    provider vouched for as verified (the invitation's own e-mail check is then done)."""
    sociallogin.connect(request, user)
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=not has_primary
        )
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


class InvitationOnlySocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            # Linked before; allauth's pre_login still refuses a deactivated account.
            return
        email = verified_email(sociallogin)
        if email is None:
            raise ImmediateHttpResponse(sso_refusal(request, reason="unverified"))
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            # A signed-in user links a provider account: only one with their own address.
            if email != request.user.email.lower():
                raise ImmediateHttpResponse(sso_refusal(request, reason="other_account"))
            return
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ImmediateHttpResponse(sso_refusal(request, reason="no_account", email=email))
        link_social_account(request=request, sociallogin=sociallogin, user=user)
