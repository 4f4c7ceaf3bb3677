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
        self.generate = QPushButton(_("&Generate the letters…"))
        self.generate.setToolTip(
            _(
                "Writes one letter per customer and level with the amounts due, records each "
                "in the journal, moves each invoice to its new level, and saves the PDFs to "
                "print (one per customer and one with them all)."
            )
        )
        self.generate.clicked.connect(self._generate)
        buttons = QHBoxLayout()
        buttons.addWidget(select_all)
        buttons.addWidget(select_none)
        buttons.addStretch(1)
        buttons.addWidget(self.mark_done)
        buttons.addWidget(self.generate)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._loader = BackgroundLoader(self, synchronous=synchronous)
        self._loader.sig_loaded.connect(self._on_loaded)
        self._loader.sig_failed.connect(lambda exc: self.summary.setText(str(exc)))
        self._runner = BackgroundLoader(self, synchronous=synchronous)
        self._runner.sig_loaded.connect(self._on_generated)
        self._runner.sig_failed.connect(self._on_generate_failed)

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
        self.generate.setEnabled(bool(items) and not self._runner.busy)
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

    def _generate(self) -> None:
        items = self.model.checked_items()
        if not items:
            return
        today = self._today()
        target = self.prompts.save_path(
            _("Where to save the letters to print"),
            f"{today.isoformat()}-dunning-letters-all.pdf",
            _("PDF files (*.pdf)"),
        )
        if target is None:
            return
        folder = target.parent
        services = self._services
        self.generate.setEnabled(False)
        self.mark_done.setEnabled(False)
        self.summary.setText(_("Writing the letters…"))

        def job():
            from disputedesk.services.dunning_letters import generate_letters

            return generate_letters(services, items, today, out_dir=folder)

        self._runner.load(job)

    def _on_generated(self, run) -> None:
        letters = len(run.letter_ids)
        moved = sum(1 for r in run.done if r.recorded)
        text = (
            ngettext("{n} letter written", "{n} letters written", letters).format(n=letters)
            + "; "
            + ngettext(
                "{n} invoice moved to its new level.",
                "{n} invoices moved to their new level.",
                moved,
            ).format(n=moved)
        )
        if run.combined_file is not None:
            text += "\n\n" + _("To print them all at once: {file}").format(
                file=str(run.combined_file)
            )
        if run.problems:
            text += (
                "\n\n"
                + _("Not written (they stay in the list):")
                + "\n"
                + "\n".join(f"{name}: {message}" for name, message in run.problems)
            )
        self.prompts.inform(_("Dunning letters"), text)
        data_events().changed.emit("dunning", 0)
        self.reload()

    def _on_generate_failed(self, exc) -> None:
        message = (
            str(exc)
            if isinstance(exc, DisputeDeskError)
            else _("The letters could not be written: {reason}").format(reason=str(exc))
        )
        self.prompts.warn(_("Dunning letters"), message)
        data_events().changed.emit("dunning", 0)
        self.reload()
