"""Country and language choices for the forms, named in the UI language (Babel's CLDR data)."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale
from PySide6.QtWidgets import QComboBox

from disputedesk.i18n import current_language

# Languages the letters can be written in, named in their own language.
LANGUAGES = (("fr", "Français"), ("en", "English"))


def _sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def countries(lang: str) -> tuple[tuple[str, str], ...]:
    """(ISO code, name) of every country, sorted by name as a reader expects."""
    names = Locale.parse("fr" if lang == "fr" else "en").territories
    items = [(code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()]
    return tuple(sorted(items, key=lambda item: _sort_key(item[1])))


def fill_countries(combo: QComboBox) -> None:
    combo.clear()
    for code, name in countries(current_language()):
        combo.addItem(name, code)


def set_country(combo: QComboBox, code: str) -> None:
    index = combo.findData((code or "FR").upper())
    if index < 0:  # an unknown code kept from an import: shown as is
        combo.addItem(code, code)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def fill_languages(combo: QComboBox) -> None:
    combo.clear()
    for code, name in LANGUAGES:
        combo.addItem(name, code)


def set_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(0, index))
