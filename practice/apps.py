from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    """The state of the art: how each of the eight mentor tasks is used in each country (and
    college), dated, kept by coordinators and proposed from the task-matrix survey."""

    name = "practice"
    verbose_name = _("State of the art")
    default_auto_field = "django.db.models.BigAutoField"
