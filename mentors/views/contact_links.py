"""The pages a nudge email's signed link opens, without a password and without signing in.

Each link opens exactly one page for one mentor: the quick contact form (`contact_link`) or
the "no contacts this month" confirmation (`contact_link_pause`). Nothing here logs anyone
in or sets a session, so the link reaches no other page. A used, expired or altered link
gets a page that says which, with the way to sign in instead.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mentors.forms.contacts import QuickContactForm
from mentors.selectors import contacts as contact_selectors
from mentors.services import contact_links
from mentors.services.contact_links import LinkRefused, Purpose
from mentors.views.common import form_errors_from

REFUSED_STATUS = {"used": 410, "expired": 410, "invalid": 404}


def _refused(request, reason: str):
    return render(
        request,
        "mentors/contact_link_refused.html",
        {"reason": reason, "days": contact_links.LINK_DAYS},
        status=REFUSED_STATUS[reason],
    )


@never_cache
@require_http_methods(["GET", "POST"])
def log_from_link(request, token: str):
    try:
        link = contact_links.read_token(token, purpose=Purpose.LOG)
    except LinkRefused as refusal:
        return _refused(request, refusal.reason)
    if request.method == "POST":
        form = QuickContactForm(request.POST)
        if form.is_valid():
            try:
                contact = contact_links.log_contact_from_link(link=link, data=form.cleaned_data)
            except LinkRefused as refusal:
                return _refused(request, refusal.reason)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                return render(
                    request,
                    "mentors/contact_link_done.html",
                    {"contact": contact, "mentor": link.mentor},
                )
    else:
        defaults = contact_selectors.last_contact_defaults(link.mentor)
        if link.task_id is not None:
            defaults["task"] = link.task_id
        form = QuickContactForm(initial={"date": timezone.localdate(), **defaults})
    return render(request, "mentors/contact_link_form.html", {"form": form, "mentor": link.mentor})


@never_cache
@require_http_methods(["GET", "POST"])
def pause_from_link(request, token: str):
    """GET asks (a mail scanner that follows links must not pause anything); POST pauses."""
    try:
        link = contact_links.read_token(token, purpose=Purpose.PAUSE)
    except LinkRefused as refusal:
        return _refused(request, refusal.reason)
    if request.method == "POST":
        try:
            until = contact_links.pause_nudges_from_link(link=link)
        except LinkRefused as refusal:
            return _refused(request, refusal.reason)
        return render(
            request, "mentors/contact_link_paused.html", {"mentor": link.mentor, "until": until}
        )
    return render(request, "mentors/contact_link_pause.html", {"mentor": link.mentor})
