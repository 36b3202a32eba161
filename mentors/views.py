from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from colleges.models import PartnerCollege
from mentors import exports, importing, permissions, selectors, services
from mentors.filters import MentorFilter
from mentors.forms import (
    ImportUploadForm,
    InvitationForm,
    MentorForm,
    NewMentorForm,
    StatusChangeForm,
)
from mentors.models import Mentor, MentorImport

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
    return MentorFilter(request.GET or None, queryset=queryset, college_queryset=_colleges_for(request.user))


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
        response = HttpResponse(exports.mentors_csv(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(file_format)}"'
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
            mentor = services.create_mentor(
                email=form.cleaned_data["email"], created_by=request.user, **form.service_kwargs()
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
        request.POST or None, initial=MentorForm.initial_for(mentor), colleges=_colleges_for(request.user)
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
            request, _("A new invitation is on its way to %(email)s.") % {"email": mentor.user.email}
        )
    return redirect("mentors:detail", mentor.pk)


@require_http_methods(["GET", "POST"])
def accept_invitation(request, key: str):
    invitation = selectors.invitation_by_key(key)
    if invitation is None:
        return render(request, "mentors/invitation_unusable.html", {"reason": "unknown"}, status=404)
    state = invitation.state
    if state in {"accepted", "expired"} or not invitation.user.is_active:
        return render(request, "mentors/invitation_unusable.html", {"reason": state}, status=410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(invitation=invitation, set_password_form=form)
        except ValidationError:
            return render(request, "mentors/invitation_unusable.html", {"reason": "accepted"}, status=410)
        login(request, user, backend=ALLAUTH_BACKEND)
        messages.success(
            request,
            _("Welcome to the LeadVET mentor network, %(name)s! Your password is set.")
            % {"name": user.first_name or user.email},
        )
        return redirect("home")
    return render(request, "mentors/invitation_accept.html", {"form": form, "invitation": invitation})


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
    mentor_import = get_object_or_404(MentorImport.objects.select_related("created_by"), pk=import_id)
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

