"""allauth integration: nobody signs up on their own; coordinators invite.

Single sign-on follows the same rule: a login through an identity provider reaches an account
that already exists (matched once by the provider's verified e-mail address, then by the
stored link, a SocialAccount) and never creates one. Members of the roles in
settings.SSO_REQUIRED_ROLES may only sign in through an identity provider.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import render

from leadvet import roles


def must_use_sso(user) -> bool:
    """True when one of the user's roles is in settings.SSO_REQUIRED_ROLES."""
    required = set(settings.SSO_REQUIRED_ROLES)
    return bool(required) and bool(roles.role_names(user) & required)


def sso_refusal(request, *, reason: str, email: str | None = None, status: int = 403):
    """The page an SSO login that reaches no account gets: what happened and what to do."""
    return render(
        request, "account/sso_refused.html", {"reason": reason, "email": email}, status=status
    )


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
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
