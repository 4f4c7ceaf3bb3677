"""Rate table for late-payment amounts: legal interest rates and the ECB reference rate.

Three series, one value per half-year (starting 1 January or 1 July):

- ``legal_individual``: taux de l'intérêt légal for creditors who are natural persons not
  acting for professional needs (Code monétaire et financier L313-2, D313-1-A);
- ``legal_other``: taux de l'intérêt légal for all other cases (a shop owed money);
- ``ecb_reference``: the ECB main refinancing rate in force on 1 January (first half-year) or
  1 July (second half-year), the base of the default trade penalty rate (Code de commerce
  L441-10 II).

The program ships the published values (``resources/rates/rates.json``, LEGAL-FR.md B.3); the
owner adds newer ones, which are stored and override the shipped value of the same half-year.
Rates are integer basis points (1 % = 100 bp): never a float.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from importlib import resources

from disputedesk.domain.errors import ValidationError
from disputedesk.i18n import N_, _

MAX_RATE_BP = 10_000  # 100 %: no French reference rate has come near it


class RateSeries(StrEnum):
    LEGAL_INDIVIDUAL = "legal_individual"
    LEGAL_OTHER = "legal_other"
    ECB_REFERENCE = "ecb_reference"

    @property
    def label(self) -> str:
        return _(_SERIES_LABELS[self])


_SERIES_LABELS = {
    RateSeries.LEGAL_INDIVIDUAL: N_("Legal interest rate, creditor an individual"),
    RateSeries.LEGAL_OTHER: N_("Legal interest rate, other cases"),
    RateSeries.ECB_REFERENCE: N_("ECB refinancing rate (1 January / 1 July)"),
}


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def next_half_year(start: date) -> date:
    return date(start.year, 7, 1) if start.month == 1 else date(start.year + 1, 1, 1)


def half_year_label(start: date) -> str:
    if start.month == 1:
        return _("1st half of {year}").format(year=start.year)
    return _("2nd half of {year}").format(year=start.year)


def parse_rate_bp(text: str | Decimal | int, field: str = "rate") -> int:
    """ "2,62", "2.62 %" or Decimal("2.62") → 262 bp. At most two decimals, 0 to 100 %."""
    raw = str(text).strip().replace("%", "").replace("\u00a0", "").replace(" ", "")
    raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ValidationError(N_("Not a rate: {value}"), field=field, value=str(text)) from exc
    if not value.is_finite():
        raise ValidationError(N_("Not a rate: {value}"), field=field, value=str(text))
    scaled = value * 100
    if scaled != scaled.to_integral_value():
        raise ValidationError(
            N_("A rate has at most two decimals ({value})."), field=field, value=str(text)
        )
    bp = int(scaled)
    if not 0 <= bp <= MAX_RATE_BP:
        raise ValidationError(N_("A rate must be between 0 and 100 %."), field=field)
    return bp


def format_rate(bp: int, locale: str = "fr") -> str:
    """262 → "2,62 %" (French) or "2.62%" (English)."""
    whole, cents = divmod(bp, 100)
    if locale.startswith("fr"):
        return f"{whole},{cents:02d}\u00a0%"
    return f"{whole}.{cents:02d}%"


@dataclass(frozen=True)
class RateEntry:
    series: RateSeries
    start: date  # first day of the half-year (1 January or 1 July)
    rate_bp: int
    source: str
    shipped: bool = True  # False: entered by the owner

    @property
    def end(self) -> date:
        """Last day of the half-year."""
        return date.fromordinal(next_half_year(self.start).toordinal() - 1)


def check_entry(series: str, start: date, rate_bp: int, source: str) -> RateEntry:
    """Validate an owner-entered rate (raises ValidationError naming the field)."""
    try:
        kind = RateSeries(series)
    except ValueError as exc:
        raise ValidationError(N_("Unknown rate series."), field="series") from exc
    if not isinstance(start, date) or start.day != 1 or start.month not in (1, 7):
        raise ValidationError(
            N_("A rate applies from 1 January or 1 July (a half-year)."), field="start"
        )
    if not (2000 <= start.year <= 2200):
        raise ValidationError(N_("This year is out of range."), field="start")
    if not isinstance(rate_bp, int) or not 0 <= rate_bp <= MAX_RATE_BP:
        raise ValidationError(N_("A rate must be between 0 and 100 %."), field="rate")
    text = (source or "").strip()
    if not text:
        raise ValidationError(
            N_("Say where the rate comes from (e.g. the arrêté and its date)."), field="source"
        )
    if len(text) > 500:
        raise ValidationError(
            N_("The source is too long (500 characters at most)."), field="source"
        )
    return RateEntry(kind, start, rate_bp, text, shipped=False)


class RateTable:
    """Half-year rates by series; owner entries replace shipped ones of the same half-year."""

    def __init__(self, entries: list[RateEntry] | tuple[RateEntry, ...] = ()) -> None:
        self._by_key: dict[tuple[RateSeries, date], RateEntry] = {}
        for entry in entries:
            self._by_key[(entry.series, entry.start)] = entry

    def with_overrides(self, overrides: list[RateEntry]) -> RateTable:
        return RateTable([*self._by_key.values(), *overrides])

    def get(self, series: RateSeries, day: date) -> RateEntry | None:
        """The rate of `series` for the half-year containing `day`, None when unknown."""
        return self._by_key.get((series, half_year_start(day)))

    def entries(self) -> list[RateEntry]:
        return sorted(self._by_key.values(), key=lambda e: (e.start, e.series))

    def missing(self, today: date) -> list[tuple[RateSeries, date]]:
        """Series with no value for the half-year containing `today` (the app warns)."""
        start = half_year_start(today)
        return [(s, start) for s in RateSeries if (s, start) not in self._by_key]


def shipped_rates() -> RateTable:
    raw = (
        resources.files("disputedesk.resources")
        .joinpath("rates", "rates.json")
        .read_text(encoding="utf-8")
    )
    data = json.loads(raw)
    entries = [
        RateEntry(
            series=RateSeries(item["series"]),
            start=date.fromisoformat(item["from"]),
            rate_bp=parse_rate_bp(item["rate"]),
            source=item["source"],
            shipped=True,
        )
        for item in data["rates"]
    ]
    return RateTable(entries)
