from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpaceConfig(AppConfig):
    name = "space"
    verbose_name = _("Network space")

    def ready(self):
        from leadvet.lib import outbox
        from mentors.signals import mentor_anonymised
        from space import tasks
        from space.models import DigestEmail
        from space.notices import build_digests
        from space.services import forget_author

        outbox.register(
            outbox.Outbox(
                model=DigestEmail,
                build=build_digests,
                task=tasks.send_digests,
                select_related=("recipient",),
                forget_unwanted=False,
            )
        )
        mentor_anonymised.connect(forget_author, dispatch_uid="space-forget-author")
