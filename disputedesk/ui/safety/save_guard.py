"""Saving from a form without ever losing what the user typed.

When the data folder is full, read-only or on a drive that vanished, a service raises
StoreError and nothing of the save is kept. The form must then stay open with its content,
say what happened, and let the user press Save again once space is freed or the drive is back.
Every form uses one of these instead of catching errors itself:

    def accept(self):                      # a QDialog form
        save_or_keep_open(self, lambda: self.services.customers.create(self.draft()))

    outcome = guarded_save(self, lambda: services.journal.add(draft))   # an embedded form
    if outcome.ok:
        self.clear()

ValidationError is not handled here: the form shows it next to the field it names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from disputedesk.domain.errors import StoreError
from disputedesk.i18n import _

Warn = Callable[[QWidget | None, str, str], None]


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


@dataclass(frozen=True)
class SaveOutcome[T]:
    ok: bool
    value: T | None = None
    error: StoreError | None = None


def not_saved_message(err: StoreError) -> str:
    if "still on screen" in err.message:  # the store's save-time messages already say it
        return str(err)
    return _(
        "{problem}\n\nNothing was lost: what you typed is still in the form. Once the problem "
        "is solved (space freed, drive reconnected), save again."
    ).format(problem=str(err))


def guarded_save[T](
    parent: QWidget | None,
    save: Callable[[], T],
    *,
    title: str | None = None,
    warn: Warn | None = None,
) -> SaveOutcome[T]:
    """Run `save()`; on StoreError say so and return a failed outcome (the caller keeps its
    widgets as they are). Other errors pass through unchanged."""
    try:
        value = save()
    except StoreError as err:
        (warn or show_warning)(parent, title or _("Not saved"), not_saved_message(err))
        return SaveOutcome(False, error=err)
    return SaveOutcome(True, value)


def save_or_keep_open[T](
    dialog: QDialog,
    save: Callable[[], T],
    *,
    title: str | None = None,
    warn: Warn | None = None,
) -> SaveOutcome[T]:
    """For a dialog's accept(): closes it (QDialog.accept) only when the save succeeded."""
    outcome = guarded_save(dialog, save, title=title, warn=warn)
    if outcome.ok:
        QDialog.accept(dialog)
    return outcome
