"""Control characters are refused with a field error everywhere text comes in.

A sweep over every form and every serializer of the project: each text field refuses a NUL
byte, an escape and a lone surrogate, and a single-line one a tab or line break too, with
the field's own error (a form's field error; the API's 400 naming the field). Multi-line
text keeps its tabs and line breaks. Also: the NUL that was a server error on PostgreSQL (a
college's country code in the API) and the API's JSON answer for an unknown path.
"""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.forms.formsets import BaseFormSet
from rest_framework import serializers
from rest_framework.test import APIClient

from leadvet.api import serializers as api_serializers
from leadvet.lib import forms as plain_forms
from tests.factories import (
    EventFactory,
    MentorFactory,
    PartnerCollegeFactory,
    QuestionFactory,
    SurveyFactory,
    VTEGroupFactory,
    user_with_role,
)

PACKAGES = ("leadvet", "colleges", "mentors", "events", "surveys", "space", "portal")
# The bases themselves: every other form and serializer is built on them.
BASES = ("leadvet.lib.forms", "leadvet.api.serializers")
REFUSED_EVERYWHERE = ["a\x00b", "\x00", "a\x1bb", "a\x7fb", "a\x85b", "a\ud800b"]
REFUSED_ON_ONE_LINE = ["a\nb", "a\tb", "a\r\nb"]
KEPT_IN_MULTILINE = "First line,\r\n\tsecond line.\nThird."
MESSAGE = "Remove the control characters"


def _project_modules():
    for package in PACKAGES:
        root = importlib.import_module(package)
        yield root
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            if ".migrations" in info.name or info.name in BASES:
                continue
            yield importlib.import_module(info.name)


def _project_classes(base) -> list[type]:
    found = {}
    for module in _project_modules():
        for _name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == module.__name__:
                if issubclass(value, base):
                    found[f"{value.__module__}.{value.__qualname__}"] = value
                elif base is forms.BaseForm and issubclass(value, BaseFormSet):
                    found[f"{value.__module__}.{value.__qualname__}.form"] = value.form
    return [found[name] for name in sorted(found)]


FORMS = _project_classes(forms.BaseForm)
SERIALIZERS = _project_classes(serializers.BaseSerializer)


def test_the_sweep_finds_the_projects_forms_and_serializers():
    names = {cls.__name__ for cls in FORMS}
    assert {"ContactForm", "CollegeForm", "ResponseForm", "AccountForm"} <= names
    assert len(FORMS) >= 35
    assert {"CollegeSerializer", "ContactSerializer", "SurveyWriteSerializer"} <= {
        cls.__name__ for cls in SERIALIZERS
    }


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_form_is_built_on_the_plain_text_base(form_class):
    assert issubclass(form_class, plain_forms.PlainTextMixin)


@pytest.mark.parametrize(
    "serializer_class", SERIALIZERS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}"
)
def test_every_serializer_is_built_on_the_plain_text_base(serializer_class):
    assert issubclass(serializer_class, api_serializers.PlainTextMixin)


def _form_kwargs(form_class) -> dict:
    """What each form needs to be built, by the name of its keyword."""
    parameters = inspect.signature(form_class.__init__).parameters
    available = {
        "mentor": lambda: MentorFactory(),
        "requester": lambda: user_with_role("Teacher educator"),
        "group": lambda: VTEGroupFactory(),
        "colleges": lambda: type(PartnerCollegeFactory()).objects.all(),
        "event": lambda: EventFactory(),
        "survey": lambda: SurveyFactory(),
        "questions": lambda: [QuestionFactory(kind="text", required=False)],
        "catalogue": lambda: {},
        "kinds": lambda: ["announcements"],
        "turned_off": lambda: set(),
        "initial_texts": lambda: {},
        "today": lambda: datetime.date(2026, 5, 4),
        "user": lambda: user_with_role("Coordinator"),
        "events": lambda: type(EventFactory()).objects.all(),
    }
    kwargs = {}
    for name, parameter in parameters.items():
        if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            assert name in available, f"{form_class.__name__} needs {name!r}: add it here"
            kwargs[name] = available[name]()
    return kwargs


def _text_fields(form) -> dict[str, bool]:
    """{name: multi-line} for the form's text fields that take input."""
    return {
        name: isinstance(field.widget, forms.Textarea)
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not field.disabled
    }


@pytest.mark.django_db
def test_every_text_field_of_every_form_refuses_control_characters():
    wrong, checked = [], 0
    for form_class in FORMS:
        kwargs = _form_kwargs(form_class)
        fields = _text_fields(form_class(**kwargs))
        for name, multiline in fields.items():
            bad_values = REFUSED_EVERYWHERE + ([] if multiline else REFUSED_ON_ONE_LINE)
            for value in bad_values:
                form = form_class(data={form_class(**kwargs).add_prefix(name): value}, **kwargs)
                form.is_valid()
                checked += 1
                if not any(MESSAGE in error for error in form.errors.get(name, [])):
                    wrong.append(f"{form_class.__name__}.{name} took {value!r}")
            if multiline:
                form = form_class(
                    data={form_class(**kwargs).add_prefix(name): KEPT_IN_MULTILINE}, **kwargs
                )
                form.is_valid()
                if any(MESSAGE in error for error in form.errors.get(name, [])):
                    wrong.append(f"{form_class.__name__}.{name} refused line breaks")
    assert checked > 300
    assert not wrong, "\n".join(wrong)


def _serializer_text_fields(serializer) -> dict[str, bool]:
    text = (serializers.CharField, serializers.SlugRelatedField, serializers.ManyRelatedField)
    fields = {}
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        if isinstance(field, serializers.ManyRelatedField) and not isinstance(
            field.child_relation, serializers.SlugRelatedField
        ):
            continue
        if isinstance(field, serializers.ListField) and isinstance(
            field.child, serializers.CharField
        ):
            fields[name] = False
        elif isinstance(field, text):
            fields[name] = field.style.get("base_template") == "textarea.html"
    return fields


@pytest.mark.django_db
def test_every_text_field_of_every_serializer_refuses_control_characters():
    wrong, checked = [], 0
    for serializer_class in SERIALIZERS:
        fields = _serializer_text_fields(serializer_class())
        for name, multiline in fields.items():
            bad_values = REFUSED_EVERYWHERE + ([] if multiline else REFUSED_ON_ONE_LINE)
            for value in bad_values:
                for given in (value, [value]):
                    serializer = serializer_class(data={name: given})
                    serializer.is_valid()
                    checked += 1
                    errors = serializer.errors.get(name)
                    if not (isinstance(errors, list) and any(MESSAGE in e for e in errors)):
                        wrong.append(f"{serializer_class.__name__}.{name} took {given!r}")
            if multiline:
                serializer = serializer_class(data={name: KEPT_IN_MULTILINE})
                serializer.is_valid()
                if any(MESSAGE in str(e) for e in serializer.errors.get(name, [])):
                    wrong.append(f"{serializer_class.__name__}.{name} refused line breaks")
    assert checked > 300
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_a_nul_in_a_colleges_country_is_a_field_error_not_a_server_error(coordinator):
    college = PartnerCollegeFactory()
    client = APIClient()
    client.force_login(coordinator)
    response = client.patch(f"/api/v1/colleges/{college.pk}/", {"country": "F\x00I"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["country"]
    assert MESSAGE in response.json()["country"][0]


@pytest.mark.django_db
def test_multi_line_api_text_keeps_its_line_breaks(coordinator):
    client = APIClient()
    client.force_login(coordinator)
    response = client.post(
        "/api/v1/fields/",
        {"name": "Drone piloting", "is_shortage": False, "description": KEPT_IN_MULTILINE},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["description"] == KEPT_IN_MULTILINE.strip()
    refused = client.post("/api/v1/fields/", {"name": "Drone\npiloting"}, format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["name"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/nonexistent/", "/api/nothing-here", "/api/v1/colleges/1/nonexistent/"]
)
def test_an_unknown_api_path_answers_json_in_the_error_shape(client, coordinator, path):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(coordinator)
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_the_rest_of_the_site_keeps_its_html_404(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/s/a%00b/", "/events/feed/a%00b.ics", "/s/a%1Bb/"])
def test_a_control_character_in_a_path_is_a_404_before_any_lookup(client, path):
    """Token links look their token up: a NUL in it was a server error on PostgreSQL."""
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_control_character_in_an_api_path_is_a_json_404(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/api/v1/colleges/a%00b/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_the_survey_search_ignores_a_control_character(client, coordinator):
    survey = SurveyFactory(title="Networking")
    client.force_login(coordinator)
    response = client.get("/surveys/", {"q": "Net\x00"})
    assert response.status_code == 200
    assert survey.title in response.content.decode()
