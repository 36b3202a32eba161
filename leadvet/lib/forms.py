"""The base of every form of the portal: text fields refuse control characters.

Every CharField (EmailField, URLField and the other text fields included) gets
ProhibitControlCharactersValidator in place of Django's ProhibitNullCharactersValidator:
a field with a Textarea widget keeps tabs and line breaks, any other refuses them too. The
fields are the form instance's own copies, so one form's fields never change another's.
Formsets take PlainTextModelForm as their `form`.
`tests/leadvet/test_control_characters.py` checks that every form of the project uses it.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from leadvet.lib.validators import ProhibitControlCharactersValidator


def guard_text_fields(fields) -> None:
    for field in fields.values():
        if not isinstance(field, forms.CharField):
            continue
        multiline = isinstance(field.widget, forms.Textarea)
        field.validators = [
            validator
            for validator in field.validators
            if not isinstance(
                validator, (ProhibitNullCharactersValidator, ProhibitControlCharactersValidator)
            )
        ] + [ProhibitControlCharactersValidator(multiline=multiline)]


class PlainTextMixin:
    """Put first among a form's bases (or use PlainTextForm / PlainTextModelForm).

    The fields are guarded when the form is cleaned, so fields a form adds in its own
    __init__ (after the base's) are guarded too.
    """

    def full_clean(self):
        guard_text_fields(self.fields)
        super().full_clean()


class PlainTextForm(PlainTextMixin, forms.Form):
    pass


class PlainTextModelForm(PlainTextMixin, forms.ModelForm):
    pass
