"""Announcements to mentors."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentors import permissions
from mentors.forms.announcements import AnnouncementForm
from mentors.models import Announcement
from mentors.selectors import announcements as announcement_selectors
from mentors.services import announcements as announcement_services
from mentors.views.common import form_errors_from, paginate


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
    page_obj, query_string = paginate(request, announcement_selectors.all_announcements())
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
            return announcement_services.publish_announcement(author=request.user, **fields)
        return announcement_services.update_announcement(announcement=announcement, **fields)
    except ValidationError as error:
        form_errors_from(form, error)
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
        announcement_services.delete_announcement(announcement=announcement)
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
