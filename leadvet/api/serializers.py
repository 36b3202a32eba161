"""The base of every serializer of the API: text refuses control characters, by field name.

Before a field reads its input, every string the request gives a writable field (a list's
strings included: many related objects by slug, lists of choices) is checked: a control
character is a 400 naming the field, `{"country": ["Remove the control characters …"]}`,
in the documented error shape. This runs before any lookup, so a NUL byte never reaches
PostgreSQL (which cannot compare a string with one: a server error there). A field whose
style is REST framework's textarea (a model's TextField, or `MULTILINE`) keeps tabs and
line breaks. `tests/leadvet/test_control_characters.py` checks that every serializer of the
project uses it.
"""

from functools import cached_property

from rest_framework import serializers
from rest_framework.fields import empty

from leadvet.lib.validators import control_characters_message, has_control_characters

# For a declared CharField that holds multi-line text, as the page's Textarea does.
MULTILINE = {"base_template": "textarea.html"}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str)]
    return []


class PlainTextMixin:
    def to_internal_value(self, data):
        errors = {}
        if hasattr(data, "get"):
            for field in self._writable_fields:
                value = field.get_value(data)
                if value is empty:
                    continue
                multiline = field.style.get("base_template") == MULTILINE["base_template"]
                if any(has_control_characters(s, multiline=multiline) for s in _strings(value)):
                    errors[field.field_name] = [control_characters_message(multiline=multiline)]
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class Serializer(PlainTextMixin, serializers.Serializer):
    pass


class ModelSerializer(PlainTextMixin, serializers.ModelSerializer):
    pass


class RowSerializer(Serializer):
    """Read-only rows given as dictionaries keyed by the fields' names (a figure table of
    thousands of rows): each value written by its field's to_representation, as REST framework
    writes it, without REST framework's lookup of each value through the field's source (for
    the network activity's 2,000 colleges that lookup cost more than the rest of the answer)."""

    @cached_property
    def _row_fields(self) -> list:
        return [(field.field_name, field.to_representation) for field in self._readable_fields]

    def to_representation(self, instance):
        written = {}
        for name, represent in self._row_fields:
            value = instance[name]
            written[name] = None if value is None else represent(value)
        return written
