"""Calendars: one event as .ics, the personal feed link and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from events import selectors, services
from events.ical import event_ics, feed_ics
from events.views.common import require_events_access, visible_event


@login_required
@require_GET
def event_download(request, pk: int):
    """ "Add to calendar": a one-event .ics for the user's calendar app."""
    event = visible_event(request, pk)
    # The SEQUENCE of the copy the emails gave this person, so the file updates that copy.
    registration = selectors.registration_of(request.user, event)
    sequence = registration.calendar_sequence if registration else event.sequence
    response = HttpResponse(
        event_ics(event, sequence=sequence), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="leadvet-event-{event.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    require_events_access(request.user)
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
