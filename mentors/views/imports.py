"""Bulk import of mentors: upload, check, confirm, progress."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from mentors import importing, permissions
from mentors.forms.imports import ImportUploadForm
from mentors.models import MentorImport
from mentors.selectors import imports as import_selectors
from mentors.services import imports as import_services

CHECKED = {MentorImport.Status.VALID, MentorImport.Status.INVALID, MentorImport.Status.REFUSED}


def _require_importer(user) -> None:
    if not permissions.can_import_mentors(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _require_importer(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        mentor_import = import_services.create_import(
            filename=form.cleaned_data["file"].name, content=form.content, by=request.user
        )
        return redirect("mentors:import_detail", mentor_import.pk)
    return render(
        request,
        "mentors/import_upload.html",
        {
            "form": form,
            "columns": importing.COLUMN_HELP,
            "imports": import_selectors.recent_imports(),
            "max_size": settings.MAX_UPLOAD_SIZE,
        },
    )


@login_required
@require_GET
def import_detail(request, import_id: int):
    _require_importer(request.user)
    mentor_import = get_object_or_404(
        MentorImport.objects.select_related("created_by").defer("upload"), pk=import_id
    )
    page_obj = Paginator(mentor_import.rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "mentors/import_detail.html",
        {"mentor_import": mentor_import, "page_obj": page_obj, "query_string": ""},
    )


@login_required
@require_POST
def import_confirm(request, import_id: int):
    _require_importer(request.user)
    mentor_import = get_object_or_404(MentorImport.objects.defer("upload", "rows"), pk=import_id)
    try:
        import_services.confirm_import(mentor_import=mentor_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The import has started."))
    return redirect("mentors:import_detail", mentor_import.pk)


@login_required
@require_GET
def import_progress(request, import_id: int):
    _require_importer(request.user)
    mentor_import = get_object_or_404(MentorImport.objects.defer("rows", "upload"), pk=import_id)
    if mentor_import.status == MentorImport.Status.CHECKING:
        partial = "checking"
    elif mentor_import.status in CHECKED and request.htmx:
        # The page was waiting for the check: it shows the result in full.
        return HttpResponseClientRefresh()
    else:
        partial = "progress"
    return render(
        request, f"mentors/import_detail.html#{partial}", {"mentor_import": mentor_import}
    )
