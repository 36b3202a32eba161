"""The surveys' translatable data: titles, introductions, sections, questions and their help
texts, in every interface language (docs/architecture.md, "Translatable data")."""

from modeltranslation.translator import TranslationOptions, register

from surveys.models import Question, Section, Survey


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")
