from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from portal import download_views, impact_views, legal_views, pwa_views, report_views, views
from surveys.urls import respondent_urlpatterns

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", legal_views.favicon, name="favicon"),
    # The installable app: the worker at the root, so its scope is the whole portal.
    path("manifest.webmanifest", pwa_views.manifest, name="manifest"),
    path("sw.js", pwa_views.service_worker, name="service_worker"),
    path("offline/", pwa_views.offline, name="offline"),
    path(
        "accessibility/",
        legal_views.legal_page,
        {"kind": "accessibility"},
        name="legal_accessibility",
    ),
    path("privacy/", legal_views.legal_page, {"kind": "privacy"}, name="legal_privacy"),
    re_path(r"^(?P<kind>accessibility|privacy)/edit/$", legal_views.legal_edit, name="legal_edit"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("events/", include("events.urls")),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/email/", views.email_preferences, name="email_preferences"),
    path("accounts/my-data.json", views.my_data, name="my_data"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("accounts/tokens/new/", views.api_token_create, name="api_token_create"),
    path("accounts/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("downloads/", download_views.download_list, name="downloads"),
    path("downloads/<int:pk>/", download_views.download_detail, name="download_detail"),
    path("downloads/<int:pk>/file/", download_views.download_file, name="download_file"),
    path("downloads/<int:pk>/retry/", download_views.download_retry, name="download_retry"),
    path("api/", include("portal.api.urls")),
    path("dashboard/", report_views.dashboard_page, name="dashboard"),
    path("dashboard/outcomes/", report_views.dashboard_outcomes, name="dashboard_outcomes"),
    path("reports/", report_views.reports_page, name="reports"),
    path(
        "reports/national-variations/",
        report_views.reports_national_variations,
        name="reports_national_variations",
    ),
    path("reports/export.<str:fmt>", report_views.report_export, name="report_export"),
    path("accounts/", include("allauth.urls")),
    path("", include("colleges.urls")),
    path("", include("mentors.urls")),
    path("admin/", admin.site.urls),
    path("surveys/", include("surveys.urls")),
    path("alumni/", include("alumni.urls")),
    path("space/", include("space.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("practice/", include("practice.urls")),
    path("network-health/", impact_views.network_health, name="network_health"),
    path("network-health/<int:college_id>/", impact_views.college_health, name="college_health"),
    path("s/<str:token>/", include(respondent_urlpatterns)),
]

# Under /api/ every error is JSON (`{"detail": "…"}`), an unknown path included; elsewhere
# Django's HTML pages.
handler400 = "leadvet.api.errors.bad_request"
handler403 = "leadvet.api.errors.permission_denied"
handler404 = "leadvet.api.errors.page_not_found"
handler500 = "leadvet.api.errors.server_error"

if settings.LEADVET_BENCH:
    urlpatterns += [path("bench/ping/", views.bench_ping, name="bench_ping")]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
