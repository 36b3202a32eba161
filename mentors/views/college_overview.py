"""College coordinators: availability overview and contact log."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leadvet.lib import jobs
from leadvet.lib.pagination import CappedPaginator
from mentors import downloads, permissions
from mentors.filters import AvailabilityOverviewFilter, college_contact_filter
from mentors.selectors import college_overview as college_overview_selectors
from mentors.views.common import colleges_for, paginate


def _college_activity_scope(request):
    """(college ids or None for all, colleges for the filter, the mentor the query names);
    403 for roles without the pages, 404 when the query names a college or mentor outside
    the user's scope."""
    user = request.user
    if not permissions.can_see_college_activity(user):
        raise PermissionDenied
    scope = permissions.college_scope(user)
    college_id, mentor_id = request.GET.get("college", ""), request.GET.get("mentor", "")
    if (college_id and not college_id.isdigit()) or (mentor_id and not mentor_id.isdigit()):
        raise Http404
    if college_id and scope is not None and int(college_id) not in scope:
        raise Http404
    mentor = None
    if mentor_id:
        mentor = (
            permissions.visible_mentors(user).select_related("user").filter(pk=mentor_id).first()
        )
        if mentor is None:
            raise Http404
    return scope, colleges_for(user), mentor


@login_required
@require_GET
def availability_overview(request):
    _scope, colleges, _mentor = _college_activity_scope(request)
    overview_filter = AvailabilityOverviewFilter(
        request.GET or None,
        queryset=college_overview_selectors.availability_overview_mentors(
            permissions.visible_mentors(request.user)
        ),
        college_queryset=colleges,
    )
    page_obj, query_string = paginate(request, overview_filter.qs)
    return render(
        request,
        "mentors/availability_overview.html",
        {
            "filter": overview_filter,
            "page_obj": page_obj,
            "rows": college_overview_selectors.availability_rows(page_obj.object_list),
            "query_string": query_string,
        },
    )


@login_required
@require_GET
def college_contact_list(request):
    _scope, _colleges, mentor = _college_activity_scope(request)
    contact_filter = college_contact_filter(request.user, request.GET)
    # The whole network's log runs to a million contacts: count and page the newest 10,000.
    page_obj, query_string = paginate(request, contact_filter.qs, paginator_class=CappedPaginator)
    return render(
        request,
        "mentors/college_contact_list.html",
        {
            "filter": contact_filter,
            "page_obj": page_obj,
            "query_string": query_string,
            "mentor": mentor,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def college_contact_export(request):
    """At most a page of contacts at once; the network's million in the background."""
    _college_activity_scope(request)
    return jobs.respond(
        request,
        kind=downloads.COLLEGE_CONTACTS,
        params={"query": request.GET.urlencode()},
        title=_("Contact log (CSV)"),
        audit_target=f"college contact log .csv {request.GET.urlencode()}".strip(),
    )
