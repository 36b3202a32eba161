"""Thin function views: parse the request, check permission, call a service or selector."""

import datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from colleges.models import PartnerCollege, VTEGroup
from colleges.selectors import visible_groups
from leadvet import audit, roles
from leadvet.lib.pagination import CappedPaginator
from mentors import exports, importing, permissions, selectors, services
from mentors.filters import (
    AvailabilityOverviewFilter,
    CollegeContactFilter,
    ContactFilter,
    DirectoryFilter,
    MentorFilter,
    RequestFilter,
)
from mentors.forms import (
    AnnouncementForm,
    AssignmentForm,
    AvailabilityForm,
    ContactForm,
    ContactRequestForm,
    ImportUploadForm,
    InvitationForm,
    MembershipPeriodForm,
    MentorForm,
    MentorProfileForm,
    MoveMentorForm,
    NewMentorForm,
    RequestAnswerForm,
    StatusChangeForm,
)
from mentors.models import (
    Announcement,
    Availability,
    Contact,
    ContactRequest,
    GroupAssignment,
    MembershipPeriod,
    Mentor,
    MentorImport,
)

PAGE_SIZE = 25


def _paginate(request, queryset, *, paginator_class=Paginator):
    page_obj = paginator_class(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page_obj, query.urlencode()


def _forbidden(request, message: str):
    return render(request, "mentors/forbidden.html", {"message": message}, status=403)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _form_errors_from(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def mentor_required(view):
    """Signed-in mentors with a mentor record; anyone else signed in gets 403."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.is_self_service_mentor(request.user):
            raise PermissionDenied
        request.mentor = request.user.mentor
        return view(request, *args, **kwargs)

    return wrapped


# Self-service: profile and availability


@mentor_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    mentor = request.mentor
    form = MentorProfileForm(request.POST or None, instance=mentor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_mentor_profile(
            mentor=mentor,
            title=data["title"],
            phone=data["phone"],
            bio=data["bio"],
            contact_preferences=data["contact_preferences"],
            nudges_paused=data["nudges_paused"],
            fields=data["fields"],
            languages=data["languages"],
            tasks=data["tasks"],
        )
        messages.success(request, _("Your mentor profile was saved."))
        return redirect("mentors:profile")
    return render(request, "mentors/profile_form.html", {"form": form, "mentor": mentor})


@mentor_required
@require_http_methods(["GET"])
def availability_list(request):
    mentor = request.mentor
    available_now = selectors.with_available_now(
        selectors.Mentor.objects.filter(pk=mentor.pk)
    ).values_list("available_now", flat=True)[0]
    return render(
        request,
        "mentors/availability_list.html",
        {
            "periods": selectors.availability_for(mentor),
            "available_now": available_now,
            "today": timezone.localdate(),
        },
    )


def _own_availability(request, pk: int) -> Availability:
    availability = get_object_or_404(Availability.objects.select_related("mentor"), pk=pk)
    if not permissions.can_change_availability(request.user, availability):
        raise Http404
    return availability


def _save_availability_form(request, form, availability=None):
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.save_availability(
            mentor=request.mentor,
            availability=availability,
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            hours_per_month=data["hours_per_month"],
            mode=data["mode"],
            note=data["note"],
            tasks=data["tasks"],
        )
    except ValidationError as error:
        _form_errors_from(form, error)
        return None


@mentor_required
@require_http_methods(["GET", "POST"])
def availability_create(request):
    form = AvailabilityForm(request.POST or None)
    if request.method == "POST" and _save_availability_form(request, form):
        messages.success(request, _("The period was added."))
        return redirect("mentors:availability_list")
    return render(request, "mentors/availability_form.html", {"form": form, "is_new": True})


@mentor_required
@require_http_methods(["GET", "POST"])
def availability_edit(request, pk: int):
    availability = _own_availability(request, pk)
    form = AvailabilityForm(request.POST or None, instance=availability)
    if request.method == "POST":
        # Validate against a fresh copy so a refused change leaves the stored period untouched.
        if _save_availability_form(request, form, Availability.objects.get(pk=availability.pk)):
            messages.success(request, _("The period was saved."))
            return redirect("mentors:availability_list")
    return render(
        request,
        "mentors/availability_form.html",
        {"form": form, "is_new": False, "availability": availability},
    )


@mentor_required
@require_http_methods(["GET", "POST"])
def availability_delete(request, pk: int):
    availability = _own_availability(request, pk)
    if request.method == "POST":
        services.delete_availability(availability=availability)
        messages.success(request, _("The period was deleted."))
        return redirect("mentors:availability_list")
    return render(
        request,
        "mentors/confirm_delete.html",
        {
            "object": availability,
            "title": _("Delete availability period"),
            "cancel_url": "mentors:availability_list",
        },
    )


# Contact log


def _contact_queryset(request, mentor):
    queryset = selectors.contacts_for_mentor(mentor)
    return ContactFilter(request.GET or None, queryset=queryset)


@mentor_required
@require_http_methods(["GET"])
def contact_list(request):
    contact_filter = _contact_queryset(request, request.mentor)
    page_obj, query_string = _paginate(request, contact_filter.qs)
    edit_cutoff = timezone.now() - datetime.timedelta(days=settings.CONTACT_EDIT_WINDOW_DAYS)
    return render(
        request,
        "mentors/contact_list.html",
        {
            "filter": contact_filter,
            "page_obj": page_obj,
            "query_string": query_string,
            "edit_cutoff": edit_cutoff,
            "export_query": query_string,
        },
    )


@mentor_required
@require_http_methods(["GET"])
def contact_export(request):
    response = exports.contacts_csv_response(_contact_queryset(request, request.mentor).qs)
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        target=f"contacts of mentor {request.mentor.pk} .csv {request.GET.urlencode()}".strip(),
        request=request,
    )
    return response


@mentor_required
@require_http_methods(["GET", "POST"])
def contact_create(request):
    mentor = request.mentor
    if request.method == "POST":
        form = ContactForm(request.POST)
    else:
        form = ContactForm(
            initial={"date": timezone.localdate(), **selectors.last_contact_defaults(mentor)}
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.log_contact(mentor=mentor, data=form.cleaned_data)
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("The contact was logged. Thank you!"))
            return redirect(_safe_next(request, "mentors:contact_list"))
    return render(
        request,
        "mentors/contact_form.html",
        {"form": form, "is_new": True, "next": _safe_next(request, "")},
    )


def _visible_contact(request, pk: int) -> Contact:
    contact = get_object_or_404(
        Contact.objects.select_related("mentor__user", "task", "vte_group", "college", "request"),
        pk=pk,
    )
    if not permissions.can_see_contact(request.user, contact):
        raise Http404
    return contact


def _changeable_contact(request, pk: int):
    """The contact, or a 403 response saying why it can no longer be changed."""
    contact = _visible_contact(request, pk)
    if contact.mentor.user_id != request.user.pk:
        return contact, _forbidden(
            request, _("Only the mentor who logged a contact can change it.")
        )
    if not permissions.can_change_contact(request.user, contact):
        return contact, _forbidden(
            request,
            _(
                "Contacts can be changed or deleted for %(days)s days after they were logged. "
                "This one is now read-only."
            )
            % {"days": settings.CONTACT_EDIT_WINDOW_DAYS},
        )
    return contact, None


@login_required
@require_http_methods(["GET"])
def contact_detail(request, pk: int):
    contact = _visible_contact(request, pk)
    return render(
        request,
        "mentors/contact_detail.html",
        {
            "contact": contact,
            "can_change": permissions.can_change_contact(request.user, contact),
            "deadline": permissions.contact_edit_deadline(contact),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk: int):
    contact, refusal = _changeable_contact(request, pk)
    if refusal:
        return refusal
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(
                contact=Contact.objects.select_related("mentor").get(pk=contact.pk),
                data=form.cleaned_data,
            )
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("The contact was saved."))
            return redirect(_safe_next(request, "mentors:contact_list"))
    return render(
        request,
        "mentors/contact_form.html",
        {"form": form, "is_new": False, "contact": contact, "next": _safe_next(request, "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request, pk: int):
    contact, refusal = _changeable_contact(request, pk)
    if refusal:
        return refusal
    if request.method == "POST":
        services.delete_contact(contact=contact)
        messages.success(request, _("The contact was deleted."))
        return redirect("mentors:contact_list")
    return render(
        request,
        "mentors/confirm_delete.html",
        {"object": contact, "title": _("Delete contact"), "cancel_url": "mentors:contact_list"},
    )


# Directory and contact requests


def _can_see_directory(user) -> bool:
    return roles.can_find_mentors(user)


@login_required
@require_http_methods(["GET"])
def directory(request):
    if not _can_see_directory(request.user):
        raise PermissionDenied
    directory_filter = DirectoryFilter(request.GET or None, queryset=selectors.directory_mentors())
    page_obj, query_string = _paginate(request, directory_filter.qs)
    return render(
        request,
        "mentors/directory.html",
        {"filter": directory_filter, "page_obj": page_obj, "query_string": query_string},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_public_profile(request, pk: int):
    own_profile = getattr(getattr(request.user, "mentor", None), "pk", None) == pk
    if not (_can_see_directory(request.user) or own_profile):
        raise PermissionDenied
    mentor = selectors.public_mentor(pk)
    if mentor is None:
        raise Http404
    form = None
    if permissions.can_send_requests(request.user) and not own_profile:
        form = ContactRequestForm(request.POST or None, requester=request.user, mentor=mentor)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                contact_request = services.send_contact_request(
                    requester=request.user,
                    mentor=mentor,
                    topic=data["topic"],
                    task=data["task"],
                    preferred_dates=data["preferred_dates"],
                    vte_group=data["vte_group"],
                    message=data["message"],
                )
            except ValidationError as error:
                _form_errors_from(form, error)
            else:
                messages.success(
                    request,
                    _("Your request was sent to %(name)s. You will get an email when they answer.")
                    % {"name": mentor.name},
                )
                return redirect("mentors:request_detail", pk=contact_request.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "mentors/mentor_profile.html",
        {"mentor": mentor, "form": form, "own_profile": own_profile},
    )


@login_required
@require_http_methods(["GET"])
def request_list(request):
    if not permissions.can_see_requests_page(request.user):
        raise PermissionDenied
    request_filter = RequestFilter(
        request.GET or None, queryset=selectors.requests_visible_to(request.user)
    )
    page_obj, query_string = _paginate(request, request_filter.qs)
    return render(
        request,
        "mentors/request_list.html",
        {"filter": request_filter, "page_obj": page_obj, "query_string": query_string},
    )


def _visible_request(request, pk: int) -> ContactRequest:
    contact_request = get_object_or_404(
        ContactRequest.objects.select_related(
            "mentor__user", "mentor__college", "requester", "task", "vte_group"
        ),
        pk=pk,
    )
    if not permissions.can_see_request(request.user, contact_request):
        raise Http404
    return contact_request


@login_required
@require_http_methods(["GET"])
def request_detail(request, pk: int):
    contact_request = _visible_request(request, pk)
    user = request.user
    return render(
        request,
        "mentors/request_detail.html",
        {
            "contact_request": contact_request,
            "answer_form": RequestAnswerForm()
            if permissions.can_answer_request(user, contact_request)
            else None,
            "can_withdraw": permissions.can_withdraw_request(user, contact_request),
            "can_make_contact": permissions.can_turn_request_into_contact(user, contact_request),
            "contact": getattr(contact_request, "contact", None),
            "is_mentor": contact_request.mentor.user_id == user.pk,
        },
    )


@login_required
@require_POST
def request_answer(request, pk: int):
    contact_request = _visible_request(request, pk)
    if contact_request.mentor.user_id != request.user.pk:
        raise PermissionDenied
    form = RequestAnswerForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    if request.POST.get("decision") not in ("accept", "decline"):
        form.add_error(None, _("Choose whether to accept or decline the request."))
    if form.is_valid():
        try:
            services.answer_contact_request(
                contact_request=contact_request, accept=accept, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("You accepted the request.") if accept else _("You declined the request."),
            )
        return redirect("mentors:request_detail", pk=contact_request.pk)
    return render(
        request,
        "mentors/request_detail.html",
        {
            "contact_request": contact_request,
            "answer_form": form,
            "is_mentor": True,
            "can_make_contact": False,
            "can_withdraw": False,
        },
        status=400,
    )


@login_required
@require_POST
def request_withdraw(request, pk: int):
    contact_request = _visible_request(request, pk)
    if contact_request.requester_id != request.user.pk:
        raise PermissionDenied
    try:
        services.withdraw_contact_request(contact_request=contact_request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The request was withdrawn."))
    return redirect("mentors:request_detail", pk=contact_request.pk)


@login_required
@require_POST
def request_to_contact(request, pk: int):
    contact_request = _visible_request(request, pk)
    if contact_request.mentor.user_id != request.user.pk:
        raise PermissionDenied
    try:
        contact = services.contact_from_request(contact_request=contact_request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("mentors:request_detail", pk=contact_request.pk)
    messages.success(
        request, _("The contact was added to your log. Check the details and save if needed.")
    )
    return redirect("mentors:contact_edit", pk=contact.pk)


# Announcements


def _announcements_manager(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.can_manage_announcements(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@_announcements_manager
@require_http_methods(["GET"])
def announcement_list(request):
    page_obj, query_string = _paginate(request, selectors.all_announcements())
    return render(
        request,
        "mentors/announcement_list.html",
        {"page_obj": page_obj, "query_string": query_string},
    )


def _save_announcement(request, form, announcement=None):
    if not form.is_valid():
        return None
    data = form.cleaned_data
    fields = {
        "title": data["title"],
        "body": data["body"],
        "audience": data["audience"],
        "country": data["country"],
        "college": data["college"],
    }
    try:
        if announcement is None:
            return services.publish_announcement(author=request.user, **fields)
        return services.update_announcement(announcement=announcement, **fields)
    except ValidationError as error:
        _form_errors_from(form, error)
        return None


@_announcements_manager
@require_http_methods(["GET", "POST"])
def announcement_create(request):
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and _save_announcement(request, form):
        messages.success(request, _("The announcement was published and is being emailed."))
        return redirect("mentors:announcement_list")
    return render(request, "mentors/announcement_form.html", {"form": form, "is_new": True})


@_announcements_manager
@require_http_methods(["GET", "POST"])
def announcement_edit(request, pk: int):
    announcement = get_object_or_404(Announcement, pk=pk)
    form = AnnouncementForm(request.POST or None, instance=announcement)
    if request.method == "POST" and _save_announcement(
        request, form, Announcement.objects.get(pk=pk)
    ):
        messages.success(request, _("The announcement was saved."))
        return redirect("mentors:announcement_list")
    return render(
        request,
        "mentors/announcement_form.html",
        {"form": form, "is_new": False, "announcement": announcement},
    )


@_announcements_manager
@require_http_methods(["GET", "POST"])
def announcement_delete(request, pk: int):
    announcement = get_object_or_404(Announcement, pk=pk)
    if request.method == "POST":
        services.delete_announcement(announcement=announcement)
        messages.success(request, _("The announcement was deleted."))
        return redirect("mentors:announcement_list")
    return render(
        request,
        "mentors/confirm_delete.html",
        {
            "object": announcement,
            "title": _("Delete announcement"),
            "cancel_url": "mentors:announcement_list",
        },
    )


# Assignments


def _managed_group_or_404(request, pk) -> VTEGroup:
    if not permissions.can_manage_assignments(request.user):
        raise PermissionDenied
    try:
        return visible_groups(request.user).select_related("field").get(pk=pk)
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
    suggestions = selectors.suggest_mentors_for_group(
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
        result = services.assign_mentor(
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
        load = selectors.current_group_count(mentor, exclude_group=group)
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
    services.end_assignment(assignment=assignment)
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


PAGE_SIZE = 25
ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _require_pool_user(user) -> None:
    if not permissions.can_use_pool(user):
        raise PermissionDenied


def _managed_mentor(request, mentor_id: int) -> Mentor:
    """The mentor, if the user may change them: 403 for a role that never may, 404 otherwise."""
    _require_pool_user(request.user)
    mentor = get_object_or_404(Mentor.objects.select_related("user", "college"), pk=mentor_id)
    if not permissions.can_manage_mentor(request.user, mentor):
        raise Http404
    return mentor


def _colleges_for(user):
    return permissions.manageable_colleges(user, PartnerCollege.objects.all())


def _filtered_pool(request) -> MentorFilter:
    queryset = selectors.mentor_pool(permissions.visible_mentors(request.user))
    return MentorFilter(
        request.GET or None, queryset=queryset, college_queryset=_colleges_for(request.user)
    )


@login_required
@require_GET
def mentor_list(request):
    _require_pool_user(request.user)
    mentor_filter = _filtered_pool(request)
    page_obj = Paginator(mentor_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
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
@require_GET
def mentor_export(request, file_format: str):
    _require_pool_user(request.user)
    queryset = _filtered_pool(request).qs
    if file_format == "xlsx":
        response = HttpResponse(
            exports.mentors_xlsx(queryset),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            exports.mentors_csv(queryset), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(file_format)}"'
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        target=f"mentor list .{file_format} {request.GET.urlencode()}".strip(),
        request=request,
    )
    return response


@login_required
@require_GET
def mentor_detail(request, mentor_id: int):
    user = request.user
    if not permissions.may_open_mentor_pages(user):
        raise PermissionDenied
    try:
        mentor = selectors.mentor_for_detail(mentor_id)
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
        "availability": selectors.mentor_availability(mentor),
    }
    if full:
        context.update(
            {
                "invitation": getattr(mentor.user, "invitation", None),
                "assignments": selectors.mentor_assignments(mentor),
                "contact_counts": selectors.contact_counts_by_task(mentor),
                "events": selectors.events_attended(mentor),
                "status_changes": selectors.status_history(mentor),
                "memberships": selectors.membership_history(mentor),
                "history": selectors.change_history(mentor),
            }
        )
    return render(request, "mentors/mentor_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mentor_create(request):
    _require_pool_user(request.user)
    form = NewMentorForm(request.POST or None, colleges=_colleges_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            # One transaction: a refused invitation leaves no half-made mentor behind.
            with transaction.atomic():
                mentor = services.create_mentor(
                    email=form.cleaned_data["email"],
                    created_by=request.user,
                    **form.service_kwargs(),
                )
                if form.cleaned_data["send_invitation"]:
                    services.send_invitation(user=mentor.user, by=request.user)
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
    mentor = _managed_mentor(request, mentor_id)
    form = MentorForm(
        request.POST or None,
        initial=MentorForm.initial_for(mentor),
        colleges=_colleges_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.update_mentor(mentor=mentor, **form.service_kwargs())
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
    mentor = _managed_mentor(request, mentor_id)
    form = StatusChangeForm(request.POST or None, mentor=mentor)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
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


def _add_service_errors(form, error: ValidationError, default_field: str | None = None) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(default_field, error)


@login_required
@require_http_methods(["GET", "POST"])
def mentor_move(request, mentor_id: int):
    mentor = _managed_mentor(request, mentor_id)
    form = MoveMentorForm(request.POST or None, colleges=_colleges_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.move_mentor(mentor=mentor, **form.cleaned_data)
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
    mentor = _managed_mentor(request, mentor_id)
    period = get_object_or_404(
        MembershipPeriod.objects.select_related("college"), pk=period_id, mentor=mentor
    )
    form = MembershipPeriodForm(
        request.POST or None, initial={"starts_on": period.starts_on, "ends_on": period.ends_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_membership_period(period=period, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error, "starts_on")
        else:
            messages.success(request, _("The membership period was saved."))
            return redirect("mentors:detail", mentor.pk)
    return render(
        request, "mentors/membership_edit.html", {"form": form, "mentor": mentor, "period": period}
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_delete(request, mentor_id: int):
    mentor = _managed_mentor(request, mentor_id)
    has_activity = selectors.has_activity(mentor)
    if request.method == "POST":
        try:
            services.delete_mentor(mentor=mentor)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("mentors:detail", mentor.pk)
        messages.success(request, _("The mentor %(name)s was deleted.") % {"name": mentor.name})
        return redirect("mentors:list")
    return render(
        request, "mentors/mentor_delete.html", {"mentor": mentor, "has_activity": has_activity}
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_anonymise(request, mentor_id: int):
    mentor = _managed_mentor(request, mentor_id)
    if not permissions.can_anonymise_mentor(request.user, mentor):
        raise PermissionDenied
    if mentor.anonymised_at is not None:
        messages.info(request, _("This mentor has already been anonymised."))
        return redirect("mentors:detail", mentor.pk)
    if request.method == "POST":
        services.anonymise_mentor(mentor=mentor, by=request.user)
        audit.record(
            actor=request.user,
            action=audit.Action.ANONYMISATION,
            target=f"mentor {mentor.pk}",
            request=request,
        )
        messages.success(
            request,
            _("The mentor's personal data was removed. Their contacts remain in the statistics."),
        )
        return redirect("mentors:detail", mentor.pk)
    return render(request, "mentors/mentor_anonymise.html", {"mentor": mentor})


@login_required
@require_http_methods(["GET", "POST"])
def mentor_invite(request):
    _require_pool_user(request.user)
    form = InvitationForm(request.POST or None, colleges=_colleges_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            mentor = services.invite_mentor(
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
    mentor = _managed_mentor(request, mentor_id)
    try:
        services.send_invitation(user=mentor.user, by=request.user)
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
    invitation = selectors.invitation_by_key(key)
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
            user = services.accept_invitation(invitation=invitation, set_password_form=form)
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


def _require_importer(user) -> None:
    if not permissions.can_import_mentors(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _require_importer(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        mentor_import = services.create_import(
            filename=form.cleaned_data["file"].name, table=form.table, by=request.user
        )
        return redirect("mentors:import_detail", mentor_import.pk)
    return render(
        request,
        "mentors/import_upload.html",
        {
            "form": form,
            "columns": importing.COLUMN_HELP,
            "imports": selectors.recent_imports(),
            "max_size": settings.MAX_UPLOAD_SIZE,
        },
    )


@login_required
@require_GET
def import_detail(request, import_id: int):
    _require_importer(request.user)
    mentor_import = get_object_or_404(
        MentorImport.objects.select_related("created_by"), pk=import_id
    )
    page_obj = Paginator(mentor_import.rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "mentors/import_detail.html",
        {"mentor_import": mentor_import, "page_obj": page_obj, "query_string": ""},
    )


@login_required
@require_POST
def import_confirm(request, import_id: int):
    _require_importer(request.user)
    mentor_import = get_object_or_404(MentorImport, pk=import_id)
    try:
        services.confirm_import(mentor_import=mentor_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The import has started."))
    return redirect("mentors:import_detail", mentor_import.pk)


@login_required
@require_GET
def import_progress(request, import_id: int):
    _require_importer(request.user)
    mentor_import = get_object_or_404(MentorImport.objects.defer("rows"), pk=import_id)
    return render(request, "mentors/import_detail.html#progress", {"mentor_import": mentor_import})


# College coordinators: availability overview and contact log


def _college_activity_scope(request):
    """(college ids or None for all, colleges for the filter, the mentor the query names);
    403 for roles without the pages, 404 when the query names a college or mentor outside
    the user's scope."""
    user = request.user
    if not permissions.can_see_college_activity(user):
        raise PermissionDenied
    scope = permissions.college_scope(user)
    college_id, mentor_id = request.GET.get("college", ""), request.GET.get("mentor", "")
    if (college_id and not college_id.isdigit()) or (mentor_id and not mentor_id.isdigit()):
        raise Http404
    if college_id and scope is not None and int(college_id) not in scope:
        raise Http404
    mentor = None
    if mentor_id:
        mentor = (
            permissions.visible_mentors(user).select_related("user").filter(pk=mentor_id).first()
        )
        if mentor is None:
            raise Http404
    return scope, _colleges_for(user), mentor


@login_required
@require_GET
def availability_overview(request):
    _scope, colleges, _mentor = _college_activity_scope(request)
    overview_filter = AvailabilityOverviewFilter(
        request.GET or None,
        queryset=selectors.availability_overview_mentors(permissions.visible_mentors(request.user)),
        college_queryset=colleges,
    )
    page_obj, query_string = _paginate(request, overview_filter.qs)
    return render(
        request,
        "mentors/availability_overview.html",
        {
            "filter": overview_filter,
            "page_obj": page_obj,
            "rows": selectors.availability_rows(page_obj.object_list),
            "query_string": query_string,
        },
    )


def _college_contacts(request) -> tuple[CollegeContactFilter, Mentor | None]:
    scope, colleges, mentor = _college_activity_scope(request)
    contact_filter = CollegeContactFilter(
        request.GET or None,
        queryset=selectors.college_contact_log(scope),
        college_queryset=colleges,
    )
    return contact_filter, mentor


@login_required
@require_GET
def college_contact_list(request):
    contact_filter, mentor = _college_contacts(request)
    # The whole network's log runs to a million contacts: count and page the newest 10,000.
    page_obj, query_string = _paginate(request, contact_filter.qs, paginator_class=CappedPaginator)
    return render(
        request,
        "mentors/college_contact_list.html",
        {
            "filter": contact_filter,
            "page_obj": page_obj,
            "query_string": query_string,
            "mentor": mentor,
        },
    )


@login_required
@require_GET
def college_contact_export(request):
    contact_filter, _mentor = _college_contacts(request)
    response = exports.contacts_csv_response(contact_filter.qs, with_mentor=True)
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        target=f"college contact log .csv {request.GET.urlencode()}".strip(),
        request=request,
    )
    return response
