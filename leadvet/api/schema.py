"""The OpenAPI schema's error answers (base floor: no app imports).

drf-spectacular documents the success answer of each operation; the error answers come
from REST framework's exception handler (leadvet.api.errors), the same for every view, so
they are added here once, as the schema class, rather than on each view:

- 400: `ValidationError`, the field errors of a serializer, filter or page form (nested
  objects for list items, e.g. `{"reminder_days": {"0": ["…"]}}`), or `Error` when the
  body is not parseable JSON;
- 401, 403, 404, 429: `Error`, REST framework's `{"detail": "…"}`;
- 415: `Error`, for a request body that is not JSON (the API parses JSON only).

It also makes the schema good for generated clients (e.g. openapi-python-client): request
bodies are JSON only (the parsers'), an extra action's operation id is its name
(`contact_requests_answer`, not `…_answer_create`), a request body's component is `…Input`,
and every field of an answer is required, since an answer always has them all (null where
nullable).
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.settings import spectacular_settings

STRINGS = {"type": "array", "items": {"type": "string"}}

ERROR = ResolvedComponent(
    name="Error",
    type=ResolvedComponent.SCHEMA,
    object="leadvet.api.schema.ERROR",
    schema={
        "type": "object",
        "description": "REST framework's error answer: one message.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
)
VALIDATION_ERROR = ResolvedComponent(
    name="ValidationError",
    type=ResolvedComponent.SCHEMA,
    object="leadvet.api.schema.VALIDATION_ERROR",
    schema={
        "type": "object",
        "description": (
            "The messages for each field that was refused, by the field's name; "
            "`non_field_errors` for the request as a whole. A list's or an object's "
            "field has an object of its own, by item index or field name."
        ),
        "properties": {"non_field_errors": STRINGS},
        "additionalProperties": {
            "oneOf": [STRINGS, {"$ref": "#/components/schemas/ValidationError"}]
        },
    },
)


# The operations a router maps for a viewset; any other action is an extra one (@action).
ROUTER_ACTIONS = {"list", "create", "retrieve", "update", "partial_update", "destroy"}


class ApiAutoSchema(AutoSchema):
    """AutoSchema that adds the error answers each operation can give, and names operations
    and request bodies for generated clients."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation and "requestBody" in operation:
            responses = operation["responses"]
            responses.setdefault(
                "415",
                self._json(
                    "The body is not JSON: send `Content-Type: application/json`.",
                    self._register(ERROR),
                ),
            )
            operation["responses"] = dict(sorted(responses.items()))
        return operation

    def get_operation_id(self):
        action = getattr(self.view, "action", None)
        handler = getattr(self.view, action, None) if action else None
        methods = getattr(handler, "mapping", {})
        if action not in ROUTER_ACTIONS and len(methods) == 1:
            resource = [token.replace("-", "_") for token in self._tokenize_path()[:-1]]
            return "_".join([*resource, action])
        return super().get_operation_id()

    def _get_serializer_name(self, serializer, direction, bypass_extensions=False):
        """A request body's component is `…Input` (`ContactInput`), not drf-spectacular's
        `…Request`, which would read as a contact request (`ContactRequest`)."""
        name = super()._get_serializer_name(serializer, direction, bypass_extensions)
        split = spectacular_settings.COMPONENT_SPLIT_REQUEST
        if split and direction == "request" and name.endswith("Request"):
            name = name.removesuffix("Request") + "Input"
        return name

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and schema.get("properties"):
            schema["required"] = list(schema["properties"])
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, response in self._error_responses().items():
            responses.setdefault(code, response)
        return responses

    def _error_responses(self) -> dict:
        error = self._register(ERROR)
        has_path_id = "{" in self.path
        has_query = any(parameter.get("in") == "query" for parameter in self._get_parameters())
        paginated = self.method == "GET" and self._is_list_view() and self._get_paginator()
        responses = {}
        if self.method != "GET" or has_query:
            responses["400"] = self._json(
                "The request was refused: the fields' messages (or a message for a body "
                "that is not JSON).",
                {"oneOf": [self._register(VALIDATION_ERROR), error]},
            )
        responses["401"] = self._json(
            "No valid credentials: sign in, or send `Authorization: Bearer <token>`.",
            error,
            headers={"WWW-Authenticate": {"schema": {"type": "string"}}},
        )
        responses["403"] = self._json(
            "Your role may not do this (or the token is read-only).", error
        )
        if has_path_id or paginated:
            responses["404"] = self._json(
                "No such object among those you may see"
                + (" (or no such page)." if paginated else "."),
                error,
            )
        if self.view.get_throttles():
            responses["429"] = self._json(
                "Too many requests for this token (or user); try again after Retry-After seconds.",
                error,
                headers={"Retry-After": {"schema": {"type": "integer"}}},
            )
        return responses

    def _register(self, component: ResolvedComponent) -> dict:
        self.registry.register_on_missing(component)
        return component.ref

    def _json(self, description: str, schema: dict, headers: dict | None = None) -> dict:
        response = {
            "description": description,
            "content": {
                media_type: {"schema": schema} for media_type in self.map_renderers("media_type")
            },
        }
        if headers:
            response["headers"] = headers
        return response
