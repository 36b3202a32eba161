"""Translatable data (django-modeltranslation): a column per interface language.

A translated field `name` has the columns `name_en`, `name_fi`, … (settings.LANGUAGES); the
model's `name` reads the active language's, falling back to English and then to the first
language that has one (settings.MODELTRANSLATION_FALLBACK_LANGUAGES), so a text written in one
language only is read in that language. `localized` does the same in SQL for a field reached
through a relation, and `TranslatedFieldsForm` edits the columns, one labelled input per
language. Knows no app: the apps register their fields in their own `translation.py`.
"""

from django.conf import settings
from django.db.models import CharField, F, TextField
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

AT_LEAST_ONE = _("Give it in at least one language.")


def language_order(language: str | None = None) -> list[str]:
    """The languages a translated value is looked for in: the reader's, then the fallbacks."""
    active = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    return [active, *(code for code in fallbacks if code != active)]


def localized(path: str, *, text: bool = False) -> Coalesce:
    """`path` (`task__name`) in the active language, with the model's fallbacks, in SQL:
    for `values()` over another model, where the translated descriptor does not apply."""
    columns = [F(f"{path}_{code}") for code in language_order()]
    return Coalesce(*columns, F(path), output_field=TextField() if text else CharField())


def columns(path: str) -> list[str]:
    """`path` (`contact__task__name`) and its column in every language: for `only()`, so that
    reading the translated field of the related object needs no further query."""
    return [path, *(f"{path}_{code}" for code, _name in settings.LANGUAGES)]


def original_in_default_language(model, *names: str) -> None:
    """Write the original column (`name`) with the default language's value (English, else
    the fallbacks) whoever saves, not the saver's: what reads it through another model's
    manager (reports, exports, rollups) stays in one language. Called by each app's
    translation.py for the fields it registers."""
    for name in names:
        field = model._meta.get_field(name)

        def pre_save(instance, add, _attname=field.attname):
            with translation.override(settings.LANGUAGE_CODE):
                return getattr(instance, _attname)

        field.pre_save = pre_save


def translations(instance, *names: str) -> dict:
    """Every language's column of the translated fields `names`, to copy them as they are."""
    return {
        f"{name}_{code}": getattr(instance, f"{name}_{code}")
        for name in names
        for code, _name in settings.LANGUAGES
    }


class TranslatedFieldsForm:
    """A ModelForm mixin: each field in `translated_fields` (also in Meta.fields) becomes one
    input per interface language, labelled with the field's label and the language's own name
    and marked with its `lang`; a required field must be given in at least one language. An
    empty input stores nothing (NULL), so reading it falls back. `translated_lists` are list
    fields typed one item a line: split the same way, cleaned by the form itself.

    Data that gives the field by its own name (`title`, as the API does) gives the value in
    the active language; the other languages keep what they had."""

    translated_fields: tuple[str, ...] = ()
    translated_lists: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self._read_untranslated_data()
        fields = {}
        for name, field in self.fields.items():
            if name not in (*self.translated_fields, *self.translated_lists):
                fields[name] = field
                continue
            for code, _name in settings.LANGUAGES:
                copy = field.__class__(
                    label=f"{field.label} ({get_language_info(code)['name_local']})",
                    required=False,
                    max_length=getattr(field, "max_length", None),
                    widget=field.widget.__class__(attrs={**field.widget.attrs, "lang": code}),
                    help_text=field.help_text if code == settings.LANGUAGE_CODE else "",
                    initial=self._shown(name, code),
                )
                copy.base_required = field.required
                fields[f"{name}_{code}"] = copy
        self.fields = fields

    def _shown(self, name: str, code: str) -> str:
        value = getattr(self.instance, f"{name}_{code}", None)
        if name not in self.translated_lists:
            return value or ""
        default = self.instance._meta.get_field(name).get_default()
        if code != settings.LANGUAGE_CODE and value == default:
            return ""  # the column's default: what the fallback shows anyway
        return "\n".join(str(item) for item in value or [])

    def _read_untranslated_data(self) -> None:
        codes = [code for code, _name in settings.LANGUAGES]
        active = language_order()[0]
        names = (*self.translated_fields, *self.translated_lists)
        given = [name for name in names if name in self.data]
        if not given or active not in codes:
            return
        # The API's forms (leadvet.api.forms) carry every input besides the field's own
        # name: its errors move to that name. Data with the name alone (a page posted
        # before the inputs were per language) keeps them on the input too, to be shown.
        self._given_untranslated = {
            name: (f"{name}_{active}", f"{name}_{active}" in self.data) for name in given
        }
        data = self.data.copy()
        for name in given:
            for code in codes:
                if f"{name}_{code}" not in data:
                    data[f"{name}_{code}"] = self._shown(name, code)
            data[f"{name}_{active}"] = data[name]
        self.data = data

    def translated_values(self) -> dict:
        """The cleaned values by column (`title_en`, `title_fi`, …), None where empty."""
        return {
            f"{name}_{code}": self.cleaned_data.get(f"{name}_{code}") or None
            for name in self.translated_fields
            for code, _name in settings.LANGUAGES
        }

    def clean(self):
        cleaned = super().clean()
        for name in self.translated_fields:
            given = [cleaned.get(f"{name}_{code}") for code, _name in settings.LANGUAGES]
            first = f"{name}_{settings.LANGUAGE_CODE}"
            if self.fields[first].base_required and not any(given):
                self.add_error(first, AT_LEAST_ONE)
        return cleaned

    def _post_clean(self):
        for column, value in self.translated_values().items():
            setattr(self.instance, column, value)
        super()._post_clean()
        self._validate_unique_original()

    def _validate_unique_original(self) -> None:
        """The original column of a unique field is written with the default language's value
        (original_in_default_language): that value must be free too."""
        model = type(self.instance)
        active = language_order()[0]
        for name in self.translated_fields:
            if not model._meta.get_field(name).unique:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                value = getattr(self.instance, name)
            others = model._base_manager.exclude(pk=self.instance.pk)
            if hasattr(others, "rewrite"):
                others = others.rewrite(False)
            if value and others.filter(**{name: value}).exists():
                error = self.instance.unique_error_message(model, (name,))
                column = f"{name}_{active}"
                if column not in self.fields:
                    column = f"{name}_{settings.LANGUAGE_CODE}"
                if not self.has_error(column):
                    self.add_error(column, error)

    def full_clean(self):
        super().full_clean()
        # Data that named the field itself (the API) hears of its errors by that name.
        for name, (column, move) in getattr(self, "_given_untranslated", {}).items():
            if self._errors and column in self._errors:
                errors = self._errors.pop(column) if move else self._errors[column]
                self._errors.setdefault(name, self.error_class())
                self._errors[name].extend(errors)
