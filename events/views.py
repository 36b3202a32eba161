import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import permissions, selectors, services
from events.filters import EventFilter, OutputFilter
from events.forms import (
    EmailInviteesForm,
    EventForm,
    EventOutputForm,
    InviteForm,
    RegisterSomeoneForm,
    RsvpForm,
)
from events.ical import event_ics, feed_ics
from events.models import Event, EventOutput, Registration
from leadvet import audit
from leadvet.lib.spreadsheets import spreadsheet_safe

PAGE_SIZE = 25


def _require_events_access(user) -> None:
    if not permissions.can_see_events(user):
        raise PermissionDenied


def _visible_event(request, pk: int) -> Event:
    """The event if the user may see it (404 otherwise, so its existence stays private)."""
    _require_events_access(request.user)
    event = selectors.event_for_viewer(request.user, pk)
    if event is None:
        raise Http404
    return event


def _managed_event(request, pk: int) -> Event:
    event = _visible_event(request, pk)
    if not permissions.can_manage_events(request.user):
        raise PermissionDenied
    return event


def _require_manager(user) -> None:
    if not permissions.can_manage_events(user):
        raise PermissionDenied


def _page(request, queryset):
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page_obj, query.urlencode()


@login_required
@require_GET
def event_list(request, past: bool = False):
    _require_events_access(request.user)
    filterset = EventFilter(request.GET, queryset=selectors.event_list(request.user, past=past))
    page_obj, query_string = _page(request, filterset.qs)
    context = {
        "filter": filterset,
        "page_obj": page_obj,
        "query_string": query_string,
        "past": past,
        "can_manage": permissions.can_manage_events(request.user),
    }
    template = "events/event_list.html#results" if request.htmx else "events/event_list.html"
    return render(request, template, context)


def _render_detail(request, event: Event, rsvp_form: RsvpForm | None = None):
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
    }
    return render(request, "events/event_detail.html", context)


@login_required
@require_GET
def event_detail(request, pk: int):
    return _render_detail(request, _visible_event(request, pk))


@login_required
@require_POST
def rsvp(request, pk: int):
    """An invitee's answer: attending, not attending (with a reason) or maybe."""
    event = _visible_event(request, pk)
    registration = selectors.registration_of(request.user, event)
    if not permissions.can_answer_invitation(request.user, registration):
        raise PermissionDenied
    form = RsvpForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, event, rsvp_form=form)
    try:
        answered = services.answer_invitation(
            registration_id=registration.pk,
            answer=form.cleaned_data["answer"],
            reason=form.cleaned_data["reason"],
        )
    except services.ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            {
                Registration.Status.REGISTERED: _("Thank you: you are registered."),
                Registration.Status.WAITLISTED: _(
                    "Thank you. The meeting is full, so you are on the waiting list."
                ),
                Registration.Status.DECLINED: _(
                    "Thank you: the organiser knows you cannot attend."
                ),
                Registration.Status.MAYBE: _("Thank you. Please answer again once you know."),
            }[answered.status],
        )
    return redirect("events:detail", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    _require_events_access(request.user)
    _require_manager(request.user)
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
    event = _managed_event(request, pk)
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
    event = _managed_event(request, pk)
    copy = services.duplicate_event(event=event, organiser=request.user)
    messages.success(
        request,
        _("This is a copy of “%(title)s”. Check its dates and save.") % {"title": event.title},
    )
    return redirect("events:edit", pk=copy.pk)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request, pk: int):
    event = _managed_event(request, pk)
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


@login_required
@require_POST
def register(request, pk: int):
    event = _visible_event(request, pk)
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


def _registering_event(request, pk: int) -> Event:
    """The event, if the user may register others for it (coordinators, college coordinators)."""
    event = _visible_event(request, pk)
    if not permissions.can_register_others(request.user):
        raise PermissionDenied
    return event


def _add_form(request, event: Event, data=None) -> RegisterSomeoneForm:
    return RegisterSomeoneForm(
        data, event=event, college_ids=permissions.registrable_college_ids(request.user)
    )


def _render_attendees(
    request, event: Event, add_form: RegisterSomeoneForm, invite_form: InviteForm | None = None
):
    can_invite = permissions.can_invite(request.user, event)
    if can_invite and invite_form is None:
        invite_form = InviteForm(event=event)
    college_ids = permissions.registrable_college_ids(request.user)
    registrations = selectors.attendees(event)
    if college_ids is not None:
        registrations = registrations.filter(user__mentor__college_id__in=college_ids)
    return render(
        request,
        "events/attendees.html",
        {
            "event": event,
            "registrations": registrations,
            "can_manage": permissions.can_manage_events(request.user),
            "add_form": add_form,
            "attendance_rate": selectors.attendance_rate(event),
            "places_left": selectors.places_left(event),
            "can_invite": can_invite,
            "invite_form": invite_form,
        },
    )


@login_required
@require_GET
def attendees(request, pk: int):
    event = _registering_event(request, pk)
    return _render_attendees(request, event, _add_form(request, event))


@login_required
@require_POST
def register_someone(request, pk: int):
    event = _registering_event(request, pk)
    form = _add_form(request, event, request.POST)
    if form.is_valid():
        person = form.cleaned_data["user"]
        try:
            registration = services.register(
                event_id=event.pk, user=person, registered_by=request.user
            )
        except services.ActionRefused as refused:
            form.add_error("user", refused.message)
        else:
            if registration.status == Registration.Status.WAITLISTED:
                messages.warning(
                    request,
                    _("%(name)s is on the waiting list: the event is full.") % {"name": person},
                )
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": person})
            return redirect("events:attendees", pk=event.pk)
    return _render_attendees(request, event, form)


def _inviting_event(request, pk: int) -> Event:
    event = _managed_event(request, pk)
    if not permissions.can_invite(request.user, event):
        raise PermissionDenied
    return event


@login_required
@require_POST
def invite(request, pk: int):
    event = _inviting_event(request, pk)
    form = InviteForm(request.POST, event=event)
    if form.is_valid():
        try:
            invited = services.invite(
                event_id=event.pk, users=list(form.cleaned_data["people"]), invited_by=request.user
            )
        except services.ActionRefused as refused:
            form.add_error("people", refused.message)
        else:
            messages.success(
                request,
                _("%(count)s invited. The invitations are on their way.") % {"count": len(invited)},
            )
            return redirect("events:attendees", pk=event.pk)
    return _render_attendees(request, event, _add_form(request, event), invite_form=form)


@login_required
@require_POST
def email_invitees(request, pk: int):
    """One click emails everyone without an answer, or everyone on the waiting list."""
    event = _inviting_event(request, pk)
    form = EmailInviteesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whom to email."))
        return redirect("events:attendees", pk=event.pk)
    try:
        count = services.email_invitees(
            event_id=event.pk, recipients=form.cleaned_data["recipients"]
        )
    except services.ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        if count:
            messages.success(
                request, _("Emails are on their way to %(count)s people.") % {"count": count}
            )
        else:
            messages.info(request, _("Nobody to email."))
    return redirect("events:attendees", pk=event.pk)


@login_required
@require_POST
def mark_attendance(request, pk: int):
    event = _managed_event(request, pk)
    ids = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
    count = services.mark_attendance(event=event, attended_ids=ids)
    messages.success(request, _("Attendance saved: %(count)s attended.") % {"count": count})
    return redirect("events:attendees", pk=event.pk)


@login_required
@require_GET
def attendees_csv(request, pk: int):
    event = _managed_event(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-attendees.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [_("Name"), _("Email"), _("Status"), _("Registered at"), _("Attended"), _("Registered by")]
    )
    for registration in selectors.attendees(event):
        attended = {True: _("yes"), False: _("no"), None: ""}[registration.attended]
        writer.writerow(
            [
                spreadsheet_safe(registration.user.get_full_name()),
                spreadsheet_safe(registration.user.email),
                registration.get_status_display(),
                timezone.localtime(registration.registered_at).strftime("%Y-%m-%d %H:%M"),
                attended,
                spreadsheet_safe(str(registration.registered_by or "")),
            ]
        )
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        target=f"attendees of event {event.pk} .csv",
        request=request,
    )
    return response


@login_required
@require_GET
def event_download(request, pk: int):
    """ "Add to calendar": a one-event .ics for the user's calendar app."""
    event = _visible_event(request, pk)
    response = HttpResponse(event_ics(event, method="PUBLISH"), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="leadvet-event-{event.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    _require_events_access(request.user)
    if request.method == "POST":
        services.renew_calendar_feed(user=request.user)
        messages.success(
            request, _("Your calendar link is ready. Any earlier link no longer works.")
        )
        return redirect("events:calendar")
    feed = selectors.feed_of(request.user)
    feed_url = (
        request.build_absolute_uri(reverse("events:feed", args=[feed.token])) if feed else None
    )
    return render(request, "events/calendar.html", {"feed": feed, "feed_url": feed_url})


@require_GET
def feed(request, token: str):
    """The personal feed; the secret token in the URL is the credential, so no login."""
    calendar_feed = selectors.feed_by_token(token)
    if calendar_feed is None:
        raise Http404
    body = feed_ics(selectors.feed_events(calendar_feed.user), name="LeadVET")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_GET
def output_list(request):
    _require_events_access(request.user)
    filterset = OutputFilter(request.GET, queryset=selectors.all_outputs())
    page_obj, query_string = _page(request, filterset.qs)
    return render(
        request,
        "events/output_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "query_string": query_string,
            "can_manage": permissions.can_manage_events(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def output_create(request, pk: int):
    event = _managed_event(request, pk)
    form = EventOutputForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.save_output(output=form.save(commit=False), event=event)
        messages.success(request, _("The output was added."))
        return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/output_form.html",
        {"form": form, "event": event, "heading": _("Add an output")},
    )


def _managed_output(request, pk: int) -> EventOutput:
    _require_events_access(request.user)
    output = get_object_or_404(EventOutput.objects.select_related("event"), pk=pk)
    _require_manager(request.user)
    return output


@login_required
@require_http_methods(["GET", "POST"])
def output_edit(request, pk: int):
    output = _managed_output(request, pk)
    form = EventOutputForm(request.POST or None, request.FILES or None, instance=output)
    if request.method == "POST" and form.is_valid():
        services.save_output(output=form.save(commit=False), event=output.event)
        messages.success(request, _("The output was saved."))
        return redirect(_output_back_url(output))
    return render(
        request,
        "events/output_form.html",
        {"form": form, "event": output.event, "output": output, "heading": _("Edit output")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def output_delete(request, pk: int):
    output = _managed_output(request, pk)
    if request.method == "POST":
        back = _output_back_url(output)
        services.delete_output(output=output)
        messages.success(request, _("The output was deleted."))
        return redirect(back)
    return render(
        request,
        "events/output_delete.html",
        {"output": output, "back_url": _output_back_url(output)},
    )


def _output_back_url(output: EventOutput) -> str:
    if output.event_id:
        return reverse("events:detail", args=[output.event_id])
    return reverse("events:outputs")
