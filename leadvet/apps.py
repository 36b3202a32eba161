from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadvetConfig(AppConfig):
    name = "leadvet"
    verbose_name = _("LeadVET portal")
