from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


def _no_history_for_loaded_relations(sender, instance, raw=False, **kwargs):
    """loaddata sets a mentor's relations after its raw save, and django-simple-history would
    record each as a change; the dump already holds the history, so nothing is recorded."""
    if raw:
        instance.skip_history_when_saving = True


def _accept_invitation_on_sso_link(sender, request, sociallogin, **kwargs):
    from mentors.services.invitations import accept_invitation_through_sso

    accept_invitation_through_sso(user=sociallogin.user)


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = _("Mentors")

    def ready(self):
        from leadvet.lib import outbox
        from mentors import downloads
        from mentors.models import Notice
        from mentors.services.notices import build_notice_emails
        from mentors.tasks import send_notices

        outbox.register(
            outbox.Outbox(
                model=Notice,
                build=build_notice_emails,
                task=send_notices,
                select_related=("recipient",),
                # Settled, not forgotten: a sweep must not owe an answered request's reminder
                # or a paused mentor's nudge again.
                forget_unwanted=False,
            )
        )
        downloads.register()
        pre_save.connect(
            _no_history_for_loaded_relations,
            sender=self.get_model("Mentor"),
            dispatch_uid="mentors-no-history-for-loaded-relations",
        )
        from allauth.socialaccount.signals import social_account_added

        social_account_added.connect(
            _accept_invitation_on_sso_link, dispatch_uid="mentors-accept-invitation-on-sso"
        )
