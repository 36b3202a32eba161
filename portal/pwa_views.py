"""The installable app: the web app manifest, the service worker (served from the root, so
its scope is the whole portal) and the page shown offline.

The service worker is a template so it names the static files by their hashed URLs; its
cache's name is derived from them, so each deploy replaces the old cache.
"""

import hashlib
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

ICONS = (
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
)
# What the offline shell needs: the styles, scripts and icons every page loads.
SHELL_STATIC = (
    "vendor/bootstrap/bootstrap.min.css",
    "css/leadvet.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/leadvet.js",
    "js/pwa.js",
    "favicon.svg",
    *(path for path, _size, _purpose in ICONS),
)


@require_GET
@cache_control(max_age=3600)
def manifest(request):
    body = {
        "name": _("LeadVET mentor network"),
        "short_name": "LeadVET",
        "description": _("Log contacts, keep your availability and find events of the network."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5ed7",
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
        "shortcuts": [
            {"name": _("Log a contact"), "url": reverse("mentors:contact_create")},
        ],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    shell = [static(path) for path in SHELL_STATIC]
    offline_url = reverse("offline")
    version = hashlib.sha256("\n".join([offline_url, *shell]).encode()).hexdigest()[:12]
    context = {
        "version": version,
        "shell": json.dumps([offline_url, *shell]),
        "offline_url": json.dumps(offline_url),
        # Pages kept for offline use once visited (never a page with someone else's data).
        "offline_pages": json.dumps([reverse("mentors:contact_create")]),
        "logout_url": json.dumps(reverse("account_logout")),
    }
    body = render_to_string("portal/service_worker.js", context, using="email_text")
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers allow a worker the scope of its own path: at the root that is the portal.
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request):
    """The page the service worker shows for a page it cannot fetch and has not kept."""
    return render(request, "portal/offline.html")
