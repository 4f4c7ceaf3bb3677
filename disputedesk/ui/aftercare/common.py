"""Small helpers shared by the aftercare widgets: locale, amounts, error text, dates."""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QWidget

from disputedesk.domain.errors import DisputeDeskError, StoreError
from disputedesk.domain.money import Money
from disputedesk.i18n import _, ui_locale

ERROR_STYLE = "color: #d32f2f"


def money_text(m: Money | None) -> str:
    return "" if m is None else m.format(ui_locale())


def parse_money(text: str, currency: str) -> Money:
    """Blank means zero; otherwise what the user typed, in their locale."""
    text = (text or "").strip()
    if not text:
        return Money.zero(currency)
    # "80,50" is 80.50 for a French shop even with an English screen, never 8 050.
    if re.fullmatch(r"[\d \u00a0\u202f]*,\d{1,2}\s*€?", text):
        return Money.parse(text.replace(",", "."), currency, "en_GB")
    return Money.parse(text, currency, ui_locale())


def date_text(d: date | None) -> str:
    return format_date(d, "medium", locale=ui_locale()) if d else ""


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages may quote what the user typed
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def error_text(exc: object) -> str:
    """What the user reads when a save fails; never a traceback."""
    if isinstance(exc, StoreError):
        return _("Nothing was saved: {reason} Your text is still here; try again.").format(
            reason=str(exc)
        )
    if isinstance(exc, DisputeDeskError):
        return str(exc)
    if isinstance(exc, OSError):
        return _("Nothing was saved: {reason} Your text is still here; try again.").format(
            reason=exc.strerror or str(exc)
        )
    return _("Nothing was saved because of an unexpected problem ({reason}).").format(
        reason=type(exc).__name__
    )


def show_error(label: QLabel, exc: object) -> None:
    label.setText(error_text(exc))
    label.setVisible(True)
