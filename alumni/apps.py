from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlumniConfig(AppConfig):
    name = "alumni"
    verbose_name = _("Alumni")

    def ready(self):
        from alumni.models import AlumniNotice
        from alumni.notices import build_alumni_emails
        from alumni.tasks import send_alumni_notices
        from leadvet.lib import outbox

        outbox.register(
            outbox.Outbox(
                model=AlumniNotice,
                build=build_alumni_emails,
                task=send_alumni_notices,
                select_related=("application__user",),
            )
        )
        from alumni.services import forget_alumnus
        from mentors.signals import mentor_anonymised

        mentor_anonymised.connect(forget_alumnus, dispatch_uid="alumni-forget-alumnus")
