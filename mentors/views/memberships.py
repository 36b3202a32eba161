"""Moving a mentor to another college, and correcting membership periods."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentors.forms.memberships import MembershipPeriodForm, MoveMentorForm
from mentors.models import MembershipPeriod
from mentors.services import memberships as membership_services
from mentors.views.common import colleges_for, managed_mentor


def _add_service_errors(form, error: ValidationError, default_field: str | None = None) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(default_field, error)


@login_required
@require_http_methods(["GET", "POST"])
def mentor_move(request, mentor_id: int):
    mentor = managed_mentor(request, mentor_id)
    form = MoveMentorForm(request.POST or None, colleges=colleges_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            membership_services.move_mentor(mentor=mentor, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error, "on")
        else:
            messages.success(
                request,
                _("The mentor was moved to %(college)s.")
                % {"college": form.cleaned_data["college"]},
            )
            return redirect("mentors:detail", mentor.pk)
    return render(request, "mentors/mentor_move.html", {"form": form, "mentor": mentor})


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request, mentor_id: int, period_id: int):
    mentor = managed_mentor(request, mentor_id)
    period = get_object_or_404(
        MembershipPeriod.objects.select_related("college"), pk=period_id, mentor=mentor
    )
    form = MembershipPeriodForm(
        request.POST or None, initial={"starts_on": period.starts_on, "ends_on": period.ends_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership_services.update_membership_period(period=period, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error, "starts_on")
        else:
            messages.success(request, _("The membership period was saved."))
            return redirect("mentors:detail", mentor.pk)
    return render(
        request, "mentors/membership_edit.html", {"form": form, "mentor": mentor, "period": period}
    )
