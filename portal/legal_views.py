"""Public pages every visitor may need without an account: the accessibility statement, the
privacy notice, the favicon; and the page shown when a form's CSRF check fails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from leadvet import roles
from portal import legal
from portal.forms import LegalTextForm
from portal.models import LegalText


def _kind(kind: str) -> LegalText.Kind:
    if kind not in LegalText.Kind.values:
        raise Http404
    return LegalText.Kind(kind)


@require_GET
def legal_page(request, kind: str):
    kind = _kind(kind)
    return render(
        request,
        "portal/legal/page.html",
        {
            "kind": kind,
            "own_text": legal.own_text(kind=kind, language=get_language()),
            "default_template": legal.DEFAULT_TEMPLATES[kind],
            "facts": legal.facts_in_force(),
            "can_edit": roles.is_coordinator(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def legal_edit(request, kind: str):
    kind = _kind(kind)
    if not roles.is_coordinator(request.user):
        raise PermissionDenied
    texts = dict(LegalText.objects.filter(kind=kind).values_list("language", "body"))
    form = LegalTextForm(request.POST or None, initial_texts=texts)
    if request.method == "POST" and form.is_valid():
        for language, body in form.cleaned_data.items():
            legal.save_text(kind=kind, language=language, body=body, user=request.user)
        messages.success(request, _("“%(page)s” was saved.") % {"page": kind.label})
        return redirect(f"legal_{kind.value}")
    return render(request, "portal/legal/edit.html", {"kind": kind, "form": form})


@require_GET
@cache_control(max_age=60 * 60 * 24 * 7, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page's <link rel="icon"> says."""
    return FileResponse(open(finders.find("favicon.ico"), "rb"), content_type="image/x-icon")


def csrf_failure(request, reason: str = ""):
    """A form sent without its security token, or from a page that had expired (CSRF)."""
    return render(request, "403_csrf.html", status=403)
