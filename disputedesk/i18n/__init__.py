"""The one translation module: `_`, `N_`, `ngettext`, `pgettext`, and per-language translators.

English is the source language. Catalogues are per area ("domains": core, ui, letters, …)
under `locale/<lang>/LC_MESSAGES/<domain>.po`; all of a language's domains are chained into
one translator, so each area owns its own file. A compiled `.mo` is used when present and
up to date, otherwise the `.po` is compiled in memory with Babel, so a fresh checkout works.
Never install `_` into builtins; never use f-strings inside `_()`.
"""

from __future__ import annotations

import gettext as _gettext
import io
import locale as _locale
import os
import threading
from functools import cache
from importlib import resources

SUPPORTED_LANGUAGES: tuple[str, ...] = ("fr", "en")
# The Babel / Qt locale of each interface language (British English: day-first dates and
# the euro sign, as a French shop expects).
LOCALES: dict[str, str] = {"fr": "fr_FR", "en": "en_GB"}
DEFAULT_LANGUAGE = "en"

_lock = threading.Lock()
_current: _gettext.NullTranslations = _gettext.NullTranslations()
_current_lang = DEFAULT_LANGUAGE


def _locale_dir():
    return resources.files("disputedesk.i18n").joinpath("locale")


def _load_domain(po_path, mo_path) -> _gettext.GNUTranslations:
    if os.path.isfile(mo_path) and os.path.getmtime(mo_path) >= os.path.getmtime(po_path):
        with open(mo_path, "rb") as fh:
            return _gettext.GNUTranslations(fh)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po_path, "rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


@cache
def translations_for(lang: str) -> _gettext.NullTranslations:
    """All catalogues of `lang` chained; English (the source) needs none."""
    lang = normalize_language(lang)
    folder = _locale_dir().joinpath(lang, "LC_MESSAGES")
    chain: _gettext.NullTranslations | None = None
    try:
        names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".po"))
    except (FileNotFoundError, NotADirectoryError):
        names = []
    for name in names:
        po_path = str(folder.joinpath(name))
        trans = _load_domain(po_path, po_path[:-3] + ".mo")
        if chain is None:
            chain = trans
        else:
            chain.add_fallback(trans)
    return chain or _gettext.NullTranslations()


def normalize_language(lang: str | None) -> str:
    code = (lang or "").replace("-", "_").split("_")[0].lower()
    return code if code in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def system_language() -> str:
    """French if the system is French, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    try:
        loc = _locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "fr" if loc.lower().startswith("fr") else "en"


def set_language(lang: str | None) -> str:
    """Set the UI language (None = the system's); returns the code in force."""
    global _current, _current_lang
    code = normalize_language(lang) if lang else system_language()
    with _lock:
        _current = translations_for(code)
        _current_lang = code
    return code


def current_language() -> str:
    return _current_lang


def ui_locale() -> str:
    """The Babel / Qt locale of the interface language in force ("fr_FR" or "en_GB")."""
    return LOCALES[_current_lang]


def _(message: str) -> str:
    return _current.gettext(message)


def N_(message: str) -> str:
    """Mark for extraction only; translate later with `_()`."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _current.pgettext(context, message)


class Translator:
    """Translations in a fixed language, e.g. a letter in the recipient's language."""

    def __init__(self, lang: str) -> None:
        self.lang = normalize_language(lang)
        self._t = translations_for(self.lang)

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._t.pgettext(context, message)
