"""One application-wide signal saying "this data changed", so every view can refresh.

Whoever writes through a service in the window emits `data_events().changed.emit(kind, id)`
afterwards (kind: "customer", "dispute", "journal", "invoice", "document", "business", …;
id 0 when many changed); lists, timelines and the Today view listen and reload.

Views that want the main window to show something emit `open_requested.emit(kind, id)`
("customer" or "dispute") or `section_requested.emit(key)` (a registered Section's key); the
main window listens and navigates.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataEvents(QObject):
    changed = Signal(str, int)
    open_requested = Signal(str, int)
    section_requested = Signal(str)


_events: DataEvents | None = None


def data_events() -> DataEvents:
    global _events
    if _events is None:
        _events = DataEvents()
    return _events
