"""The contact log."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leadvet.lib import jobs
from mentors import downloads, permissions
from mentors.filters import own_contact_filter
from mentors.forms.contacts import ContactForm
from mentors.models import Contact
from mentors.selectors import contacts as contact_selectors
from mentors.services import contacts as contact_services
from mentors.views.common import forbidden, form_errors_from, mentor_required, paginate, safe_next


@mentor_required
@require_http_methods(["GET"])
def contact_list(request):
    contact_filter = own_contact_filter(request.mentor, request.GET)
    page_obj, query_string = paginate(request, contact_filter.qs)
    edit_cutoff = timezone.now() - datetime.timedelta(days=settings.CONTACT_EDIT_WINDOW_DAYS)
    return render(
        request,
        "mentors/contact_list.html",
        {
            "filter": contact_filter,
            "page_obj": page_obj,
            "query_string": query_string,
            "edit_cutoff": edit_cutoff,
            "export_query": query_string,
        },
    )


@mentor_required
@require_http_methods(["GET", "POST"])
def contact_export(request):
    """At most a page of contacts at once; more in the background (leadvet.lib.jobs)."""
    return jobs.respond(
        request,
        kind=downloads.OWN_CONTACTS,
        params={"query": request.GET.urlencode()},
        title=_("My contacts (CSV)"),
        audit_target=f"contacts of mentor {request.mentor.pk} .csv {request.GET.urlencode()}".strip(),
    )


@mentor_required
@require_http_methods(["GET", "POST"])
def contact_create(request):
    mentor = request.mentor
    if request.method == "POST":
        form = ContactForm(request.POST)
    else:
        form = ContactForm(
            initial={
                "date": timezone.localdate(),
                **contact_selectors.last_contact_defaults(mentor),
            }
        )
    if request.method == "POST" and form.is_valid():
        try:
            contact, created = contact_services.log_contact_once(
                mentor=mentor,
                data=form.cleaned_data,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            if not created:
                messages.info(
                    request,
                    _(
                        "This form was already sent, so the contact was logged only once: here it is."
                    ),
                )
                return redirect("mentors:contact_detail", pk=contact.pk)
            messages.success(request, _("The contact was logged. Thank you!"))
            return redirect(safe_next(request, "mentors:contact_list"))
    return render(
        request,
        "mentors/contact_form.html",
        {"form": form, "is_new": True, "next": safe_next(request, "")},
    )


def _visible_contact(request, pk: int) -> Contact:
    contact = get_object_or_404(
        Contact.objects.select_related("mentor__user", "task", "vte_group", "college", "request"),
        pk=pk,
    )
    if not permissions.can_see_contact(request.user, contact):
        raise Http404
    return contact


def _changeable_contact(request, pk: int):
    """The contact, or a 403 response saying why it can no longer be changed."""
    contact = _visible_contact(request, pk)
    if contact.mentor.user_id != request.user.pk:
        return contact, forbidden(request, _("Only the mentor who logged a contact can change it."))
    if not permissions.can_change_contact(request.user, contact):
        return contact, forbidden(
            request,
            _(
                "Contacts can be changed or deleted for %(days)s days after they were logged. "
                "This one is now read-only."
            )
            % {"days": settings.CONTACT_EDIT_WINDOW_DAYS},
        )
    return contact, None


@login_required
@require_http_methods(["GET"])
def contact_detail(request, pk: int):
    contact = _visible_contact(request, pk)
    return render(
        request,
        "mentors/contact_detail.html",
        {
            "contact": contact,
            "can_change": permissions.can_change_contact(request.user, contact),
            "deadline": permissions.contact_edit_deadline(contact),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk: int):
    contact, refusal = _changeable_contact(request, pk)
    if refusal:
        return refusal
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            contact_services.update_contact(
                contact=Contact.objects.select_related("mentor").get(pk=contact.pk),
                data=form.cleaned_data,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The contact was saved."))
            return redirect(safe_next(request, "mentors:contact_list"))
    return render(
        request,
        "mentors/contact_form.html",
        {"form": form, "is_new": False, "contact": contact, "next": safe_next(request, "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request, pk: int):
    contact, refusal = _changeable_contact(request, pk)
    if refusal:
        return refusal
    if request.method == "POST":
        contact_services.delete_contact(contact=contact)
        messages.success(request, _("The contact was deleted."))
        return redirect("mentors:contact_list")
    return render(
        request,
        "mentors/confirm_delete.html",
        {"object": contact, "title": _("Delete contact"), "cancel_url": "mentors:contact_list"},
    )
