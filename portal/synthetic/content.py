"""The synthetic network's sizes and name pools."""

from fractions import Fraction

# The full network (the national scale of DESIGN.md); the other scales multiply it.
FULL = {
    "colleges": 200,
    "mentors": 5_000,
    "contacts": 1_000_000,
    "events": 2_000,
    "registrations": 100_000,
    "responses": 50_000,
    "vte_groups": 400,
    "teacher_educators": 100,
    "contact_requests": 10_000,
}
# small: a hundredth (the tests); eu: ten times the national network (50,000 mentors, 10 M
# contacts, 500,000 survey responses with 4.5 M answers).
SCALES = {"small": Fraction(1, 100), "full": Fraction(1), "eu": Fraction(10)}
# Surveys are rounds of one survey, a quarter apart: a larger network has more respondents in
# each round, not more rounds.
SURVEY_ROUNDS = {"small": 2, "full": 10, "eu": 10}
COUNTRIES = [("FI", "Finland"), ("EE", "Estonia"), ("NL", "Netherlands"), ("SE", "Sweden")]
HISTORY_DAYS = 3 * 365
UNUSABLE_PASSWORD = "!generated-network"
FIRST_NAMES = [
    "Aino",
    "Eero",
    "Helmi",
    "Juho",
    "Kaisa",
    "Lauri",
    "Maria",
    "Niko",
    "Oona",
    "Pekka",
    "Riikka",
    "Sami",
    "Tiina",
    "Ville",
    "Anu",
    "Jari",
    "Liisa",
    "Markus",
    "Sanna",
    "Timo",
]
LAST_NAMES = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
]
OUTCOMES = (
    "placement",
    "recruitment_lead",
    "curriculum_input",
    "wellbeing_insight",
    "other_outcome",
)


def scaled(scale: str) -> dict[str, int]:
    factor = SCALES[scale]
    sizes = {key: max(1, int(value * factor)) for key, value in FULL.items()}
    sizes["surveys"] = SURVEY_ROUNDS[scale]
    return sizes
