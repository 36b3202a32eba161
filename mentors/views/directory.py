"""The mentor directory and a mentor's public profile, where requests are sent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from colleges.selectors import visible_groups
from leadvet import roles
from mentors import permissions
from mentors.filters import DirectoryFilter
from mentors.forms.requests import ContactRequestForm
from mentors.models import Language
from mentors.selectors import directory as directory_selectors
from mentors.services import requests as request_services
from mentors.views.common import form_errors_from, paginate


def _can_see_directory(user) -> bool:
    return roles.can_find_mentors(user)


@login_required
@require_http_methods(["GET"])
def directory(request):
    if not _can_see_directory(request.user):
        raise PermissionDenied
    data = request.GET.copy()
    group = None
    if data.get("group", "").isdigit():
        # "Find a mentor for this group": the group's field and language to start with.
        group = visible_groups(request.user).filter(pk=data["group"]).first()
        if group is not None and not any(key in data for key in ("field", "language", "q")):
            if group.field_id:
                data["field"] = str(group.field_id)
            language = Language.objects.filter(code=group.language).first()
            if language is not None:
                data["language"] = str(language.pk)
    directory_filter = DirectoryFilter(
        data or None, queryset=directory_selectors.directory_mentors()
    )
    page_obj, query_string = paginate(request, directory_filter.qs)
    return render(
        request,
        "mentors/directory.html",
        {
            "filter": directory_filter,
            "page_obj": page_obj,
            "query_string": query_string,
            "group": group,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_public_profile(request, pk: int):
    own_profile = getattr(getattr(request.user, "mentor", None), "pk", None) == pk
    if not (_can_see_directory(request.user) or own_profile):
        raise PermissionDenied
    mentor = directory_selectors.public_mentor(pk)
    if mentor is None:
        raise Http404
    form = None
    if permissions.can_send_requests(request.user) and not own_profile:
        form = ContactRequestForm(request.POST or None, requester=request.user, mentor=mentor)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                contact_request = request_services.send_contact_request(
                    requester=request.user,
                    mentor=mentor,
                    topic=data["topic"],
                    task=data["task"],
                    preferred_dates=data["preferred_dates"],
                    vte_group=data["vte_group"],
                    message=data["message"],
                )
            except ValidationError as error:
                form_errors_from(form, error)
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
