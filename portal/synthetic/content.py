"""The synthetic network's sizes and name pools."""

# The full network; `small` divides every figure by 100.
FULL = {
    "colleges": 200,
    "mentors": 5_000,
    "contacts": 1_000_000,
    "events": 2_000,
    "registrations": 100_000,
    "responses": 50_000,
    "surveys": 10,
    "vte_groups": 400,
    "teacher_educators": 100,
    "contact_requests": 10_000,
}
SCALES = {"full": 1, "small": 100}
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
    divisor = SCALES[scale]
    return {
        key: max(1, value // divisor) if key != "surveys" else max(2, value // divisor)
        for key, value in FULL.items()
    }
