"""A letter's wording in the recipient's language: dates, amounts, salutations, mentions.

Salutation and closing follow each language's own grammar (French says « Madame, » and
repeats it in the closing formula; English says "Dear Ms Moreau," and "Yours sincerely,"),
so they are built per language here rather than translated word for word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.core import Locale
from babel.dates import format_date

from disputedesk.domain.money import Money
from disputedesk.i18n import LOCALES, Translator, normalize_language

_FEMALE = {"madame", "mme", "mme.", "ms", "ms.", "mrs", "mrs.", "miss", "mademoiselle", "mlle"}
_MALE = {"monsieur", "m.", "m", "mr", "mr.", "sir"}


def gender_of(title: str) -> str | None:
    key = (title or "").strip().lower()
    if key in _FEMALE:
        return "f"
    if key in _MALE:
        return "m"
    return None


@dataclass(frozen=True)
class LetterWording:
    lang: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "lang", normalize_language(self.lang))

    @property
    def gettext(self):
        return Translator(self.lang).gettext

    @property
    def ngettext(self):
        return Translator(self.lang).ngettext

    @property
    def pgettext(self):
        return Translator(self.lang).pgettext

    def percent(self, bp: int) -> str:
        """A rate in basis points as the locale writes it: 12,15 (fr), 12.15 (en)."""
        from babel.numbers import format_decimal

        return format_decimal(bp / 100, format="#,##0.##", locale=self.locale)

    @property
    def locale(self) -> str:
        return LOCALES[self.lang]

    def date(self, d: date | None) -> str:
        return format_date(d, "long", locale=self.locale) if d else ""

    def short_date(self, d: date) -> str:
        return format_date(d, "short", locale=self.locale)

    def money(self, m: Money) -> str:
        return m.format(self.locale)

    def place_date(self, place: str, d: date) -> str:
        _ = self.gettext
        if not place.strip():
            return self.date(d)
        return _("{place}, {date}").format(place=place.strip(), date=self.date(d))

    def country_name(self, code: str) -> str:
        # The destination country, in capitals, last line of a foreign address (NF Z10-011).
        name = Locale.parse(self.locale).territories.get(code.upper(), code)
        return name.upper()

    def courtesy_title(self, title: str) -> str:
        g = gender_of(title)
        if self.lang == "fr":
            return {"f": "Madame", "m": "Monsieur"}.get(g, "")
        return {"f": "Ms", "m": "Mr"}.get(g, "")

    def person(self, title: str, first: str, last: str) -> str:
        return " ".join(p for p in (self.courtesy_title(title), first, last) if p.strip())

    def salutation(self, title: str, last_name: str) -> str:
        g = gender_of(title)
        if self.lang == "fr":
            return {"f": "Madame,", "m": "Monsieur,"}.get(g, "Madame, Monsieur,")
        if g and last_name.strip():
            return f"Dear {self.courtesy_title(title)} {last_name.strip()},"
        return "Dear Sir or Madam,"

    def closing(self, title: str, last_name: str) -> str:
        g = gender_of(title)
        if self.lang == "fr":
            who = {"f": "Madame", "m": "Monsieur"}.get(g, "Madame, Monsieur")
            return (
                f"Nous vous prions d\u2019agréer, {who}, "
                "l\u2019expression de nos salutations distinguées."
            )
        # British usage: "sincerely" when the reader is named, "faithfully" otherwise.
        return "Yours sincerely," if g and last_name.strip() else "Yours faithfully,"

    def registered_mention(self) -> str:
        _ = self.gettext
        return _("Registered letter with acknowledgement of receipt")

    def tracking(self, number: str) -> str:
        _ = self.gettext
        return _("No. {number}").format(number=number.strip() or "_" * 22)

    def page_of(self, page: int, total: int) -> str:
        _ = self.gettext
        return _("page {page} / {total}").format(page=page, total=total)

    def subject_label(self) -> str:
        _ = self.gettext
        return _("Subject:")
