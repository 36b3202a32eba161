"""Every language of the interface (settings.LANGUAGES but English, the source) has a complete,
compiled catalogue: no message untranslated or fuzzy, every placeholder kept."""

import re
import subprocess
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(__file__).resolve().parents[2] / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# What a translation must carry over from its source, each as many times: named and positional
# placeholders, template variables, brace fields, HTML tags (by name) and entities, line breaks.
TOKENS = re.compile(
    r"%\([A-Za-z_0-9]+\)[sdfr]|%[sd%]|\{\{.*?\}\}|\{[A-Za-z_0-9]*\}|</?[A-Za-z][A-Za-z0-9]*|&[a-z]+;|\n"
)


def test_finnish_swedish_estonian_and_dutch_are_translated_by_make_messages():
    assert TRANSLATED == ["fi", "sv", "et", "nl"]
    makefile = (LOCALE.parent / "Makefile").read_text()
    (line,) = [line for line in makefile.splitlines() if line.startswith("LOCALES :=")]
    assert line.split(":=")[1].split() == TRANSLATED


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.fixture(scope="module", params=TRANSLATED)
def language(request):
    return request.param


def test_every_message_is_translated(language):
    po = catalogue(language)
    missing = [entry.msgid for entry in po.untranslated_entries()]
    assert missing == [], f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert len(po.translated_entries()) > 2000


def test_no_translation_is_fuzzy(language):
    po = catalogue(language)
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert not po.metadata_is_fuzzy


def test_the_catalogue_names_its_language_and_plural_forms(language):
    metadata = catalogue(language).metadata
    assert metadata["Language"] == language
    assert metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_the_catalogues_have_the_same_messages():
    """A catalogue made from older sources (makemessages not run for every language) fails."""
    keys = {
        language: {(entry.msgctxt, entry.msgid) for entry in catalogue(language)}
        for language in TRANSLATED
    }
    assert all(keys[language] == keys["fi"] for language in TRANSLATED)


def test_placeholders_survive_translation(language):
    broken = []
    entries = catalogue(language).translated_entries()
    assert entries
    for entry in entries:
        pairs = (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for source, translation in pairs:
            if Counter(TOKENS.findall(source)) != Counter(TOKENS.findall(translation)):
                broken.append(source)
    assert broken == []


def test_compiled_catalogue_matches_the_po_file(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(folder / "django.po")], check=True
    )
    assert compiled.read_bytes() == (folder / "django.mo").read_bytes(), "run `make messages`"
