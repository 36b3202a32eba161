from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from leadvet.lib import outbox
        from mentors.signals import mentor_anonymised
        from surveys import downloads
        from surveys.models import SurveyNotice
        from surveys.notices import build_survey_emails
        from surveys.services import forget_invitee
        from surveys.tasks import send_survey_notices

        mentor_anonymised.connect(forget_invitee, dispatch_uid="surveys-forget-invitee")
        downloads.register()
        outbox.register(
            outbox.Outbox(
                model=SurveyNotice,
                build=build_survey_emails,
                task=send_survey_notices,
                select_related=("invitation__survey",),
            )
        )
