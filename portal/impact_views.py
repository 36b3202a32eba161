"""Network health per college (issue 24, item 7): one row per college, sortable; the figures
behind a row one click away for coordinators (college coordinators: their own colleges), the
steering group sees the aggregates only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from colleges import selectors as college_selectors
from leadvet import roles
from outcomes import permissions
from outcomes.selectors import records as outcome_records
from portal.dashboard import impact as impact_figures
from portal.dashboard import impact_presentation
from portal.dashboard.periods import Filters
from portal.forms import ReportPeriodForm

SORTS = {
    "college": lambda row: row["college"].casefold(),
    "contacts": lambda row: row["contacts"],
    "trend": lambda row: (row["trend"] is not None, row["trend"] or 0),
    "hours": lambda row: row["hours"],
    "outcomes": lambda row: row["outcomes"],
    "feedback": lambda row: (row["feedback_mean"] is not None, row["feedback_mean"] or 0),
}


def _period(request):
    form = ReportPeriodForm(request.GET or None, today=timezone.localdate())
    period, label = form.period_and_label()
    return form, period, label


@login_required
@require_GET
def network_health(request):
    user = request.user
    if not permissions.can_see_network_health(user):
        raise PermissionDenied
    form, period, label = _period(request)
    impact = impact_figures.cached_impact(Filters(period=period))
    anonymous = not roles.is_coordinator(user)
    table = impact_presentation.impact_tables(impact, anonymous=anonymous)["network_health"]
    sort = request.GET.get("sort", "outcomes")
    if sort not in SORTS:
        sort = "outcomes"
    descending = request.GET.get("dir", "desc" if sort != "college" else "asc") == "desc"
    pairs = sorted(
        zip(impact["health"], table.rows, strict=True),
        key=lambda pair: SORTS[sort](pair[0]),
        reverse=descending,
    )
    rows = [
        {
            "cells": cells,
            "link": permissions.sees_college_details(user, row["college_id"]),
            "college_id": row["college_id"],
        }
        for row, cells in pairs
    ]
    query = request.GET.copy()
    for key in ("sort", "dir"):
        query.pop(key, None)
    headings = [
        (str(column), key)
        for column, key in zip(
            table.columns,
            ("college", None, "contacts", "trend", "hours", "outcomes", "feedback"),
            strict=True,
        )
    ]
    return render(
        request,
        "portal/network_health.html",
        {
            "form": form,
            "period": period,
            "period_label": label,
            "headings": headings,
            "rows": rows,
            "sort": sort,
            "descending": descending,
            "base_query": query.urlencode(),
            "threshold": impact["threshold"],
            "anonymous": anonymous,
        },
    )


@login_required
@require_GET
def college_health(request, college_id: int):
    user = request.user
    if not permissions.can_see_network_health(user):
        raise PermissionDenied
    catalogue = college_selectors.college_catalogue()
    if college_id not in catalogue:
        raise Http404
    if not permissions.sees_college_details(user, college_id):
        raise PermissionDenied
    form, period, label = _period(request)
    filters = Filters(period=period, college_id=college_id)
    impact = impact_figures.cached_impact(filters)
    tables = impact_presentation.impact_tables(impact, anonymous=False)
    placements, outcomes = outcome_records.records_at_college(
        college_id=college_id, start=period.start, end=period.end
    )
    return render(
        request,
        "portal/college_health.html",
        {
            "college": catalogue[college_id],
            "college_id": college_id,
            "form": form,
            "period": period,
            "period_label": label,
            "impact": impact,
            "impact_tables": tables,
            "placements": placements,
            "outcomes": outcomes,
            "limit": outcome_records.COLLEGE_RECORDS_LIMIT,
            "title": _("Network health: %(college)s") % {"college": catalogue[college_id]["name"]},
        },
    )
