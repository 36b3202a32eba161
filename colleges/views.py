from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from colleges import permissions, selectors, services
from colleges.filters import CollegeFilter, VTEGroupFilter
from colleges.forms import CollegeForm, CollegeUnitFormSet, VocationalFieldForm, VTEGroupForm
from colleges.models import PartnerCollege, VocationalField, VTEGroup
from leadvet import roles

PAGE_SIZE = 25


def _page(request, queryset):
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page_obj, query.urlencode()


def _group_or_404(user, pk) -> VTEGroup:
    try:
        return selectors.group_for_detail(user, pk)
    except VTEGroup.DoesNotExist:
        raise Http404 from None


# Colleges


@login_required
@require_GET
def college_list(request):
    if not permissions.can_view_college_list(request.user):
        raise PermissionDenied
    college_filter = CollegeFilter(request.GET, queryset=selectors.college_list())
    page_obj, query_string = _page(request, college_filter.qs)
    return render(
        request,
        "colleges/college_list.html",
        {
            "filter": college_filter,
            "page_obj": page_obj,
            "query_string": query_string,
            "can_create": permissions.can_create_college(request.user),
            "can_view_fields": permissions.can_view_fields(request.user),
        },
    )


@login_required
@require_GET
def college_detail(request, pk):
    if not permissions.can_view_college_list(request.user):
        raise PermissionDenied
    try:
        college = selectors.college_for_detail(pk)
    except PartnerCollege.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_college(request.user, college):
        raise Http404
    context = {
        "college": college,
        "can_edit": permissions.can_edit_college(request.user, college),
        "sees_people": permissions.can_see_college_people(request.user, college),
    }
    if context["sees_people"]:
        context.update(
            mentors=selectors.college_mentors(college),
            groups=selectors.college_groups(college),
            recent_contacts=selectors.college_recent_contacts(college),
            history=selectors.college_history(college),
        )
    return render(request, "colleges/college_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def college_create(request):
    if not permissions.can_create_college(request.user):
        raise PermissionDenied
    return _college_form(request, PartnerCollege())


@login_required
@require_http_methods(["GET", "POST"])
def college_edit(request, pk):
    if not permissions.can_view_college_list(request.user):
        raise PermissionDenied
    college = get_object_or_404(PartnerCollege, pk=pk)
    if not permissions.can_edit_college(request.user, college):
        raise PermissionDenied
    return _college_form(request, college)


def _college_form(request, college):
    creating = college.pk is None
    form = CollegeForm(
        request.POST or None,
        instance=college,
        country_locked=not permissions.can_change_college_country(request.user),
    )
    units = CollegeUnitFormSet(request.POST or None, instance=college, prefix="units")
    if request.method == "POST" and form.is_valid() and units.is_valid():
        college = services.save_college(form=form, unit_formset=units)
        if creating:
            message = _("The college %(name)s was added.")
        else:
            message = _("The college %(name)s was saved.")
        messages.success(request, message % {"name": college.name})
        return redirect("colleges:college_detail", pk=college.pk)
    return render(
        request,
        "colleges/college_form.html",
        {"form": form, "units": units, "college": college, "creating": creating},
    )


# Vocational fields


@login_required
@require_GET
def field_list(request):
    if not permissions.can_view_fields(request.user):
        raise PermissionDenied
    page_obj, query_string = _page(request, selectors.field_list())
    return render(
        request,
        "colleges/field_list.html",
        {
            "page_obj": page_obj,
            "query_string": query_string,
            "can_manage": permissions.can_manage_fields(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def field_create(request):
    if not permissions.can_manage_fields(request.user):
        raise PermissionDenied
    return _field_form(request, VocationalField())


@login_required
@require_http_methods(["GET", "POST"])
def field_edit(request, pk):
    field = get_object_or_404(VocationalField, pk=pk)
    if not permissions.can_manage_fields(request.user):
        raise PermissionDenied
    return _field_form(request, field)


def _field_form(request, field):
    creating = field.pk is None
    form = VocationalFieldForm(request.POST or None, instance=field)
    if request.method == "POST" and form.is_valid():
        field = services.save_field(form=form)
        messages.success(request, _("The field %(name)s was saved.") % {"name": field.name})
        return redirect("colleges:field_list")
    return render(
        request, "colleges/field_form.html", {"form": form, "field": field, "creating": creating}
    )


# VTE groups


@login_required
@require_GET
def group_list(request):
    if not permissions.can_view_group_list(request.user):
        raise PermissionDenied
    group_filter = VTEGroupFilter(
        request.GET, queryset=selectors.group_list(request.user), terms=selectors.group_terms()
    )
    page_obj, query_string = _page(request, group_filter.qs)
    return render(
        request,
        "colleges/group_list.html",
        {
            "filter": group_filter,
            "page_obj": page_obj,
            "query_string": query_string,
            "can_create": permissions.can_manage_groups(request.user),
            "sees_all": permissions.sees_all_groups(request.user),
        },
    )


@login_required
@require_GET
def group_detail(request, pk):
    if not permissions.can_view_group_list(request.user):
        raise PermissionDenied
    group = _group_or_404(request.user, pk)
    can_edit = permissions.can_edit_group(request.user, group)
    return render(
        request,
        "colleges/group_detail.html",
        {
            "group": group,
            "assignments": selectors.group_assignments(group),
            "history": selectors.group_history(group),
            "assignment_history": selectors.group_assignment_history(group),
            "can_edit": can_edit,
            "can_assign": roles.can_manage_pool(request.user),
            # Those who may search the directory get a search narrowed to this group's needs.
            "can_find_mentor": roles.can_find_mentors(request.user) and not group.is_closed,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    if not permissions.can_manage_groups(request.user):
        raise PermissionDenied
    return _group_form(request, VTEGroup())


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    if not permissions.can_view_group_list(request.user):
        raise PermissionDenied
    group = _group_or_404(request.user, pk)
    if not permissions.can_edit_group(request.user, group):
        raise PermissionDenied
    return _group_form(request, group)


def _group_form(request, group):
    creating = group.pk is None
    form = VTEGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        group = services.save_group(form=form)
        messages.success(request, _("The VTE group %(name)s was saved.") % {"name": group})
        return redirect("colleges:group_detail", pk=group.pk)
    return render(
        request, "colleges/group_form.html", {"form": form, "group": group, "creating": creating}
    )


@login_required
@require_POST
def group_close(request, pk):
    group = (
        _group_or_404(request.user, pk) if permissions.can_view_group_list(request.user) else None
    )
    if group is None or not permissions.can_edit_group(request.user, group):
        raise PermissionDenied
    services.close_group(group=group)
    messages.success(request, _("The VTE group %(name)s was closed.") % {"name": group})
    return redirect("colleges:group_detail", pk=group.pk)


@login_required
@require_POST
def group_reopen(request, pk):
    group = (
        _group_or_404(request.user, pk) if permissions.can_view_group_list(request.user) else None
    )
    if group is None or not permissions.can_edit_group(request.user, group):
        raise PermissionDenied
    services.reopen_group(group=group)
    messages.success(request, _("The VTE group %(name)s was reopened.") % {"name": group})
    return redirect("colleges:group_detail", pk=group.pk)
