"""On the day: a coordinator's phone checks people in, by name or by the QR code in their
confirmation email (its link opens here, behind the coordinator's login)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events import permissions, selectors, services, tokens
from events.forms import CheckInSearchForm
from events.models import Registration
from events.views.common import managed_event, paginate, require_manager


@login_required
@require_http_methods(["GET"])
def check_in(request, pk: int):
    event = managed_event(request, pk)
    form = CheckInSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page_obj, query_string = paginate(request, selectors.check_in_list(event, query=query))
    present = selectors.check_in_list(event).filter(attended=True).count()
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": form,
            "query": query,
            "page_obj": page_obj,
            "query_string": query_string,
            "present": present,
        },
    )


@login_required
@require_POST
def check_in_person(request, pk: int, registration_pk: int):
    event = managed_event(request, pk)
    registration = Registration.objects.filter(pk=registration_pk, event=event).first()
    if registration is None:
        raise Http404
    present = request.POST.get("present", "1") == "1"
    try:
        services.check_in(registration_id=registration.pk, present=present)
    except services.ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        name = registration.person_name
        if present:
            messages.success(request, _("%(name)s is checked in.") % {"name": name})
        else:
            messages.info(request, _("%(name)s is no longer marked present.") % {"name": name})
    url = reverse("events:check_in", args=[event.pk])
    if query := request.POST.get("q", "").strip():
        url += "?" + urlencode({"q": query})
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def check_in_token(request, token: str):
    """The QR code's link: who it is, and one button. Only coordinators (others: 403)."""
    require_manager(request.user)
    registration_id = tokens.read_token(token, tokens.CHECK_IN)
    registration = (
        Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
        if registration_id is not None
        else None
    )
    if registration is None or not permissions.can_manage_events(request.user):
        raise Http404
    if request.method == "POST":
        try:
            services.check_in(registration_id=registration.pk)
        except services.ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, _("%(name)s is checked in.") % {"name": registration.person_name}
            )
            return redirect("events:check_in", pk=registration.event_id)
    return render(request, "events/check_in_person.html", {"registration": registration})
