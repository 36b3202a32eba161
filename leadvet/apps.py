from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LeadvetConfig(AppConfig):
    name = "leadvet"
    verbose_name = _("LeadVET portal")

    def ready(self):
        from leadvet import checks  # noqa: F401 (registers the system checks)
        from leadvet.audit import connect_signals
        from leadvet.lib import outbox
        from leadvet.lib.accounts import build_account_emails
        from leadvet.lib.lookups import register as register_lookups
        from leadvet.lib.table_statistics import analyse_after_migrate
        from leadvet.models import AccountEmail
        from leadvet.sign_ins import connect_signals as connect_sign_in_signals
        from leadvet.tasks import send_account_emails

        connect_signals()
        connect_sign_in_signals()
        register_lookups()
        post_migrate.connect(analyse_after_migrate, sender=self)
        outbox.register(
            outbox.Outbox(
                model=AccountEmail,
                build=build_account_emails,
                task=send_account_emails,
                select_related=("user",),
            )
        )
