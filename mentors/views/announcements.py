"""Announcements to mentors and teacher educators: written, previewed with the number of
recipients, confirmed (now or at a set time); read by those they are for."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leadvet import roles
from mentors import permissions
from mentors.forms.announcements import AnnouncementForm
from mentors.models import Announcement, Mentor
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


def _managed_announcement(request, pk: int) -> Announcement:
    announcement = get_object_or_404(
        Announcement.objects.select_related("author", "country", "college"), pk=pk
    )
    if not permissions.can_manage_announcement(request.user, announcement):
        raise PermissionDenied
    return announcement


@_announcements_manager
@require_http_methods(["GET"])
def announcement_list(request):
    page_obj, query_string = paginate(request, announcement_selectors.all_announcements())
    for announcement in page_obj:
        announcement.can_manage = permissions.can_manage_announcement(request.user, announcement)
    return render(
        request,
        "mentors/announcement_list.html",
        {"page_obj": page_obj, "query_string": query_string, "now": timezone.now()},
    )


def _save_announcement(request, form, announcement=None):
    if not form.is_valid():
        return None
    data = form.cleaned_data
    fields = {
        "texts": form.translated_values(),
        "audience": data["audience"],
        "country": data["country"],
        "college": data["college"],
    }
    if "scheduled_for" in form.fields:
        fields["scheduled_for"] = data["scheduled_for"]
    try:
        if announcement is None:
            return announcement_services.draft_announcement(author=request.user, **fields)
        return announcement_services.update_announcement(announcement=announcement, **fields)
    except ValidationError as error:
        form_errors_from(form, error)
        return None


@_announcements_manager
@require_http_methods(["GET", "POST"])
def announcement_create(request):
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and (announcement := _save_announcement(request, form)):
        messages.info(request, _("Check the announcement and confirm it to publish it."))
        return redirect("mentors:announcement_preview", pk=announcement.pk)
    return render(request, "mentors/announcement_form.html", {"form": form, "is_new": True})


@login_required
@require_http_methods(["GET", "POST"])
def announcement_preview(request, pk: int):
    """What the recipients will read, to how many people and when; POST confirms it."""
    announcement = _managed_announcement(request, pk)
    if request.method == "POST":
        was_draft = announcement.is_draft
        announcement = announcement_services.confirm_announcement(announcement=announcement)
        if announcement.published_at > timezone.now():
            messages.success(
                request,
                _("The announcement will be published and emailed on %(when)s.")
                % {
                    "when": date_format(
                        timezone.localtime(announcement.published_at), "DATETIME_FORMAT"
                    )
                },
            )
        elif was_draft:
            messages.success(request, _("The announcement was published and is being emailed."))
        else:
            messages.success(
                request, _("The announcement is being emailed to those who have not had it.")
            )
        return redirect("mentors:announcement_list")
    counts = announcement_selectors.recipient_counts(announcement)
    return render(
        request,
        "mentors/announcement_preview.html",
        {
            "announcement": announcement,
            "counts": counts,
            "is_published": announcement.is_published(),
            "is_scheduled": not announcement.is_draft and not announcement.is_published(),
            "publishes_at": announcement.scheduled_for
            if announcement.is_draft
            else announcement.published_at,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def announcement_edit(request, pk: int):
    announcement = _managed_announcement(request, pk)
    form = AnnouncementForm(request.POST or None, instance=announcement)
    if request.method == "POST" and _save_announcement(
        request, form, Announcement.objects.get(pk=pk)
    ):
        messages.success(request, _("The announcement was saved: check it and confirm."))
        return redirect("mentors:announcement_preview", pk=pk)
    return render(
        request,
        "mentors/announcement_form.html",
        {"form": form, "is_new": False, "announcement": announcement},
    )


@login_required
@require_http_methods(["GET", "POST"])
def announcement_delete(request, pk: int):
    announcement = _managed_announcement(request, pk)
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


@login_required
@require_http_methods(["GET"])
def announcements_for_me(request):
    """The published announcements meant for the reader (mentor, teacher educator)."""
    if not permissions.can_read_announcements(request.user):
        raise PermissionDenied
    mentor = (
        Mentor.objects.select_related("college").filter(user=request.user).first()
        if roles.is_mentor(request.user)
        else None
    )
    announcements = announcement_selectors.announcements_for_user(request.user, mentor=mentor)
    page_obj, query_string = paginate(request, announcements)
    return render(
        request,
        "mentors/announcements_for_me.html",
        {"page_obj": page_obj, "query_string": query_string},
    )
