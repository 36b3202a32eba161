"""Helpers shared by the mentors app's views."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme

from colleges.models import PartnerCollege
from mentors import permissions
from mentors.models import Mentor

PAGE_SIZE = 25


def paginate(request, queryset, *, paginator_class=Paginator):
    page_obj = paginator_class(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page_obj, query.urlencode()


def forbidden(request, message: str):
    return render(request, "mentors/forbidden.html", {"message": message}, status=403)


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def form_errors_from(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def mentor_required(view):
    """Signed-in mentors with a mentor record; anyone else signed in gets 403."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.is_self_service_mentor(request.user):
            raise PermissionDenied
        request.mentor = request.user.mentor
        return view(request, *args, **kwargs)

    return wrapped


def require_pool_user(user) -> None:
    if not permissions.can_use_pool(user):
        raise PermissionDenied


def managed_mentor(request, mentor_id: int) -> Mentor:
    """The mentor, if the user may change them: 403 for a role that never may, 404 otherwise."""
    require_pool_user(request.user)
    mentor = get_object_or_404(Mentor.objects.select_related("user", "college"), pk=mentor_id)
    if not permissions.can_manage_mentor(request.user, mentor):
        raise Http404
    return mentor


def colleges_for(user):
    return permissions.manageable_colleges(user, PartnerCollege.objects.all())
