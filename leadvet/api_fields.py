"""Serializer fields shared by the apps' APIs (base floor: no app imports)."""

from rest_framework import serializers


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
