"""The colleges' translatable data: the vocational fields' names and descriptions, in every
interface language (docs/architecture.md, "Translatable data")."""

from modeltranslation.translator import TranslationOptions, register

from colleges.models import VocationalField
from leadvet.lib.translated import original_in_default_language


@register(VocationalField)
class VocationalFieldTranslation(TranslationOptions):
    fields = ("name", "description")


original_in_default_language(VocationalField, "name", "description")
