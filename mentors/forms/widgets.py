"""Widgets shared by the mentors app's forms and filters."""

from leadvet.lib import forms as lib_forms


class DateInput(lib_forms.DateInput):
    """A date typed day first (5.12.2026); see leadvet.lib.forms.DateInput."""


class PlainDateInput(lib_forms.DateInput):
    """The same box for the mentor pool's forms and the filters (the name they have used)."""
