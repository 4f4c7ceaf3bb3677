"""The welcome screen of an empty data folder: set up the business, or explore sample data.

The business profile dialog belongs to the customers area
(`disputedesk.ui.business.open_business_profile(parent, services) -> bool`); its button is
offered only when that module is installed. Sample data is written off the GUI thread.
"""

from __future__ import annotations

import importlib
import importlib.util

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.loader import BackgroundLoader

BUSINESS_MODULE = "disputedesk.ui.business"


def business_profile_opener():
    """`open_business_profile` when the customers area provides it, else None."""
    try:
        if importlib.util.find_spec(BUSINESS_MODULE) is None:
            return None
        module = importlib.import_module(BUSINESS_MODULE)
    except ImportError:
        return None
    return getattr(module, "open_business_profile", None)


def seed_sample_data(services) -> dict[str, int]:
    from disputedesk.services.demo_service import seed_demo

    return seed_demo(services)


class WelcomePage(QWidget):
    sig_done = Signal(str)  # the section to show next (may be unknown)

    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self._services = services
        self.loader = BackgroundLoader(self, synchronous=synchronous)
        self.loader.sig_loaded.connect(self._on_loader_loaded)
        self.loader.sig_failed.connect(self._on_loader_failed)

        title = QLabel(_("Welcome to DisputeDesk"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = QLabel(
            _(
                "Record each complaint in your customer's words, answer in time, keep every "
                "call, e-mail and letter as evidence, and prepare the file for a mediator when "
                "talks fail. Everything stays on this computer."
            )
        )
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self._open_profile = business_profile_opener()
        self.setup_button: QPushButton | None = None
        cards = QHBoxLayout()
        cards.setSpacing(24)
        if self._open_profile is not None:
            self.setup_button = QPushButton(_("Set up my business"))
            self.setup_button.setAccessibleName(_("Set up my business"))
            self.setup_button.clicked.connect(self._on_setup_button_clicked)
            cards.addWidget(
                self._card(
                    self.setup_button,
                    _(
                        "Your shop's name, address, SIRET, logo and signature, printed on "
                        "your letters. Then add your first customer."
                    ),
                )
            )
        self.demo_button = QPushButton(_("Explore with sample data"))
        self.demo_button.setAccessibleName(_("Explore with sample data"))
        self.demo_button.clicked.connect(self._on_demo_button_clicked)
        cards.addWidget(
            self._card(
                self.demo_button,
                _(
                    "A sample shop with a dozen customers and disputes at every stage, to see "
                    "how DisputeDesk works. Use a separate data folder for your real shop."
                ),
            )
        )
        (self.setup_button or self.demo_button).setDefault(True)
        self.skip_button = QPushButton(_("Start with an empty folder"))
        self.skip_button.setFlat(True)
        self.skip_button.setAccessibleName(_("Start with an empty folder"))
        self.skip_button.clicked.connect(lambda: self.sig_done.emit("customers"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setAccessibleName(_("Welcome status"))

        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addSpacing(12)
        column.addWidget(intro)
        column.addSpacing(24)
        column.addLayout(cards)
        column.addSpacing(12)
        column.addWidget(self.skip_button, 0, Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.status)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)

    @staticmethod
    def _card(button: QPushButton, text: str) -> QFrame:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        button.setMinimumHeight(44)
        font = button.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        button.setFont(font)
        label = QLabel(text)
        label.setWordWrap(True)
        layout = QVBoxLayout(frame)
        layout.addWidget(button)
        layout.addWidget(label)
        layout.addStretch(1)
        return frame

    def _set_busy(self, busy: bool) -> None:
        for button in (self.setup_button, self.demo_button, self.skip_button):
            if button is not None:
                button.setEnabled(not busy)

    def _on_setup_button_clicked(self) -> None:
        if self._open_profile is None:
            return
        if self._open_profile(self.window(), self._services):
            data_events().changed.emit("business", 0)
            self.sig_done.emit("customers")

    def _on_demo_button_clicked(self) -> None:
        self._set_busy(True)
        self.status.setText(_("Preparing the sample shop…"))
        services = self._services
        self.loader.load(lambda: seed_sample_data(services))

    def _on_loader_loaded(self, counts: dict[str, int]) -> None:
        self._set_busy(False)
        self.status.setText(
            _("Sample shop ready: {customers} customers, {disputes} disputes.").format(
                customers=counts.get("customers", 0), disputes=counts.get("disputes", 0)
            )
        )
        data_events().changed.emit("all", 0)
        self.sig_done.emit("today")

    def _on_loader_failed(self, exc: object) -> None:
        self._set_busy(False)
        if isinstance(exc, DisputeDeskError):
            self.status.setText(str(exc))
        else:
            self.status.setText(
                _("The sample data could not be added: {reason}").format(reason=exc)
            )
