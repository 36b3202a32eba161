"""Replacing a person's old identifiers (email address, full name) in text they are gone from.

Used when someone is anonymised: the rows that stay for the statistics keep their text, with
the person's old name and address replaced by their pseudonym wherever they were written.
"""

import re
from collections.abc import Callable

# Shorter identifiers would match inside unrelated words.
SHORTEST = 3


def replacer(replacements: dict[str, str]) -> Callable[[str], str]:
    """A function replacing each old identifier with its new one, case-insensitively."""
    wanted = {old: new for old, new in replacements.items() if len(old.strip()) >= SHORTEST}
    if not wanted:
        return lambda text: text
    # Longest first, so that an address is replaced whole before a name inside it.
    pattern = re.compile(
        "|".join(map(re.escape, sorted(wanted, key=len, reverse=True))), re.IGNORECASE
    )
    lowered = {old.lower(): new for old, new in wanted.items()}
    return lambda text: pattern.sub(lambda match: lowered[match.group(0).lower()], text)


def identifiers(replacements: dict[str, str]) -> list[str]:
    """The old identifiers worth looking for (to narrow a query with icontains)."""
    return [old for old in replacements if len(old.strip()) >= SHORTEST]


def replace_in(value, replace: Callable[[str], str]):
    """`replace` applied to every string inside JSON-like data (dicts, lists, strings)."""
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [replace_in(item, replace) for item in value]
    if isinstance(value, dict):
        return {key: replace_in(item, replace) for key, item in value.items()}
    return value
