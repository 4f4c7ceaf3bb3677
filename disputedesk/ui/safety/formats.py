"""How the safety dialogs write dates, sizes and a backup's contents."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime
from babel.numbers import format_decimal

from disputedesk.i18n import _, ngettext, ui_locale


def moment(dt: datetime) -> str:
    return format_datetime(dt.astimezone(), "medium", locale=ui_locale())


def size(n: int) -> str:
    if n < 1024 * 1024:
        return _("{n} KB").format(n=format_decimal(max(1, round(n / 1024)), locale=ui_locale()))
    return _("{n} MB").format(n=format_decimal(round(n / 1024 / 1024, 1), locale=ui_locale()))


def reason(code: str) -> str:
    return {
        "manual": _("Made by hand"),
        "daily": _("Daily"),
        "close": _("On closing"),
        "before-upgrade": _("Before an update"),
        "before-restore": _("Before a restore"),
    }.get(code, code)


def contents(counts: dict[str, int], files: int) -> str:
    parts = []
    c = counts.get("customer")
    if c is not None:
        parts.append(ngettext("{n} customer", "{n} customers", c).format(n=c))
    d = counts.get("dispute")
    if d is not None:
        parts.append(ngettext("{n} dispute", "{n} disputes", d).format(n=d))
    j = counts.get("journal_entry")
    if j is not None:
        parts.append(ngettext("{n} journal entry", "{n} journal entries", j).format(n=j))
    parts.append(ngettext("{n} file", "{n} files", files).format(n=files))
    return ", ".join(parts)
