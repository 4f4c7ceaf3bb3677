"""Dates and amounts in the owner's language, for lists and forms of the disputes area."""

from __future__ import annotations

import re
from datetime import date, datetime

from babel.dates import format_date, format_datetime

from disputedesk.domain.money import Money
from disputedesk.i18n import current_language, ui_locale


def short_date(d: date | datetime) -> str:
    if isinstance(d, datetime):
        d = d.astimezone().date()
    return format_date(d, "short", locale=ui_locale())


def short_moment(dt: datetime) -> str:
    return format_datetime(dt.astimezone(), "short", locale=ui_locale())


def money(m: Money) -> str:
    return m.format(ui_locale())


def money_input(m: Money) -> str:
    """An amount as the user would type it back ("1234,50" in French)."""
    text = f"{m.to_decimal():.{max(0, -m.to_decimal().as_tuple().exponent)}f}"
    return text.replace(".", ",") if current_language() == "fr" else text


def parse_amount(text: str, currency: str) -> Money:
    """Parse a typed amount. A comma followed by one or two final digits is a decimal mark
    whatever the UI language ("1 234,50" from a French keyboard in an English UI)."""
    cleaned = (text or "").strip()
    if re.search(r",\d{1,2}\s*(€|EUR)?$", cleaned) and "." not in cleaned:
        return Money.parse(cleaned, currency, "fr_FR")
    return Money.parse(cleaned, currency, ui_locale())


def datetime_edit_format() -> str:
    """Display format of date-time fields (day first, as in French and British usage)."""
    return "dd/MM/yyyy HH:mm"
