"""Composition root of the window: paths → i18n → store + migrations → services → Qt.

The only place that wires everything together; nothing reaches back into it.
"""

from __future__ import annotations

import sys

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _, set_language
from disputedesk.paths import resolve_data_dir
from disputedesk.services import Services
from disputedesk.storage.store import open_store


def run_gui(*, data_dir: str | None = None, lang: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from disputedesk.ui.application import create_application

    code = set_language(lang)
    app = QApplication.instance() or create_application(sys.argv[:1], code)
    paths = resolve_data_dir(data_dir)
    try:
        store = open_store(paths)
    except DisputeDeskError as err:
        QMessageBox.critical(None, _("DisputeDesk cannot open its data"), str(err))
        return 1
    services = Services.build(store)
    try:
        from disputedesk.ui.main_window import MainWindow

        window = MainWindow(services)
        window.show()
        return app.exec()
    finally:
        store.close()
