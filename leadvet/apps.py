from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class LeadvetConfig(AppConfig):
    name = "leadvet"
    verbose_name = _("LeadVET portal")

    def ready(self):
        from leadvet.audit import connect_signals
        from leadvet.dashboard import bump_figures_version, models_behind_figures
        from leadvet.lookups import register as register_lookups

        connect_signals()
        register_lookups()

        for model in models_behind_figures():
            post_save.connect(
                bump_figures_version, sender=model, dispatch_uid=f"dashboard-{model.__name__}-save"
            )
            post_delete.connect(
                bump_figures_version,
                sender=model,
                dispatch_uid=f"dashboard-{model.__name__}-delete",
            )
