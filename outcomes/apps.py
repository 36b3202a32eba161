from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    """What the network brings about: teacher students' placements and hires, the programme's
    goals and deliverables, feedback on contacts and events, curriculum proposals."""

    name = "outcomes"
    verbose_name = _("Outcomes")
    default_auto_field = "django.db.models.BigAutoField"
