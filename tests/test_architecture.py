"""The floors of DESIGN.md: code imports only from its own floor or below."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("colleges", "mentors", "events", "surveys")
# Which project packages each app may import (besides itself and leadvet's base modules).
ALLOWED = {
    "colleges": set(),
    "mentors": {"colleges"},
    "events": {"colleges", "mentors"},
    "surveys": {"colleges", "mentors"},
}
# leadvet modules on the base floor, which any app may use.
BASE_MODULES = {
    "leadvet.roles",
    "leadvet.queue",
    "leadvet.mail",
    "leadvet.celery",
    "leadvet.history",
    "leadvet.pdf",
    "leadvet.audit",
    "leadvet.spreadsheets",
    "leadvet.api_tokens",
    "leadvet.api_fields",
    "leadvet.api_forms",
    "leadvet.pagination",
    "leadvet.validators",
    "leadvet.lookups",
    "leadvet.env",
    "leadvet.models",
}
PROJECT_PACKAGES = set(APPS) | {"leadvet"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] in PROJECT_PACKAGES}


def app_files(app: str):
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("app", APPS)
def test_app_imports_only_its_own_floor_or_below(app):
    wrong = []
    for path in app_files(app):
        for name in imports_of(path):
            package = name.split(".")[0]
            if package == app or package in ALLOWED[app]:
                continue
            if package == "leadvet" and (name in BASE_MODULES or name == "leadvet"):
                continue
            if package == "leadvet" and any(name.startswith(base + ".") for base in BASE_MODULES):
                continue
            wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


@pytest.mark.parametrize("app", APPS)
def test_models_import_no_service_view_or_task(app):
    forbidden = ("services", "views", "tasks", "api", "forms", "selectors")
    path = ROOT / app / "models.py"
    wrong = [name for name in imports_of(path) if name.split(".")[-1] in forbidden]
    assert wrong == []
