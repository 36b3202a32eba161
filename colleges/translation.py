"""The colleges' translatable data: the vocational fields' names and descriptions, in every
interface language (docs/architecture.md, "Translatable data")."""

from modeltranslation.translator import TranslationOptions, register

from colleges.models import VocationalField


@register(VocationalField)
class VocationalFieldTranslation(TranslationOptions):
    fields = ("name", "description")
