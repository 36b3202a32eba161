"""The mentors' translatable data: the eight tasks, the languages and the announcements, in
every interface language (docs/architecture.md, "Translatable data")."""

from modeltranslation.translator import TranslationOptions, register

from leadvet.lib.translated import original_in_default_language
from mentors.models import Announcement, Language, MentorTask


@register(MentorTask)
class MentorTaskTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Language)
class LanguageTranslation(TranslationOptions):
    fields = ("name",)


@register(Announcement)
class AnnouncementTranslation(TranslationOptions):
    fields = ("title", "body")


original_in_default_language(MentorTask, "name", "description")
original_in_default_language(Language, "name")
original_in_default_language(Announcement, "title", "body")
