"""The mentor pool: list, export, a mentor's page, adding, editing, status, deleting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leadvet.lib import jobs
from mentors import downloads, permissions
from mentors.filters import mentor_pool_filter
from mentors.forms.pool import MentorForm, NewMentorForm, StatusChangeForm
from mentors.models import Mentor
from mentors.selectors import history as history_selectors
from mentors.selectors import memberships as membership_selectors
from mentors.selectors import pool as pool_selectors
from mentors.services import invitations as invitation_services
from mentors.services import pool as pool_services
from mentors.views.common import PAGE_SIZE, colleges_for, managed_mentor, require_pool_user


@login_required
@require_GET
def mentor_list(request):
    require_pool_user(request.user)
    # The fields, tasks and languages: the rows' names and the filter's choices.
    catalogue = pool_selectors.pool_catalogue()
    mentor_filter = mentor_pool_filter(request.user, request.GET, bare=True, catalogue=catalogue)
    page_obj = Paginator(pool_selectors.ordered_ids(mentor_filter.qs), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page_obj.object_list = pool_selectors.mentor_pool_rows(page_obj.object_list, catalogue)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "mentors/mentor_list.html",
        {
            "filter": mentor_filter,
            "page_obj": page_obj,
            "query_string": query.urlencode(),
            "can_import": permissions.can_import_mentors(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_export(request, file_format: str):
    """At most a page of mentors at once; more in the background (leadvet.lib.jobs)."""
    require_pool_user(request.user)
    return jobs.respond(
        request,
        kind=downloads.MENTOR_LIST,
        params={"format": file_format, "query": request.GET.urlencode()},
        title=_("Mentor list (%(format)s)") % {"format": file_format.upper()},
        audit_target=f"mentor list .{file_format} {request.GET.urlencode()}".strip(),
    )


@login_required
@require_GET
def mentor_detail(request, mentor_id: int):
    user = request.user
    if not permissions.may_open_mentor_pages(user):
        raise PermissionDenied
    try:
        mentor = pool_selectors.mentor_for_detail(mentor_id)
    except Mentor.DoesNotExist as error:
        raise Http404 from error
    full = permissions.can_see_full_profile(user, mentor)
    if not full and not permissions.can_see_public_profile(user, mentor):
        raise Http404
    context = {
        "mentor": mentor,
        "full": full,
        "can_manage": permissions.can_manage_mentor(user, mentor),
        "can_anonymise": not mentor.anonymised_at
        and permissions.can_anonymise_mentor(user, mentor),
        "availability": pool_selectors.mentor_availability(mentor),
    }
    if full:
        context.update(
            {
                "invitation": getattr(mentor.user, "invitation", None),
                "can_invite": mentor.portal_account in pool_selectors.PortalAccount.INVITABLE,
                "assignments": pool_selectors.mentor_assignments(mentor),
                "contact_counts": pool_selectors.contact_counts_by_task(mentor),
                "events": pool_selectors.events_attended(mentor),
                "status_changes": pool_selectors.status_history(mentor),
                "memberships": membership_selectors.membership_history(mentor),
                "history": history_selectors.change_history(mentor),
            }
        )
    return render(request, "mentors/mentor_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mentor_create(request):
    require_pool_user(request.user)
    form = NewMentorForm(request.POST or None, colleges=colleges_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            # One transaction: a refused invitation leaves no half-made mentor behind.
            with transaction.atomic():
                mentor = pool_services.create_mentor(
                    email=form.cleaned_data["email"],
                    created_by=request.user,
                    **form.service_kwargs(),
                )
                if form.cleaned_data["send_invitation"]:
                    invitation_services.send_invitation(user=mentor.user, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The mentor %(name)s was added.") % {"name": mentor.name})
            return redirect("mentors:detail", mentor.pk)
    return render(
        request,
        "mentors/mentor_form.html",
        {"form": form, "title": _("Add a mentor"), "cancel_url": "mentors:list"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_edit(request, mentor_id: int):
    mentor = managed_mentor(request, mentor_id)
    form = MentorForm(
        request.POST or None,
        initial=MentorForm.initial_for(mentor),
        colleges=colleges_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        pool_services.update_mentor(mentor=mentor, **form.service_kwargs())
        messages.success(request, _("The mentor's details were saved."))
        return redirect("mentors:detail", mentor.pk)
    return render(
        request,
        "mentors/mentor_form.html",
        {"form": form, "mentor": mentor, "title": _("Edit %(name)s") % {"name": mentor.name}},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_status(request, mentor_id: int):
    mentor = managed_mentor(request, mentor_id)
    form = StatusChangeForm(request.POST or None, mentor=mentor)
    if request.method == "POST" and form.is_valid():
        try:
            pool_services.change_status(
                mentor=mentor,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                official_status_date=form.cleaned_data["official_status_date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, field_errors in error.error_dict.items():
                    form.add_error(field, field_errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The mentor's status was changed."))
            return redirect("mentors:detail", mentor.pk)
    return render(request, "mentors/mentor_status.html", {"form": form, "mentor": mentor})


@login_required
@require_http_methods(["GET", "POST"])
def mentor_delete(request, mentor_id: int):
    mentor = managed_mentor(request, mentor_id)
    has_activity = pool_selectors.has_activity(mentor)
    if request.method == "POST":
        try:
            pool_services.delete_mentor(mentor=mentor)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("mentors:detail", mentor.pk)
        messages.success(request, _("The mentor %(name)s was deleted.") % {"name": mentor.name})
        return redirect("mentors:list")
    return render(
        request, "mentors/mentor_delete.html", {"mentor": mentor, "has_activity": has_activity}
    )
