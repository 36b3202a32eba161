"""Registrations: registering oneself, cancelling a registration, marking attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import permissions, services
from events.models import Registration
from events.views.common import managed_event, visible_event


@login_required
@require_POST
def register(request, pk: int):
    event = visible_event(request, pk)
    if not permissions.can_register(request.user, event):
        raise PermissionDenied
    try:
        registration = services.register(event_id=event.pk, user=request.user)
    except services.ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        if registration.status == Registration.Status.WAITLISTED:
            messages.warning(
                request,
                _(
                    "The event is full: you are on the waiting list. We will email you if a place frees up."
                ),
            )
        else:
            messages.success(request, _("You are registered. A confirmation is on its way."))
    return redirect("events:detail", pk=event.pk)


@login_required
@require_POST
def cancel_registration(request, pk: int):
    registration = get_object_or_404(Registration.objects.select_related("user"), pk=pk)
    if not permissions.can_cancel_registration(request.user, registration):
        raise Http404
    try:
        services.cancel_registration(registration_id=registration.pk)
    except services.ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        if registration.user_id == request.user.id:
            messages.success(request, _("Your registration was cancelled."))
        else:
            messages.success(
                request,
                _("The registration of %(name)s was cancelled.") % {"name": registration.user},
            )
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect("events:detail", pk=registration.event_id)


@login_required
@require_POST
def mark_attendance(request, pk: int):
    event = managed_event(request, pk)
    ids = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
    count = services.mark_attendance(event=event, attended_ids=ids)
    messages.success(request, _("Attendance saved: %(count)s attended.") % {"count": count})
    return redirect("events:attendees", pk=event.pk)
