"""Widgets shared by the mentors app's forms and filters."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker, its value written as YYYY-MM-DD (what the picker reads)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlainDateInput(forms.DateInput):
    """The browser's date picker with Django's default format: the mentor pool's forms and the
    filters have used this one (formerly a second `DateInput` in mentors/forms.py)."""

    input_type = "date"
