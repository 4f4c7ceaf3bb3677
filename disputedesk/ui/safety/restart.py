"""Asking the app to restore a backup: the window closes, the app (app.py) closes the store,
restores with the folder locked, and opens everything again.

A restore cannot run under the open window: every connection to the database must be closed
while its file is replaced.
"""

from __future__ import annotations

from pathlib import Path

RESTORE_EXIT_CODE = 0x5E5  # QApplication.exec() returns it when a restore was requested

_pending: Path | None = None


def request_restore(path: Path) -> bool:
    """Remember the backup to restore and leave the event loop. The main window is closed
    first, the normal way, so that it can ask about unsaved changes: when the owner keeps the
    window open, nothing is restored (False)."""
    global _pending
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance()
    if app is not None:
        for window in app.topLevelWidgets():
            if isinstance(window, QMainWindow) and window.isVisible() and not window.close():
                return False
    _pending = Path(path)
    if app is not None:
        app.exit(RESTORE_EXIT_CODE)
    return True


def take_pending_restore() -> Path | None:
    global _pending
    path, _pending = _pending, None
    return path
