"""Main window shell (the full window is built by the main-window issue)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from disputedesk import APP_NAME
from disputedesk.i18n import _
from disputedesk.services import Services


class MainWindow(QMainWindow):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self._services = services
        self.setWindowTitle(APP_NAME)
        count = services.customers.count()
        label = QLabel(_("{count} customers in this data folder.").format(count=count))
        label.setAccessibleName(_("Summary"))
        self.setCentralWidget(label)
        self.resize(1100, 720)
