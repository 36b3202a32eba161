"""The events' translatable data: an event's title and description in the languages its
organiser gives them (docs/architecture.md, "Translatable data")."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event
from leadvet.lib.translated import original_in_default_language


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


original_in_default_language(Event, "title", "description")
