"""Serializer fields shared by the apps' APIs (base floor: no app imports)."""

from rest_framework import serializers

from leadvet.lib.validators import validate_portal_year


class OptionalURLField(serializers.URLField):
    """A URL that may be empty: null in the API rather than "", which is not a valid URI."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None

    def to_internal_value(self, data):
        return "" if data in (None, "") else super().to_internal_value(data)


class PortalDateTimeField(serializers.DateTimeField):
    """A date-time within the years the portal plans with (leadvet.lib.validators). Year 1 would
    otherwise overflow when REST framework moves it to the current time zone: a 500."""

    default_validators = [validate_portal_year]

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            validate_portal_year(value)  # raises: an overflow happens only at the calendar's ends
            raise
