from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


def _no_history_for_loaded_relations(sender, instance, raw=False, **kwargs):
    """loaddata sets a mentor's relations after its raw save, and django-simple-history would
    record each as a change; the dump already holds the history, so nothing is recorded."""
    if raw:
        instance.skip_history_when_saving = True


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = _("Mentors")

    def ready(self):
        pre_save.connect(
            _no_history_for_loaded_relations,
            sender=self.get_model("Mentor"),
            dispatch_uid="mentors-no-history-for-loaded-relations",
        )
