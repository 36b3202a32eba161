"""Inviting mentors, and accepting an invitation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from leadvet import audit
from leadvet.lib.exports import applied_filters
from mentors import permissions
from mentors.filters import MentorFilter
from mentors.forms.invitations import InvitationForm
from mentors.models import MentorImport
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


def _bulk_invitation(request, *, targets, scope: list[str], audit_scope: str, back_url: str):
    """The confirmation page (how many, who) on GET; the invitations on POST."""
    if request.method == "POST":
        result = invitation_services.send_invitations(targets=targets, by=request.user)
        if result.sent or result.resent:
            audit.record(
                actor=request.user,
                action=audit.Action.BULK_INVITATION,
                target=f"{result.sent} new, {result.resent} again: {audit_scope}",
                request=request,
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s invitation is on its way.",
                    "%(count)s invitations are on their way.",
                    result.sent + result.resent,
                )
                % {"count": result.sent + result.resent},
            )
        else:
            messages.info(request, _("Nobody here is waiting for an invitation: nothing was sent."))
        if result.left:
            messages.warning(
                request,
                ngettext(
                    "%(count)s more mentor is still to be invited: send the invitations again.",
                    "%(count)s more mentors are still to be invited: send the invitations again.",
                    result.left,
                )
                % {"count": result.left},
            )
        return redirect(back_url)
    new, expired = targets.new.count(), targets.expired.count()
    return render(
        request,
        "mentors/bulk_invite.html",
        {
            "scope": scope,
            "new_count": new,
            "expired_count": expired,
            "skipped": targets.skipped,
            "total": new + expired,
            "preview": list(targets.mentors()[:PREVIEW_ROWS]),
            "more": max(new + expired - PREVIEW_ROWS, 0),
            "limit": invitation_services.MAX_BULK_INVITATIONS,
            "expiry_days": settings.INVITATION_EXPIRY_DAYS,
            "back_url": back_url,
        },
    )


PREVIEW_ROWS = 50


@login_required
@require_http_methods(["GET", "POST"])
def bulk_invite(request):
    """Invite the not-yet-invited (and the expired) mentors of the pool list as filtered."""
    require_pool_user(request.user)
    pool = MentorFilter(
        request.GET or None,
        queryset=permissions.visible_mentors(request.user),
        college_queryset=colleges_for(request.user),
    )
    back_url = reverse("mentors:list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    if pool.is_bound and not pool.is_valid():
        # An invalid filter would be ignored, reaching more mentors than the list showed.
        messages.error(request, _("The list's filters are not valid: correct them first."))
        return redirect(back_url)
    filters = [f"{label}: {value}" for label, value in applied_filters(pool.form)]
    return _bulk_invitation(
        request,
        targets=invitation_selectors.invitation_targets(pool.qs),
        scope=filters or [_("Every mentor you manage")],
        audit_scope=f"mentor list {request.GET.urlencode()}".strip(),
        back_url=back_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_invite(request, import_id: int):
    """Invite the mentors an import created who are not invited yet (or whose link expired)."""
    if not permissions.can_import_mentors(request.user):
        raise PermissionDenied
    mentor_import = get_object_or_404(MentorImport.objects.defer("upload"), pk=import_id)
    back_url = reverse("mentors:import_detail", args=[mentor_import.pk])
    if mentor_import.status not in (MentorImport.Status.DONE, MentorImport.Status.FAILED):
        messages.error(request, _("Mentors can be invited once the import has run."))
        return redirect(back_url)
    mentors = permissions.visible_mentors(
        request.user, invitation_selectors.imported_mentors(mentor_import)
    )
    return _bulk_invitation(
        request,
        targets=invitation_selectors.invitation_targets(mentors),
        scope=[_("Mentors of the import “%(name)s”") % {"name": mentor_import.filename}],
        audit_scope=f"import {mentor_import.pk} {mentor_import.filename}",
        back_url=back_url,
    )
