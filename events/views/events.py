"""Events: the list, an event's page, creating, editing, copying and cancelling one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import certificates, permissions, selectors, services
from events.filters import EventFilter
from events.forms import EventForm, RsvpForm
from events.models import Event
from events.views.common import (
    managed_event,
    paginate,
    require_events_access,
    require_manager,
)


@login_required
@require_GET
def event_list(request, past: bool = False):
    require_events_access(request.user)
    filterset = EventFilter(request.GET, queryset=selectors.event_list(request.user, past=past))
    page_obj, query_string = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "page_obj": page_obj,
        "query_string": query_string,
        "past": past,
        "can_manage": permissions.can_manage_events(request.user),
    }
    template = "events/event_list.html#results" if request.htmx else "events/event_list.html"
    return render(request, template, context)


def render_detail(request, event: Event, rsvp_form: RsvpForm | None = None):
    registration = selectors.registration_of(request.user, event)
    now = timezone.now()
    closes_at = services.registration_closes_at(event)
    can_answer = permissions.can_answer_invitation(request.user, registration)
    if can_answer and rsvp_form is None:
        rsvp_form = RsvpForm(
            initial={
                "answer": registration.status if registration.status != "invited" else None,
                "reason": registration.decline_reason,
            }
        )
    context = {
        "event": event,
        "registration": registration,
        "waitlist_position": selectors.waitlist_position(registration) if registration else None,
        "places_left": selectors.places_left(event),
        "attendance_rate": selectors.attendance_rate(event),
        "outputs": selectors.outputs_of(event),
        "closes_at": closes_at,
        "registration_open": not event.is_cancelled and closes_at > now and event.starts_at > now,
        "can_register": permissions.can_register(request.user, event),
        "can_cancel_registration": event.starts_at > now,
        "can_manage": permissions.can_manage_events(request.user),
        "can_register_others": permissions.can_register_others(request.user),
        "can_answer": can_answer,
        "rsvp_form": rsvp_form,
        "agenda": list(event.agenda_items.all()),
        "has_certificate": certificates.has_certificate(registration),
    }
    return render(request, "events/event_detail.html", context)


@login_required
@require_GET
def event_detail(request, pk: int):
    require_events_access(request.user)
    event = selectors.event_for_viewer(request.user, pk)
    if event is None:
        # A link shared with someone the event is not for: say who it is for, nothing more.
        outline = selectors.event_title_and_audience(pk)
        if outline is None:
            raise Http404
        return render(
            request,
            "events/event_not_for_you.html",
            {"title": outline["title"], "audience": Event.Audience(outline["audience"]).label},
            status=403,
        )
    return render_detail(request, event)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    require_events_access(request.user)
    require_manager(request.user)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = services.create_event(organiser=request.user, fields=form.event_fields())
        messages.success(request, _("The event was created."))
        return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "cancel_url": reverse("events:list"), "heading": _("New event")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = managed_event(request, pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        old_sequence = event.sequence
        event = services.update_event(event_id=event.pk, fields=form.event_fields())
        if event.sequence != old_sequence:
            messages.success(
                request, _("The event was saved. Everyone registered is told about the change.")
            )
        else:
            messages.success(request, _("The event was saved."))
        return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "event": event,
            "cancel_url": reverse("events:detail", args=[event.pk]),
            "heading": _("Edit event"),
        },
    )


@login_required
@require_POST
def event_duplicate(request, pk: int):
    event = managed_event(request, pk)
    copy = services.duplicate_event(event=event, organiser=request.user)
    messages.success(
        request,
        _("This is a copy of “%(title)s”. Check its dates and save.") % {"title": event.title},
    )
    return redirect("events:edit", pk=copy.pk)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request, pk: int):
    event = managed_event(request, pk)
    if request.method == "POST":
        try:
            services.cancel_event(event_id=event.pk)
        except services.ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, _("The event was cancelled. Everyone registered is told by email.")
            )
        return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_cancel.html", {"event": event})
