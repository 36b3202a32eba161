"""Self-service: the mentor's availability periods."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentors import permissions
from mentors.forms.availability import AvailabilityForm
from mentors.models import Availability, Mentor
from mentors.selectors import availability as availability_selectors
from mentors.services import availability as availability_services
from mentors.views.common import form_errors_from, mentor_required


@mentor_required
@require_http_methods(["GET"])
def availability_list(request):
    mentor = request.mentor
    available_now = availability_selectors.with_available_now(
        Mentor.objects.filter(pk=mentor.pk)
    ).values_list("available_now", flat=True)[0]
    return render(
        request,
        "mentors/availability_list.html",
        {
            "periods": availability_selectors.availability_for(mentor),
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
        return availability_services.save_availability(
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
        form_errors_from(form, error)
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
        availability_services.delete_availability(availability=availability)
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
