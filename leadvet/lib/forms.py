"""The base of every form of the portal: text fields refuse control characters.

Every CharField (EmailField, URLField and the other text fields included) gets
ProhibitControlCharactersValidator in place of Django's ProhibitNullCharactersValidator:
a field with a Textarea widget keeps tabs and line breaks, any other refuses them too. The
fields are the form instance's own copies, so one form's fields never change another's.
Formsets take PlainTextModelForm as their `form`.
`tests/leadvet/test_control_characters.py` checks that every form of the project uses it.
"""

import datetime
import functools
import html
from dataclasses import dataclass

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import formats, timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy

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


def style_widgets(fields) -> None:
    """Give each field's widget Bootstrap's class, for forms written field by field without
    crispy-forms (templates/includes/filter_field.html): a check box, a select, a text box."""
    for field in fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(field.widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        field.widget.attrs["class"] = css


class FilterForm(PlainTextForm):
    """The form of a FilterSet (its Meta.form) whose page writes the fields with
    includes/filter_field.html: a dozen fields through crispy-forms' templates cost a list
    page more than its rows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self.fields)


# Dates are typed day first, as the portal writes them ("5.12.2026", "5.12.2026 14:00"; in
# Dutch "5-12-2026"), in a text box rather than the browser's picker: a picker writes dates in
# the browser's own locale, which for an English browser is American (12/05/2026, 02:00 PM).
# The formats read back are leadvet/formats' DATE_INPUT_FORMATS and DATETIME_INPUT_FORMATS,
# plus ISO 8601.


# For a field that names its own formats: what DateTimeInput writes first (in any language),
# then ISO 8601.
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
]


def day_month_year(value: datetime.date) -> str:
    """The date as the active language's short date: 5.12.2026 (5-12-2026 in Dutch)."""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


class DayFirstHint:
    """A visible hint under the box, tied to it by aria-describedby: the placeholder alone
    disappears once typing starts, and screen readers may not read it."""

    template_name = "leadvet/widgets/day_first_input.html"
    hint = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["hint"] = self.hint
        if widget["attrs"].get("id"):
            widget["hint_id"] = f"{widget['attrs']['id']}_format"
            described = widget["attrs"].get("aria-describedby", "")
            widget["attrs"]["aria-describedby"] = f"{described} {widget['hint_id']}".strip()
        return context


class DateInput(DayFirstHint, forms.DateInput):
    """A date as day.month.year, e.g. 5.12.2026."""

    input_type = "text"
    hint = gettext_lazy("Day first, e.g. 5.12.2026")

    def __init__(self, attrs=None, format=None):
        attrs = {
            "placeholder": gettext_lazy("d.m.yyyy"),
            "autocomplete": "off",
            "size": 10,
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format=format)

    def format_value(self, value):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return day_month_year(value)
        return super().format_value(value)


class DateTimeInput(DayFirstHint, forms.DateTimeInput):
    """A date and a 24-hour time, e.g. 5.12.2026 14:00 (in the site's time zone)."""

    input_type = "text"
    hint = gettext_lazy("Day first, 24-hour clock, e.g. 5.12.2026 14:00")

    def __init__(self, attrs=None, format=None):
        attrs = {
            "placeholder": gettext_lazy("d.m.yyyy hh:mm"),
            "autocomplete": "off",
            "size": 16,
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format=format)

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return f"{day_month_year(value)} {value:%H:%M}"
        return super().format_value(value)


class Select(forms.Select):
    """Django's Select, the same HTML, for long lists of options (an EU network's 2,000
    colleges): Django builds a dictionary per option and writes each through two template
    includes, which cost the mentor list ~1 ms per 10 options. Here the options are written
    in Python, once per list of choices and language (`written_options`), and the chosen ones
    marked."""

    template_name = "leadvet/widgets/select.html"

    def optgroups(self, name, value, attrs=None):
        """Not built: `options_html` writes the options from the choices."""
        return []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_html"] = options_html(
            self.choices, context["widget"]["value"], multiple=self.allow_multiple_selected
        )
        return context


class GivenChoices(BaseChoiceIterator):
    """Choices given as a ready list of (value, label) pairs, which a ChoiceField and its widget
    take as they are: given a plain list, Django normalises it, pair by pair, for the field
    and again for the widget each time a form is made (for the 2,000 colleges of an EU
    network, ~4 ms of every dashboard request)."""

    def __init__(self, *parts):
        """`parts`: sequences of pairs, in order (the empty choice, then the given ones)."""
        self.parts = parts

    def __iter__(self):
        for part in self.parts:
            yield from part

    def __len__(self):
        return sum(len(part) for part in self.parts)


class NameChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a ModelChoiceField over a model labelled by its `name` (its `__str__`),
    read as (pk, name) pairs rather than model instances: for the 2,000 colleges of an EU
    network, building each college cost the mentor list more than the rest of its page. The
    chosen value is still read and checked by the field's queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class GivenChoicesMixin:
    """A ModelChoiceField's choices given to it (`given_choices`: (pk, label) pairs in their
    order, or a function that gives them, called when the choices are written) rather than
    read from its queryset each time: a page keeps its filters' choices in the process
    (mentors.selectors.pool.filter_choices). The chosen value is still read and checked by the
    field's queryset. Without them, the choices are read as the field's iterator reads them."""

    def __init__(self, *args, given_choices=None, **kwargs):
        self.given_choices = given_choices
        super().__init__(*args, **kwargs)


class GivenChoiceIterator(forms.models.ModelChoiceIterator):
    """The iterator of a GivenChoicesMixin field; put first among its bases."""

    def _given(self):
        given = getattr(self.field, "given_choices", None)
        return given() if callable(given) else given

    def _leading(self) -> list[tuple]:
        """The choices before the given ones: the empty one, django-filter's null one."""
        leading = []
        if self.field.empty_label is not None:
            leading.append(("", self.field.empty_label))
        if getattr(self.field, "null_label", None) is not None:  # django-filter's
            leading.append((self.field.null_value, self.field.null_label))
        return leading

    def __iter__(self):
        given = self._given()
        if given is None:
            yield from super().__iter__()
            return
        yield from self._leading()
        yield from given

    def __len__(self):
        given = self._given()
        if given is None:
            return super().__len__()
        return len(self._leading()) + len(given)


def options_html(choices, value: list[str], *, multiple: bool = False) -> SafeString:
    """What django/forms/widgets/select.html writes between <select> and </select> for these
    choices with `value` (the widget's values as strings) chosen: as Django's optgroups, only
    the first option of a value unless `multiple`."""
    written = written_options(get_language(), _choices_key(choices))
    chosen = sorted({index for each in value for index in written.indexes.get(each, ())})
    if not multiple:
        chosen = chosen[:1]
    parts = list(written.parts)
    for index in chosen:  # the option's opening tag ends before its ">"
        parts[index] += " selected"
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class WrittenOptions:
    """Options written as text: `parts`, in which every option's opening tag is cut before its
    ">", and where each value's options are (`indexes`: the parts they end)."""

    parts: tuple[str, ...]
    indexes: dict[str, tuple[int, ...]]


def _choices_key(choices) -> tuple:
    """The choices as what is written of them: ("group", name, options) or ("option", value,
    label), each value as a string (as Django compares them) and each label as its text,
    written as it is when safe, else escaped; a lazy label in the active language."""
    key = []
    for option_value, option_label in choices:
        if isinstance(option_label, list | tuple):
            options = tuple(_option_key(value, label) for value, label in option_label)
            key.append(("group", str(option_value or ""), options))
        else:
            key.append(_option_key("" if option_value is None else option_value, option_label))
    return tuple(key)


def _option_key(value, label) -> tuple:
    if type(label) is not str:
        label = _escaped(localize(label))  # safe now: written as it is
        return ("option", str(value), label, True)
    return ("option", str(value), label, False)


@functools.lru_cache(maxsize=32)
def written_options(language: str | None, key: tuple) -> WrittenOptions:
    """The options of these choices (`_choices_key`) written once per process and language,
    escaped as Django escapes; the latest 32 lists kept."""
    parts: list[str] = []
    indexes: dict[str, list[int]] = {}

    def option(entry: tuple) -> None:
        _kind, value, label, safe = entry
        parts.append(f'\n  <option value="{html.escape(value, quote=True)}"')
        indexes.setdefault(value, []).append(len(parts) - 1)
        parts.append(f">{label if safe else html.escape(label, quote=True)}</option>\n")

    for entry in key:
        if entry[0] == "group":
            _kind, group_name, options = entry
            if group_name:
                parts.append(f'\n  <optgroup label="{html.escape(group_name, quote=True)}">')
            for each in options:
                option(each)
            if group_name:
                parts.append("\n  </optgroup>")
        else:
            option(entry)
    return WrittenOptions(
        parts=tuple(parts), indexes={each: tuple(found) for each, found in indexes.items()}
    )


def _escaped(value) -> str:
    """django.utils.html.conditional_escape without its lazy-string wrapper, which cost more
    than the escaping itself for thousands of options: the same five characters escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value), quote=True)
