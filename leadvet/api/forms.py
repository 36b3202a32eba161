"""API writes through the pages' own forms (base floor: no app imports).

A serializer checks the request's types; the page's form then applies the page's rules
and messages, and the page's service saves the form. The form sees what the page would
post: values the request leaves out (a PATCH, an optional field) keep what the page's
form shows, the object's current values or, for a new object, the defaults.
"""

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet


def form_value(value):
    """Related objects as the primary keys a posted form carries."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, (list, tuple, set, QuerySet)):
        return [form_value(item) for item in value]
    return value


def _initial(form, name: str, field):
    """What the form shows for the field, with the time's microseconds kept: Form's own
    get_initial_for_field drops them for the widget, and a PATCH that leaves a time out
    must not move it."""
    value = form.initial.get(name, field.initial)
    return value() if callable(value) else value


def valid_page_form(form_class, *, data: dict, instance=None, **form_kwargs):
    """The page's form bound to `data` (a serializer's validated data, by form field name).

    Raises django.core.exceptions.ValidationError with the form's errors, which
    leadvet.api.errors answers with 400 and the field names.
    """
    shown = form_class(instance=instance, **form_kwargs)
    values = {
        name: form_value(_initial(shown, name, field)) for name, field in shown.fields.items()
    }
    values.update({name: form_value(value) for name, value in data.items()})
    form = form_class(data=values, instance=instance, **form_kwargs)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form
