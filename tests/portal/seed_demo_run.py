"""What the tests of seed_demo share: the seed documents' texts, the demo's logins, and one run
of the command."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from leadvet import roles

SIX_COLLEGES = [
    "Vantaa Vocational College Varia",
    "Business College Helsinki",
    "Helsinki Vocational College and Adult Institute",
    "STEP Education Vocational College",
    "Ekami Vocational College",
    "Diakonia College of Finland",
]
DEMO_EMAILS = {
    "coordinator@example.org": roles.COORDINATOR,
    "educator@example.org": roles.TEACHER_EDUCATOR,
    "mentor@example.org": roles.MENTOR,
    "steering@example.org": roles.STEERING,
    "college@example.org": roles.COLLEGE_COORDINATOR,
    "country@example.org": roles.COUNTRY_COORDINATOR,
}


def seeds_dir() -> Path:
    """The seed documents beside the repository (CI), or where they live on the dev machine."""
    beside_repo = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    return beside_repo if beside_repo.is_dir() else Path("/work/shared/seeds")


def seed_text(prefix: str) -> str:
    (path,) = seeds_dir().glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def seed_demo(*args) -> str:
    out = StringIO()
    call_command("seed_demo", "--force", *args, stdout=out)
    return out.getvalue()
