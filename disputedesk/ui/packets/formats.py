"""Dates in the wizard's lists, the way the owner's language writes them."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime

from disputedesk.i18n import ui_locale


def short_date(d: date) -> str:
    return format_date(d, "short", locale=ui_locale())


def short_moment(dt: datetime) -> str:
    return format_datetime(dt.astimezone(), "short", locale=ui_locale())
