"""The surveys' translatable data: titles, introductions, sections, questions and their help
texts, the choices, matrix rows and columns, in every interface language (docs/architecture.md, "Translatable data")."""

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
    # The choices and columns are answered by position and a matrix row by its key
    # (surveys.selectors.surveys.matrix_row_keys), so each language lists as many.
    fields = ("text", "help_text", "choices", "rows", "columns")
    # An empty list is no translation: read the next language's (a missing one is NULL).
    fallback_undefined = {"choices": [], "rows": [], "columns": []}
