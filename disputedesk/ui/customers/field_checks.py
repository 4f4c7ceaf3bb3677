"""Validation as you type, with the message next to the field (customer and business forms).

Each field has a label under it and, optionally, a check that raises the services'
ValidationError. A message appears when the user leaves the field, when the value is complete
enough to judge (14 digits of a SIRET, 5 characters of a postcode), or while a message is
already shown (it then disappears as soon as the value is right): no red text while someone
is still typing the first digits. Save runs every check and the service's own validation;
whatever the service refuses is shown next to the field it names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from disputedesk.domain.errors import StoreError, ValidationError
from disputedesk.i18n import _
from disputedesk.ui.disputes.form_support import error_label, error_text

Check = Callable[[], object]


@dataclass
class _Field:
    widget: QWidget
    label: QLabel
    check: Check | None
    complete: Callable[[], bool] | None


class FieldChecks:
    def __init__(self, general: QLabel) -> None:
        self.general = general
        self._fields: dict[str, _Field] = {}
        # Called with a field's widget before it gets the focus (e.g. to show its tab).
        self.reveal: Callable[[QWidget], None] | None = None

    def add_row(
        self,
        form: QFormLayout,
        text: str,
        field: str,
        widget: QWidget,
        *,
        check: Check | None = None,
        complete: Callable[[], bool] | None = None,
        accessible: str | None = None,
    ) -> QLabel:
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        label = error_label(widget.parentWidget())
        box.addWidget(label)
        caption = QLabel(text, widget.parentWidget())
        caption.setBuddy(widget)  # Alt+letter of the caption focuses the field
        form.addRow(caption, box)
        if accessible:
            widget.setAccessibleName(accessible)
        label.setAccessibleName(_("Problem with this field"))
        self.add(field, widget, label, check=check, complete=complete)
        return label

    def add(self, field, widget, label, *, check=None, complete=None) -> None:
        self._fields[field] = _Field(widget, label, check, complete)
        signal = getattr(widget, "textEdited", None)
        if signal is not None and check is not None:
            signal.connect(lambda _text, f=field: self.run(f, final=False))
        finished = getattr(widget, "editingFinished", None)
        if finished is not None and check is not None:
            finished.connect(lambda f=field: self.run(f, final=True))

    # --- Messages -----------------------------------------------------------------------

    def message(self, field: str) -> str:
        f = self._fields.get(field)
        return f.label.text() if f is not None and not f.label.isHidden() else ""

    def set_message(self, field: str, text: str) -> None:
        f = self._fields[field]
        f.label.setText(text)
        f.label.setVisible(bool(text))
        f.label.setHidden(not text)

    def clear(self) -> None:
        for field in self._fields:
            self.set_message(field, "")
        self.general.clear()
        self.general.setVisible(False)

    def show_error(self, exc: object) -> None:
        """A save's error: next to its field when the field is here, else in general."""
        field = getattr(exc, "field", None)
        f = self._fields.get(field) if field else None
        if f is None or isinstance(exc, StoreError) or not isinstance(exc, ValidationError):
            self.general.setText(error_text(exc))
            self.general.setVisible(True)
            return
        self.set_message(field, str(exc))
        self.general.setText(_("Not saved: {reason}").format(reason=str(exc)))
        self.general.setVisible(True)
        if self.reveal is not None:
            self.reveal(f.widget)
        f.widget.setFocus()

    # --- Checks -------------------------------------------------------------------------

    def run(self, field: str, *, final: bool) -> str:
        """Run one field's check; returns its message ("" when fine)."""
        f = self._fields[field]
        if f.check is None:
            return ""
        try:
            f.check()
        except ValidationError as exc:
            shown = not f.label.isHidden() and bool(f.label.text())
            if final or shown or (f.complete is not None and f.complete()):
                self.set_message(field, str(exc))
            return str(exc)
        self.set_message(field, "")
        return ""

    def run_all(self) -> ValidationError | None:
        """Every check, messages shown; the first failing field's error (None when all pass)."""
        first: ValidationError | None = None
        for field, f in self._fields.items():
            if f.check is None:
                continue
            try:
                f.check()
            except ValidationError as exc:
                self.set_message(field, str(exc))
                if first is None:
                    first = exc
            else:
                self.set_message(field, "")
        return first

    def refuse(self, exc: ValidationError) -> None:
        """Save refused: say why, next to the field and above the buttons, and focus it."""
        self.show_error(exc)
