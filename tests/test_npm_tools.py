"""The npm checkers the suite relies on (package.json) are pinned and installed by `make test`.

Without them the calendar and HTML tests fail rather than skip; these tests say why sooner.
"""

import json
import re
import subprocess

from tests.tools.checkers import ROOT

CHECKERS = ("ical.js", "vnu-jar")


def test_make_test_installs_the_npm_checkers_before_it_runs_pytest():
    # -n: print the commands without running them; -B: as on a fresh clone, nothing built yet.
    commands = subprocess.run(
        ["make", "-n", "-B", "test", "PYTHON=python3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    npm_ci = [i for i, line in enumerate(commands) if line.startswith("npm ci ")]
    pytest_run = [i for i, line in enumerate(commands) if " -m pytest " in f"{line} "]
    assert npm_ci and pytest_run, commands
    assert npm_ci[0] < pytest_run[0]
    # The lock file decides what is installed, and no install script downloads anything.
    assert "--ignore-scripts" in commands[npm_ci[0]]


def test_the_checkers_are_pinned_and_locked():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for name in CHECKERS:
        wanted = package["devDependencies"][name]
        assert re.fullmatch(r"~?\d+\.\d+\.\d+", wanted), f"{name}: {wanted} is not exact or ~"
        locked = lock["packages"][f"node_modules/{name}"]["version"]
        assert locked.split(".")[:2] == wanted.lstrip("~").split(".")[:2]
    assert lock["packages"][""]["devDependencies"] == package["devDependencies"]


def test_node_modules_is_not_committed():
    assert "node_modules/" in (ROOT / ".gitignore").read_text().splitlines()
