"""Dates in the wizard's lists, the way the owner's language writes them."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime

from disputedesk.i18n import LOCALES, current_language


def short_date(d: date) -> str:
    return format_date(d, "short", locale=LOCALES.get(current_language(), "fr_FR"))


def short_moment(dt: datetime) -> str:
    return format_datetime(
        dt.astimezone(), "short", locale=LOCALES.get(current_language(), "fr_FR")
    )
