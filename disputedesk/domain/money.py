"""Money: integer minor units plus an ISO 4217 currency. Never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.core import Locale
from babel.numbers import (
    NumberFormatError,
    format_currency,
    get_currency_precision,
    parse_decimal,
)

from disputedesk.domain.errors import ValidationError
from disputedesk.i18n import N_

MAX_MINOR = 10**13  # 100 billion in units: far beyond any shop's dispute, within int64.


def currency_digits(currency: str) -> int:
    return get_currency_precision(currency)


@dataclass(frozen=True, slots=True, order=False)
class Money:
    minor: int
    currency: str = "EUR"

    def __post_init__(self) -> None:
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise TypeError("Money.minor must be an int of minor units")
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise ValidationError(
                N_("Unknown currency code: {code}"), field="currency", code=self.currency
            )
        if abs(self.minor) > MAX_MINOR:
            raise ValidationError(N_("This amount is too large."), field="amount")

    @classmethod
    def zero(cls, currency: str = "EUR") -> Money:
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, value: Decimal | str | int, currency: str = "EUR") -> Money:
        """Round half up to the currency's minor unit (the rounding rule of the whole app)."""
        try:
            dec = Decimal(value)
        except InvalidOperation as exc:
            raise ValidationError(
                N_("Not an amount: {value}"), field="amount", value=value
            ) from exc
        if not dec.is_finite():
            raise ValidationError(N_("Not an amount: {value}"), field="amount", value=value)
        digits = currency_digits(currency)
        if dec and dec.adjusted() > 20:  # "1e999999": scaleb() itself would overflow
            raise ValidationError(N_("This amount is too large."), field="amount")
        scaled = dec.scaleb(digits)
        # Checked before rounding: quantize() raises InvalidOperation past 28 digits.
        if scaled.copy_abs() > MAX_MINOR:
            raise ValidationError(N_("This amount is too large."), field="amount")
        minor = scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return cls(int(minor), currency)

    @classmethod
    def parse(cls, text: str, currency: str = "EUR", locale: str = "fr_FR") -> Money:
        """Parse what a user typed ("1 234,50", "1234.5", "12 €") in their locale."""
        cleaned = (text or "").strip()
        for sym in ("€", "EUR", "$", "£", "CHF", "\u00a0", "\u202f", " "):
            cleaned = cleaned.replace(sym, "")
        if not cleaned:
            raise ValidationError(N_("Enter an amount."), field="amount")
        try:
            dec = parse_decimal(cleaned, locale=locale, strict=False)
        except NumberFormatError:
            # Accept the other usual decimal mark too ("12.50" typed in French).
            try:
                dec = Decimal(cleaned.replace(",", "."))
            except InvalidOperation as exc:
                raise ValidationError(
                    N_("Not an amount: {value}"), field="amount", value=text
                ) from exc
        if not dec.is_finite():
            raise ValidationError(N_("Not an amount: {value}"), field="amount", value=text)
        digits = currency_digits(currency)
        if -dec.as_tuple().exponent > digits:
            raise ValidationError(
                N_("Too many decimals for {currency}: {value}"),
                field="amount",
                currency=currency,
                value=text,
            )
        return cls.from_decimal(dec, currency)

    def to_decimal(self) -> Decimal:
        return Decimal(self.minor).scaleb(-currency_digits(self.currency))

    def format(self, locale: str | Locale = "fr_FR") -> str:
        return format_currency(self.to_decimal(), self.currency, locale=locale)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError("Money can only be combined with Money")
        if other.currency != self.currency:
            raise ValueError(f"currency mismatch: {self.currency} vs {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.minor <= other.minor

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor > other.minor

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.minor >= other.minor

    @property
    def is_zero(self) -> bool:
        return self.minor == 0

    @property
    def is_negative(self) -> bool:
        return self.minor < 0
