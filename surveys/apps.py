from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from mentors.signals import mentor_anonymised
        from surveys.services import forget_invitee

        mentor_anonymised.connect(forget_invitee, dispatch_uid="surveys-forget-invitee")
