"""Mentors assigned to VTE groups, and suggestions for a group."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from colleges.models import VTEGroup
from colleges.selectors import visible_groups
from mentors import permissions
from mentors.forms.assignments import AssignmentForm
from mentors.models import GroupAssignment
from mentors.selectors import assignments as assignment_selectors
from mentors.services import assignments as assignment_services


def _managed_group_or_404(request, pk) -> VTEGroup:
    if not permissions.can_manage_assignments(request.user):
        raise PermissionDenied
    try:
        return visible_groups(request.user).select_related("field", "institution").get(pk=pk)
    except VTEGroup.DoesNotExist:
        raise Http404 from None


def _capacity_message(mentor, load) -> str:
    return _(
        "%(name)s now works with %(load)d groups; their declared capacity is %(capacity)d."
    ) % {"name": mentor.name, "load": load, "capacity": mentor.capacity_groups}


@login_required
@require_GET
def group_suggestions(request, pk):
    group = _managed_group_or_404(request, pk)
    if not permissions.can_see_suggestions(request.user, group):
        raise PermissionDenied
    suggestions = assignment_selectors.suggest_mentors_for_group(
        group, college_ids=permissions.assignable_college_ids(request.user)
    )
    return render(
        request, "mentors/group_suggestions.html", {"group": group, "suggestions": suggestions}
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request, group_pk):
    group = _managed_group_or_404(request, group_pk)
    if group.is_closed:
        messages.error(request, _("The group is closed: reopen it before assigning mentors."))
        return redirect("colleges:group_detail", pk=group.pk)
    college_ids = permissions.assignable_college_ids(request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("mentor", "").isdigit():
        initial["mentor"] = int(request.GET["mentor"])
    form = AssignmentForm(
        request.POST or None, group=group, college_ids=college_ids, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        mentor = form.cleaned_data["mentor"]
        if not permissions.can_assign_mentor(request.user, mentor):
            raise PermissionDenied
        result = assignment_services.assign_mentor(
            group=group,
            mentor=mentor,
            role=form.cleaned_data["role"],
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
            by=request.user,
        )
        messages.success(
            request,
            _("%(name)s was assigned to %(group)s.") % {"name": mentor.name, "group": group},
        )
        if result.over_capacity:
            messages.warning(request, _capacity_message(mentor, result.load))
        return redirect("colleges:group_detail", pk=group.pk)

    capacity_warning = None
    mentor = form.fields["mentor"].queryset.filter(pk=initial.get("mentor")).first()
    if mentor is not None:
        load = assignment_selectors.current_group_count(mentor, exclude_group=group)
        if load + 1 > mentor.capacity_groups:
            capacity_warning = _capacity_message(mentor, load + 1)
    return render(
        request,
        "mentors/assignment_form.html",
        {"form": form, "group": group, "capacity_warning": capacity_warning},
    )


@login_required
@require_POST
def assignment_end(request, pk):
    if not permissions.can_manage_assignments(request.user):
        raise PermissionDenied
    assignment = get_object_or_404(
        GroupAssignment.objects.select_related("mentor__user", "vte_group"), pk=pk
    )
    if not permissions.can_end_assignment(request.user, assignment):
        raise PermissionDenied
    assignment_services.end_assignment(assignment=assignment)
    messages.success(
        request,
        _("The assignment of %(name)s to %(group)s ends on %(date)s.")
        % {
            "name": assignment.mentor.name,
            "group": assignment.vte_group,
            "date": date_format(assignment.ends_on, "SHORT_DATE_FORMAT"),
        },
    )
    return redirect("colleges:group_detail", pk=assignment.vte_group_id)
