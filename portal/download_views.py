"""My downloads: the files a person asked for, made in the background (leadvet.lib.jobs).

Each page shows the requester's own jobs only (anyone else's is a 404). The file is sent only
while its requester may still read what it holds (403 otherwise), and every download is
audited. A job's page follows its progress: with JavaScript htmx asks for the status every
two seconds, without it a link reloads the page.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from leadvet import audit
from leadvet.lib import jobs
from leadvet.models import Job

PAGE_SIZE = 25
POLL_SECONDS = 2


def _own_job(request, pk: int) -> Job:
    return get_object_or_404(Job, pk=pk, user=request.user)


@login_required
@require_GET
def download_list(request):
    page_obj = Paginator(jobs.jobs_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "downloads/list.html",
        {"page_obj": page_obj, "retention_days": settings.DOWNLOAD_RETENTION_DAYS},
    )


@login_required
@require_GET
def download_detail(request, pk: int):
    """The job's page; to htmx's poll, its status part, and the sentence a screen reader
    announces when the status has changed since the page last saw it (`seen`)."""
    job = _own_job(request, pk)
    context = {
        "job": job,
        "allowed": jobs.may_have(request.user, job),
        "poll_seconds": POLL_SECONDS,
        "status_changed": request.GET.get("seen") != job.status,
    }
    if request.htmx:
        return render(request, "downloads/detail.html#progress", context)
    return render(request, "downloads/detail.html", context)


@login_required
@require_GET
def download_file(request, pk: int):
    job = _own_job(request, pk)
    if not jobs.may_have(request.user, job):
        raise PermissionDenied
    if not jobs.is_downloadable(job):
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        target=f"download of job {job.pk}: {job.title} ({job.filename})",
        request=request,
    )
    response = FileResponse(handle, as_attachment=True, filename=job.filename)
    response["Content-Type"] = job.content_type
    response["Content-Language"] = job.language
    return response


@login_required
@require_POST
def download_retry(request, pk: int):
    job = _own_job(request, pk)
    if not jobs.may_have(request.user, job):
        raise PermissionDenied
    if jobs.retry(job=job):
        messages.success(request, _("The file is being made again."))
    else:
        messages.info(request, _("This file has not failed: there is nothing to try again."))
    return redirect(job)
