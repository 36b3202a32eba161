"""Contact requests: the list, a request, and its answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentors import permissions
from mentors.filters import RequestFilter
from mentors.forms.requests import RequestAnswerForm
from mentors.models import ContactRequest
from mentors.selectors import requests as request_selectors
from mentors.services import requests as request_services
from mentors.views.common import paginate


@login_required
@require_http_methods(["GET"])
def request_list(request):
    if not permissions.can_see_requests_page(request.user):
        raise PermissionDenied
    request_filter = RequestFilter(
        request.GET or None, queryset=request_selectors.requests_visible_to(request.user)
    )
    page_obj, query_string = paginate(request, request_filter.qs)
    return render(
        request,
        "mentors/request_list.html",
        {"filter": request_filter, "page_obj": page_obj, "query_string": query_string},
    )


def _visible_request(request, pk: int) -> ContactRequest:
    contact_request = get_object_or_404(
        ContactRequest.objects.select_related(
            "mentor__user", "mentor__college", "requester", "task", "vte_group"
        ),
        pk=pk,
    )
    if not permissions.can_see_request(request.user, contact_request):
        raise Http404
    return contact_request


@login_required
@require_http_methods(["GET"])
def request_detail(request, pk: int):
    contact_request = _visible_request(request, pk)
    user = request.user
    return render(
        request,
        "mentors/request_detail.html",
        {
            "contact_request": contact_request,
            "answer_form": RequestAnswerForm()
            if permissions.can_answer_request(user, contact_request)
            else None,
            "can_withdraw": permissions.can_withdraw_request(user, contact_request),
            "can_make_contact": permissions.can_turn_request_into_contact(user, contact_request),
            "contact": getattr(contact_request, "contact", None),
            "is_mentor": contact_request.mentor.user_id == user.pk,
        },
    )


@login_required
@require_POST
def request_answer(request, pk: int):
    contact_request = _visible_request(request, pk)
    if contact_request.mentor.user_id != request.user.pk:
        raise PermissionDenied
    form = RequestAnswerForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    if request.POST.get("decision") not in ("accept", "decline"):
        form.add_error(None, _("Choose whether to accept or decline the request."))
    if form.is_valid():
        try:
            request_services.answer_contact_request(
                contact_request=contact_request, accept=accept, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("You accepted the request.") if accept else _("You declined the request."),
            )
        return redirect("mentors:request_detail", pk=contact_request.pk)
    return render(
        request,
        "mentors/request_detail.html",
        {
            "contact_request": contact_request,
            "answer_form": form,
            "is_mentor": True,
            "can_make_contact": False,
            "can_withdraw": False,
        },
        status=400,
    )


@login_required
@require_POST
def request_withdraw(request, pk: int):
    contact_request = _visible_request(request, pk)
    if contact_request.requester_id != request.user.pk:
        raise PermissionDenied
    try:
        request_services.withdraw_contact_request(contact_request=contact_request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The request was withdrawn."))
    return redirect("mentors:request_detail", pk=contact_request.pk)


@login_required
@require_POST
def request_to_contact(request, pk: int):
    contact_request = _visible_request(request, pk)
    if contact_request.mentor.user_id != request.user.pk:
        raise PermissionDenied
    try:
        contact = request_services.contact_from_request(contact_request=contact_request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("mentors:request_detail", pk=contact_request.pk)
    messages.success(
        request, _("The contact was added to your log. Check the details and save if needed.")
    )
    return redirect("mentors:contact_edit", pk=contact.pk)
