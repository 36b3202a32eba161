"""Anonymising a mentor who leaves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leadvet import audit
from mentors import permissions
from mentors.services import privacy as privacy_services
from mentors.views.common import managed_mentor


@login_required
@require_http_methods(["GET", "POST"])
def mentor_anonymise(request, mentor_id: int):
    mentor = managed_mentor(request, mentor_id)
    if not permissions.can_anonymise_mentor(request.user, mentor):
        raise PermissionDenied
    if mentor.anonymised_at is not None:
        messages.info(request, _("This mentor has already been anonymised."))
        return redirect("mentors:detail", mentor.pk)
    if request.method == "POST":
        privacy_services.anonymise_mentor(mentor=mentor, by=request.user)
        audit.record(
            actor=request.user,
            action=audit.Action.ANONYMISATION,
            target=f"mentor {mentor.pk}",
            request=request,
            subject=mentor.user,
        )
        messages.success(
            request,
            _("The mentor's personal data was removed. Their contacts remain in the statistics."),
        )
        return redirect("mentors:detail", mentor.pk)
    return render(request, "mentors/mentor_anonymise.html", {"mentor": mentor})
