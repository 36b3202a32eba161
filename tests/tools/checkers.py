"""The independent checkers from npm (package.json at the repository root), run from pytest.

`make test` installs them (`npm ci`) before the suite; a test that needs one fails with a
clear message when they are missing rather than skipping, so CI cannot pass without them.
"""

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
PARSE_ICAL = Path(__file__).resolve().parent / "parse_ical.mjs"


def _require(path: Path) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: run `npm ci` at the repository root (make test does).")


def nu_html_errors(directory: Path) -> list[dict]:
    """The W3C Nu HTML checker's errors for every .html file under `directory`, in one run
    of the JVM (starting it is most of the cost). Each: url, lastLine, message, extract."""
    _require(VNU_JAR)
    result = subprocess.run(
        [
            "java",
            # One short run: the quick compiler and the serial collector take a third of the
            # CPU time of the defaults; the schema's recursion needs more than 512 KB of stack.
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xss4m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--no-langdetect",
            "--exit-zero-always",
            "--format",
            "json",
            "--skip-non-html",
            str(directory),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    # The report is on stderr, as JSON; anything else (a Java error) fails here.
    report = json.loads(result.stderr)
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def parse_calendars(calendars: dict[str, bytes], tmp_path: Path) -> dict[str, dict]:
    """ical.js's reading of each calendar (name -> .ics bytes), all in one node process.

    Each answer: {"errors": [...], "method", "components": [...], "events": [{"uid",
    "sequence", "status", "organizer", "attendees", ...}], "properties": {...}}."""
    _require(NODE_MODULES / "ical.js")
    paths = {}
    for index, (name, body) in enumerate(calendars.items()):
        path = tmp_path / f"calendar-{index}.ics"
        path.write_bytes(body)
        paths[str(path)] = name
    result = subprocess.run(
        ["node", str(PARSE_ICAL), *paths],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=ROOT,
    )
    parsed = json.loads(result.stdout)
    return {paths[path]: answer for path, answer in parsed.items()}
