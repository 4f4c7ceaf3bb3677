"""Wording shared by the packet's pages: titles, dates and amounts in the packet's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date, format_datetime

from disputedesk.domain.enums import _LABELS as ENUM_MSGIDS
from disputedesk.domain.money import Money
from disputedesk.domain.packets import PacketKind
from disputedesk.i18n import LOCALES, N_, Translator

TITLES = {
    PacketKind.MEDIATION: N_("Referral to the mediator"),
    PacketKind.CONCILIATION: N_("Request for an attempt at conciliation"),
    PacketKind.PROOF: N_("Proof of the amicable attempt"),
}


@dataclass(frozen=True)
class Wording:
    """Translations and formats of one language (the recipient's, not the UI's)."""

    lang: str

    @property
    def gettext(self):
        return Translator(self.lang).gettext

    @property
    def ngettext(self):
        return Translator(self.lang).ngettext

    @property
    def locale(self) -> str:
        return LOCALES.get(self.lang, "fr_FR")

    def label(self, member) -> str:
        return self.gettext(ENUM_MSGIDS[member])

    def date(self, d: date | None) -> str:
        return format_date(d, "long", locale=self.locale) if d else ""

    def short_date(self, d: date) -> str:
        return format_date(d, "short", locale=self.locale)

    def moment(self, dt: datetime) -> str:
        # Shown in the shop's local time: the owner and the third party read local times.
        return format_datetime(dt.astimezone(), "short", locale=self.locale)

    def money(self, m: Money) -> str:
        return m.format(self.locale)

    def title(self, kind: PacketKind, reference: str) -> str:
        _ = self.gettext
        return _("{title} — case {reference}").format(title=_(TITLES[kind]), reference=reference)

    def page_of(self, page: int, total: int) -> str:
        _ = self.gettext
        return _("page {page} / {total}").format(page=page, total=total)

    def exhibit_no(self, number: int) -> str:
        _ = self.gettext
        return _("Exhibit no. {number}").format(number=number)
