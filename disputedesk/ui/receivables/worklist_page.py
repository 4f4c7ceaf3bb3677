"""The "to send today" worklist: every invoice whose next dunning level has come (including
levels that fell due while DisputeDesk was closed); the owner reviews, then records them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _, ngettext
from disputedesk.ui.events import data_events
from disputedesk.ui.receivables.invoice_table_model import WorklistModel
from disputedesk.ui.safety.prompts import Prompts
from disputedesk.ui.safety.save_guard import guarded_save
from disputedesk.ui.timeline.loader import BackgroundLoader


class WorklistPage(QWidget):
    sig_count = Signal(int)

    def __init__(
        self,
        services,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        prompts: Prompts | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._today = today
        self.prompts = prompts or Prompts(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = WorklistModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Invoices to dun today"))
        select_all = QPushButton(_("Select &all"))
        select_all.clicked.connect(lambda: self.model.set_all(True))
        select_none = QPushButton(_("Select &none"))
        select_none.clicked.connect(lambda: self.model.set_all(False))
        self.mark_done = QPushButton(_("&Mark as done (sent another way)"))
        self.mark_done.setToolTip(
            _("Moves the checked invoices to their new level without writing a letter.")
        )
        self.mark_done.clicked.connect(self._mark_done)
        buttons = QHBoxLayout()
        buttons.addWidget(select_all)
        buttons.addWidget(select_none)
        buttons.addStretch(1)
        buttons.addWidget(self.mark_done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._loader = BackgroundLoader(self, synchronous=synchronous)
        self._loader.sig_loaded.connect(self._on_loaded)
        self._loader.sig_failed.connect(lambda exc: self.summary.setText(str(exc)))

    def reload(self) -> None:
        today = self._today()
        dunning = self._services.dunning
        self._loader.load(lambda: dunning.worklist(today))

    def _on_loaded(self, items) -> None:
        self.model.set_items(items)
        caught = sum(1 for i in items if i.caught_up)
        if not items:
            self.summary.setText(_("Nothing to send today."))
        else:
            text = ngettext(
                "{n} invoice has reached a dunning level.",
                "{n} invoices have reached a dunning level.",
                len(items),
            ).format(n=len(items))
            if caught:
                text += " " + ngettext(
                    "{n} of them fell due while DisputeDesk was closed.",
                    "{n} of them fell due while DisputeDesk was closed.",
                    caught,
                ).format(n=caught)
            self.summary.setText(text)
        self.mark_done.setEnabled(bool(items))
        self.sig_count.emit(len(items))

    def _mark_done(self) -> None:
        items = self.model.checked_items()
        if not items:
            return
        today = self._today()
        try:
            outcome = guarded_save(self, lambda: self._services.dunning.process(items, today))
        except DisputeDeskError as err:
            self.prompts.warn(_("Not saved"), str(err))
            return
        if outcome.ok:
            done = sum(1 for r in outcome.value if r.recorded)
            self.prompts.inform(
                _("Dunning"),
                ngettext(
                    "{n} invoice moved to its new level.",
                    "{n} invoices moved to their new level.",
                    done,
                ).format(n=done),
            )
            data_events().changed.emit("dunning", 0)
