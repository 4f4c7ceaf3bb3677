"""Messages next to the field they concern, and the one place a save error becomes text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from disputedesk.domain.errors import DisputeDeskError, StoreError
from disputedesk.i18n import _

ERROR_STYLE = "color: #d32f2f"


def error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
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


class FieldErrors:
    """Error labels keyed by the service's field names, plus one general label."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}

    def add(self, field: str, label: QLabel, widget: QWidget | None = None) -> None:
        self._labels[field] = label
        if widget is not None:
            self._widgets[field] = widget

    def clear(self) -> None:
        for label in (*self._labels.values(), self.general):
            label.clear()
            label.setVisible(False)

    def show(self, exc: object) -> None:
        self.clear()
        field = getattr(exc, "field", None)
        label = self._labels.get(field) if field else None
        if label is None or isinstance(exc, StoreError):
            label = self.general
        label.setText(error_text(exc))
        label.setVisible(True)
        widget = self._widgets.get(field) if field else None
        if widget is not None and label is not self.general:
            widget.setFocus()

    def text(self) -> str:
        return "\n".join(lbl.text() for lbl in (*self._labels.values(), self.general) if lbl.text())


def current_enum(combo, enum_cls):
    """The combo's current enum member (Qt hands StrEnum item data back as plain str)."""
    value = combo.currentData()
    return None if value is None else enum_cls(value)
