"""The floors of docs/architecture.md: code imports only from its own floor or below.

| floor | packages                              | may import                                  |
| top   | portal, leadvet/urls.py               | everything                                  |
| apps  | space                                 | events, mentors, colleges, leadvet          |
|       | practice                              | surveys, mentors, colleges, leadvet         |
|       | events, surveys                       | mentors, colleges, leadvet                  |
|       | mentors                               | colleges, leadvet                           |
|       | colleges                              | leadvet                                     |
| base  | leadvet (but urls.py)                 | nothing of the project outside leadvet      |

Nothing imports the top floor; no module-level import cycle anywhere.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASE = "leadvet"
TOP = "portal"
APPS = ("colleges", "mentors", "events", "surveys", "alumni", "space", "outcomes", "practice")
# The project packages each app may import besides itself and the base.
ALLOWED = {
    "colleges": set(),
    "mentors": {"colleges"},
    "events": {"colleges", "mentors"},
    "surveys": {"colleges", "mentors"},
    "alumni": {"colleges", "mentors"},
    "space": {"colleges", "mentors", "events"},
    "outcomes": {"colleges", "mentors", "events"},
    "practice": {"colleges", "mentors", "surveys"},
}
PACKAGES = (BASE, *APPS, TOP)
# The one module of the base package that wires the floors together.
URLCONF = "leadvet.urls"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


MODULES = {module_name(path): path for package in PACKAGES for path in source_files(package)}


def resolve(name: str) -> str | None:
    """The project module an imported name lives in (`a.b.c` may be module a.b's attribute c)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imported_names(node: ast.AST, module: str) -> set[str]:
    names = set()
    if isinstance(node, ast.Import):
        names.update(alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = module.split(".")
            if not MODULES[module].name == "__init__.py":
                package = package[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join(filter(None, [*package, base]))
        names.add(base)
        names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] in PACKAGES}


def imports_of(module: str, *, module_level_only: bool = False) -> set[str]:
    """The project modules `module` imports: anywhere, or only when it is itself imported."""
    tree = ast.parse(MODULES[module].read_text(), filename=str(MODULES[module]))
    if module_level_only:
        nodes = []
        pending = list(tree.body)
        while pending:
            node = pending.pop()
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.If | ast.Try | ast.With):
                pending.extend(ast.iter_child_nodes(node))
            else:
                nodes.append(node)
    else:
        nodes = list(ast.walk(tree))
    found = set()
    for node in nodes:
        for name in imported_names(node, module):
            target = resolve(name)
            if target and target != module:
                found.add(target)
    return found


def package_of(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_its_own_floor_or_below(app):
    wrong = [
        f"{module} imports {target}"
        for module in MODULES
        if package_of(module) == app
        for target in imports_of(module)
        if package_of(target) not in {app, BASE, *ALLOWED[app]}
    ]
    assert wrong == []


def test_the_base_imports_no_app_and_not_the_top_floor():
    wrong = [
        f"{module} imports {target}"
        for module in MODULES
        if package_of(module) == BASE and module != URLCONF
        for target in imports_of(module)
        if package_of(target) != BASE
    ]
    assert wrong == []


def test_nothing_imports_the_top_floor():
    wrong = [
        f"{module} imports {target}"
        for module in MODULES
        if package_of(module) != TOP and module != URLCONF
        for target in imports_of(module)
        if package_of(target) == TOP
    ]
    assert wrong == []


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively: the groups of modules that import each other."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(sorted(group))
    return groups


def test_no_module_level_import_cycle():
    graph = {module: imports_of(module, module_level_only=True) for module in MODULES}
    cycles = [group for group in strongly_connected(graph) if len(group) > 1]
    assert cycles == []


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [group for group in strongly_connected(graph) if len(group) > 1] == [["a", "b", "c"]]


@pytest.mark.parametrize("tasks", sorted(m for m in MODULES if m.endswith(".tasks")))
def test_tasks_import_services_inside_the_task_body(tasks):
    """HackSoft's habit: a task module stays importable by the services that enqueue it."""
    services = [
        target
        for target in imports_of(tasks, module_level_only=True)
        if ".services" in f".{target.partition('.')[2]}" or target.endswith(".services")
    ]
    assert services == []


@pytest.mark.parametrize("app", APPS)
def test_models_import_no_service_view_or_task(app):
    forbidden = ("services", "views", "tasks", "api", "forms", "selectors")
    models = [m for m in MODULES if m == f"{app}.models" or m.startswith(f"{app}.models.")]
    wrong = [
        f"{module} imports {target}"
        for module in models
        for target in imports_of(module)
        if set(target.split(".")[1:]) & set(forbidden)
    ]
    assert wrong == []
