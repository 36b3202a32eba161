from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadvetConfig(AppConfig):
    name = "leadvet"
    verbose_name = _("LeadVET portal")

    def ready(self):
        from leadvet.audit import connect_signals
        from leadvet.lib.lookups import register as register_lookups

        connect_signals()
        register_lookups()
