from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top floor: pages and jobs that read across the apps (home, dashboard, reports, the
    API router, sweeps, demo and scale data). Nothing imports it."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from leadvet.lib import outbox
        from leadvet.lib.cache import cache_reachable_again
        from leadvet.signals import changed_in_bulk
        from mentors.signals import mentor_anonymised
        from portal import report_downloads
        from portal.dashboard.cache import (
            bump_figures_version,
            models_behind_figures,
            pay_owed_bumps_when_reachable,
        )
        from portal.models import ReportDelivery
        from portal.personal_data import forget_report_recipient
        from portal.reports import build_report_emails
        from portal.tasks import send_report_deliveries

        mentor_anonymised.connect(forget_report_recipient, dispatch_uid="portal-forget-recipient")
        report_downloads.register()
        outbox.register(
            outbox.Outbox(
                model=ReportDelivery,
                build=build_report_emails,
                task=send_report_deliveries,
                select_related=("recipient",),
            )
        )

        for model in models_behind_figures():
            post_save.connect(
                bump_figures_version, sender=model, dispatch_uid=f"dashboard-{model.__name__}-save"
            )
            post_delete.connect(
                bump_figures_version,
                sender=model,
                dispatch_uid=f"dashboard-{model.__name__}-delete",
            )
            # A many-to-many change (a mentor's fields, a hire's contacts) saves no row of the
            # model: its own signal, every domain's figures stale (they are rare).
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    bump_figures_version,
                    sender=field.remote_field.through,
                    dispatch_uid=f"dashboard-{model.__name__}-{field.name}-m2m",
                )
        # Writes that save no row one by one (bulk writes to contacts, queryset updates) send no
        # post_save per row; they say so once.
        changed_in_bulk.connect(bump_figures_version, dispatch_uid="dashboard-changed-in-bulk")
        cache_reachable_again.connect(
            pay_owed_bumps_when_reachable, dispatch_uid="dashboard-pay-owed-bumps"
        )
