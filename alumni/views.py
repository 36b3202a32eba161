"""The public request to join, the coordinators' alumni pool, an alumnus's own details."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alumni import permissions, services
from alumni import selectors as alumni_selectors
from alumni.filters import AlumniFilter
from alumni.forms import AlumniDetailsForm, JoinForm, ProposeForm
from leadvet.audit import client_ip
from leadvet.lib.ratelimit import allow

PAGE_SIZE = 25
# Requests a day from one address, and to one email address: enough for a family sharing
# a connection, too few to flood someone's inbox.
REQUESTS_PER_IP = 10
REQUESTS_PER_EMAIL = 3
DAY = 24 * 60 * 60


@require_http_methods(["GET", "POST"])
def join(request):
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        if not allow(f"alumni-join-ip:{client_ip(request)}", limit=REQUESTS_PER_IP, seconds=DAY):
            return render(request, "alumni/join.html", {"form": form, "limited": True}, status=429)
        if form.is_bot():
            return redirect("alumni:join_done")
        if form.is_valid():
            data = form.cleaned_data
            email = data["email"].strip().lower()
            if allow(f"alumni-join-email:{email}", limit=REQUESTS_PER_EMAIL, seconds=DAY):
                services.request_to_join(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=email,
                    graduation_year=data["graduation_year"],
                    field=data["field"],
                    college=data["college"],
                    other_college=data["other_college"],
                    language=get_language(),
                )
            # The same answer whatever happened: the page tells no one who is known.
            return redirect("alumni:join_done")
    return render(request, "alumni/join.html", {"form": form})


@require_http_methods(["GET"])
def join_done(request):
    return render(request, "alumni/join_done.html")


def _require_manager(request) -> None:
    if not permissions.can_manage_alumni(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def pool(request):
    _require_manager(request)
    alumni_filter = AlumniFilter(request.GET or None, queryset=alumni_selectors.alumni_requests())
    queryset = alumni_filter.qs if alumni_filter.is_bound else alumni_filter.queryset
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "alumni/pool.html",
        {
            "filter": alumni_filter,
            "page_obj": page_obj,
            "query_string": query.urlencode(),
            "counts": alumni_selectors.alumni_path_counts(),
        },
    )


@login_required
@require_http_methods(["GET"])
def detail(request, pk: int):
    _require_manager(request)
    application = get_object_or_404(alumni_selectors.alumni_requests(), pk=pk)
    return render(
        request,
        "alumni/detail.html",
        {
            "application": application,
            "propose_form": ProposeForm(initial={"college": application.college_id}),
        },
    )


def _decide(request, pk: int, action, done: str):
    _require_manager(request)
    application = get_object_or_404(alumni_selectors.alumni_requests(), pk=pk)
    try:
        action(application=application, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"name": application.name})
    return redirect("alumni:detail", pk=pk)


@login_required
@require_POST
def approve(request, pk: int):
    return _decide(
        request, pk, services.approve, _("%(name)s is now an alumnus. An email tells them.")
    )


@login_required
@require_POST
def decline(request, pk: int):
    return _decide(
        request,
        pk,
        services.decline,
        _("The request of %(name)s was declined. An email tells them."),
    )


@login_required
@require_POST
def propose(request, pk: int):
    _require_manager(request)
    application = get_object_or_404(alumni_selectors.alumni_requests(), pk=pk)
    form = ProposeForm(request.POST)
    if form.is_valid():
        try:
            mentor = services.propose_as_mentor(
                application=application,
                college=form.cleaned_data["college"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is now a mentor candidate.") % {"name": application.name},
            )
            return redirect("mentors:detail", mentor_id=mentor.pk)
    else:
        messages.error(request, _("Choose the partner college of the candidate."))
    return redirect("alumni:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def my_details(request):
    if not permissions.can_edit_own_details(request.user):
        raise PermissionDenied
    application = alumni_selectors.request_of(request.user)
    if application is None:
        raise PermissionDenied
    form = AlumniDetailsForm(
        request.POST or None,
        initial={
            "graduation_year": application.graduation_year,
            "field": application.field_id,
            "college": application.college_id,
            "other_college": application.other_college,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.update_own_details(application=application, **form.cleaned_data)
        messages.success(request, _("Your alumni details were saved."))
        return redirect("alumni:my_details")
    return render(request, "alumni/my_details.html", {"form": form, "application": application})
