"""Pages without login: an event open to the public, registering, the participant's own page
(by the signed link in their emails), and a certificate's verification."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from events import certificates, public, selectors, services, tokens
from events.forms import PublicRegistrationForm
from events.ical import event_ics
from events.models import Event, Registration
from events.qr import qr_svg
from leadvet.audit import client_ip


def _public_event(pk: int) -> Event:
    event = selectors.public_event(pk)
    if event is None:
        raise Http404
    return event


def _registration(token: str, purpose: str) -> Registration:
    registration_id = tokens.read_token(token, purpose)
    registration = (
        Registration.objects.select_related("event", "user")
        .filter(pk=registration_id, user__isnull=True, anonymised_at__isnull=True)
        .first()
        if registration_id is not None
        else None
    )
    if registration is None:
        raise Http404
    return registration


def _registration_open(event: Event) -> bool:
    try:
        services._check_open(event, timezone.now())
    except services.ActionRefused:
        return False
    return True


@never_cache
@require_http_methods(["GET", "POST"])
def event_page(request, pk: int):
    """The public page: the event, its agenda and the registration form."""
    event = _public_event(pk)
    form = PublicRegistrationForm(
        request.POST or None, event=event, initial={"language": translation.get_language()}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if not public.within_limit(f"ip:{client_ip(request)}", public.PER_CLIENT_LIMIT):
            form.add_error(
                None, _("Too many registrations from your network. Try again in an hour.")
            )
            status = 429
        else:
            email = form.cleaned_data["email"].strip().lower()
            # A filled honeypot, or too many emails to one address, gets the same answer as
            # everyone (a bot or a prober learns nothing) and sends nothing.
            if not form.is_spam and public.within_limit(
                f"address:{event.pk}:{email}", public.PER_ADDRESS_LIMIT
            ):
                try:
                    public.request_registration(
                        event_id=event.pk, email=email, details=form.details()
                    )
                except services.ActionRefused as refused:
                    form.add_error(None, refused.message)
                    status = 400
            if status == 200:
                return redirect("events:public_sent", pk=event.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "events/public_event.html",
        {
            "event": event,
            "form": form,
            "agenda": list(event.agenda_items.all()),
            "registration_open": _registration_open(event),
            "closes_at": services.registration_closes_at(event),
            "places_left": selectors.places_left(event),
        },
        status=status,
    )


@require_GET
def sent(request, pk: int):
    """The same answer for every address."""
    event = _public_event(pk)
    return render(request, "events/public_sent.html", {"event": event})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button (mail scanners open links); POST confirms."""
    registration = _registration(token, tokens.CONFIRM)
    if request.method == "POST":
        try:
            public.confirm(registration_id=registration.pk)
        except services.ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Thank you: your registration is confirmed."))
            return redirect(tokens.token_path(registration.pk, tokens.MANAGE))
    return render(request, "events/public_confirm.html", {"registration": registration})


@never_cache
@require_http_methods(["GET", "POST"])
def registration_page(request, token: str):
    """The participant's own page: status, agenda, calendar file, QR code, certificate,
    their data, and cancelling (POST)."""
    registration = _registration(token, tokens.MANAGE)
    if request.method == "POST":
        try:
            services.cancel_registration(registration_id=registration.pk)
        except services.ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Your registration was cancelled."))
        return redirect(request.path)
    event = registration.event
    check_in_url = tokens.token_url(registration.pk, tokens.CHECK_IN)
    return render(
        request,
        "events/public_registration.html",
        {
            "registration": registration,
            "event": event,
            "token": token,
            "agenda": list(event.agenda_items.all()),
            "waitlist_position": selectors.waitlist_position(registration),
            "qr": qr_svg(check_in_url, title=_("Check-in code"))
            if registration.status == Registration.Status.REGISTERED and not event.is_past
            else "",
            "has_certificate": certificates.has_certificate(registration),
            "can_cancel": registration.status in (*selectors.ACTIVE, Registration.Status.PENDING)
            and event.starts_at > timezone.now(),
        },
    )


@require_GET
def registration_ics(request, token: str):
    registration = _registration(token, tokens.MANAGE)
    response = HttpResponse(
        event_ics(registration.event, sequence=registration.calendar_sequence),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="leadvet-event-{registration.event_id}.ics"'
    )
    return response


@require_GET
def registration_data(request, token: str):
    """ "Download my data" for a participant without an account."""
    registration = _registration(token, tokens.MANAGE)
    body = json.dumps(public.personal_data(registration), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="leadvet-my-registration.json"'
    return response


@require_GET
def registration_certificate(request, token: str):
    registration = _registration(token, tokens.MANAGE)
    if not certificates.has_certificate(registration):
        raise Http404
    return _certificate_response(registration)


def _certificate_response(registration: Registration) -> HttpResponse:
    response = HttpResponse(
        certificates.certificate_pdf(registration), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{certificates.certificate_filename(registration)}"'
    )
    return response


@require_GET
def certificate_verify(request, token: str):
    """Anyone with the link sees whether the certificate is genuine, and what it states."""
    registration_id = tokens.read_token(token, tokens.CERTIFICATE)
    registration = (
        get_object_or_404(Registration.objects.select_related("event", "user"), pk=registration_id)
        if registration_id is not None
        else None
    )
    if registration is None:
        raise Http404
    valid = certificates.has_certificate(registration)
    return render(
        request,
        "events/certificate_verify.html",
        {"valid": valid, **(certificates.certificate_context(registration) if valid else {})},
        status=200 if valid else 404,
    )
