"""Inviting mentors, and accepting an invitation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentors.forms.invitations import InvitationForm
from mentors.selectors import invitations as invitation_selectors
from mentors.services import invitations as invitation_services
from mentors.views.common import colleges_for, managed_mentor, require_pool_user

ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@login_required
@require_http_methods(["GET", "POST"])
def mentor_invite(request):
    require_pool_user(request.user)
    form = InvitationForm(request.POST or None, colleges=colleges_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            mentor = invitation_services.invite_mentor(
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                college=form.cleaned_data["college"],
                unit=form.cleaned_data["unit"],
                language=form.cleaned_data["language"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.") % {"email": mentor.user.email},
            )
            return redirect("mentors:detail", mentor.pk)
    return render(
        request,
        "mentors/mentor_invite.html",
        {"form": form, "expiry_days": settings.INVITATION_EXPIRY_DAYS},
    )


@login_required
@require_POST
def mentor_send_invitation(request, mentor_id: int):
    mentor = managed_mentor(request, mentor_id)
    try:
        invitation_services.send_invitation(user=mentor.user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new invitation is on its way to %(email)s.") % {"email": mentor.user.email},
        )
    return redirect("mentors:detail", mentor.pk)


@require_http_methods(["GET", "POST"])
def accept_invitation(request, key: str):
    invitation = invitation_selectors.invitation_by_key(key)
    if invitation is None:
        return render(
            request, "mentors/invitation_unusable.html", {"reason": "unknown"}, status=404
        )
    state = invitation.state
    if state in {"accepted", "expired"} or not invitation.user.is_active:
        return render(request, "mentors/invitation_unusable.html", {"reason": state}, status=410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_services.accept_invitation(
                invitation=invitation, set_password_form=form
            )
        except ValidationError:
            return render(
                request, "mentors/invitation_unusable.html", {"reason": "accepted"}, status=410
            )
        login(request, user, backend=ALLAUTH_BACKEND)
        messages.success(
            request,
            _("Welcome to the LeadVET mentor network, %(name)s! Your password is set.")
            % {"name": user.first_name or user.email},
        )
        return redirect("home")
    return render(
        request, "mentors/invitation_accept.html", {"form": form, "invitation": invitation}
    )
