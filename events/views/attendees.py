"""The attendees page: registering others, the CSV and XLSX, invitations and the answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import downloads, permissions, selectors, services
from events.forms import EmailInviteesForm, InviteForm, RegisterSomeoneForm, RsvpForm
from events.models import Event, Registration
from events.views.common import managed_event, visible_event
from events.views.events import render_detail
from leadvet.lib import jobs


def _registering_event(request, pk: int) -> Event:
    """The event, if the user may register others for it (coordinators, college coordinators)."""
    event = visible_event(request, pk)
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
            "now": timezone.now(),
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


@login_required
@require_http_methods(["GET", "POST"])
def attendees_export(request, pk: int, file_format: str):
    """At most a page of attendees at once; more in the background (leadvet.lib.jobs)."""
    event = managed_event(request, pk)
    return jobs.respond(
        request,
        kind=downloads.ATTENDEES,
        params={"event": event.pk, "format": file_format},
        title=_("Attendees of %(event)s (%(format)s)")
        % {"event": event.title, "format": file_format.upper()},
        audit_target=f"attendees of event {event.pk} .{file_format}",
    )


def _inviting_event(request, pk: int) -> Event:
    event = managed_event(request, pk)
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
def rsvp(request, pk: int):
    """An invitee's answer: attending, not attending (with a reason) or maybe."""
    event = visible_event(request, pk)
    registration = selectors.registration_of(request.user, event)
    if not permissions.can_answer_invitation(request.user, registration):
        raise PermissionDenied
    form = RsvpForm(request.POST)
    if not form.is_valid():
        return render_detail(request, event, rsvp_form=form)
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
