"""Dunning plan and rate table dialogs."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import ValidationError
from disputedesk.domain.rates import (
    RateSeries,
    format_rate,
    half_year_label,
    half_year_start,
    parse_rate_bp,
)
from disputedesk.i18n import _, current_language
from disputedesk.services.dunning_service import (
    DEFAULT_PLAN,
    DunningChannel,
    DunningKind,
    DunningLevel,
)
from disputedesk.ui.events import data_events
from disputedesk.ui.safety.save_guard import guarded_save, save_or_keep_open


class PlanDialog(QDialog):
    """Levels of the dunning plan: days after the due date, what is sent, how."""

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Dunning plan"))
        self._services = services
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [_("Days after the due date"), _("What"), _("How it is sent")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        add = QPushButton(_("&Add a level"))
        remove = QPushButton(_("&Remove the level"))
        reset = QPushButton(_("Back to the &usual plan"))
        add.clicked.connect(
            lambda: self._add_row(
                self._last_days() + 14, DunningKind.REMINDER_2, DunningChannel.LETTER
            )
        )
        remove.clicked.connect(self._remove_row)
        reset.clicked.connect(lambda: self._load(DEFAULT_PLAN))
        self.error = QLabel()
        self.error.setStyleSheet("color: #d32f2f")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for b in (add, remove, reset):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _(
                    "Each open invoice moves to the next level when its day comes; a level "
                    "missed while DisputeDesk was closed is offered at the next start, one at "
                    "a time."
                )
            )
        )
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 360)
        self._load(services.dunning.plan())

    def _last_days(self) -> int:
        n = self.table.rowCount()
        return self.table.cellWidget(n - 1, 0).value() if n else 0

    def _load(self, plan) -> None:
        self.table.setRowCount(0)
        for level in plan:
            self._add_row(level.days_after_due, level.kind, level.channel)

    def _add_row(self, days: int, kind: DunningKind, channel: DunningChannel) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        spin = QSpinBox()
        spin.setRange(-60, 3650)
        spin.setValue(days)
        kinds = QComboBox()
        for k in DunningKind:
            kinds.addItem(k.label, k)
        kinds.setCurrentIndex(list(DunningKind).index(kind))
        channels = QComboBox()
        for c in DunningChannel:
            channels.addItem(c.label, c)
        channels.setCurrentIndex(list(DunningChannel).index(channel))
        self.table.setCellWidget(r, 0, spin)
        self.table.setCellWidget(r, 1, kinds)
        self.table.setCellWidget(r, 2, channels)

    def _remove_row(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            r = self.table.rowCount() - 1
        if r >= 0:
            self.table.removeRow(r)

    def levels(self) -> list[DunningLevel]:
        return [
            DunningLevel(
                r + 1,
                self.table.cellWidget(r, 0).value(),
                self.table.cellWidget(r, 1).currentData(),
                self.table.cellWidget(r, 2).currentData(),
            )
            for r in range(self.table.rowCount())
        ]

    def accept(self) -> None:
        try:
            outcome = save_or_keep_open(
                self, lambda: self._services.dunning.set_plan(self.levels())
            )
        except ValidationError as err:
            self.error.setText(str(err))
            return
        if outcome.ok:
            data_events().changed.emit("dunning", 0)


class RatesDialog(QDialog):
    """The rate table: shipped values and the owner's, and a form to add a half-year."""

    def __init__(self, services, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Late-payment rates"))
        self._services = services
        self._today = today
        self.missing = QLabel()
        self.missing.setStyleSheet("color: #d32f2f")
        self.missing.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Half-year"), _("Rate"), _("Value"), _("Source")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)

        self.series = QComboBox()
        for s in RateSeries:
            self.series.addItem(s.label, s)
        self.half = QComboBox()
        start = half_year_start(today)
        for k in range(-4, 3):
            y, m = divmod((start.year * 2 + (start.month - 1) // 6) + k, 2)
            d = date(y, 1 + 6 * m, 1)
            self.half.addItem(half_year_label(d), d)
        self.half.setCurrentIndex(4)
        self.value = QLineEdit()
        self.value.setPlaceholderText(_("e.g. 2,62"))
        self.source = QLineEdit()
        self.source.setPlaceholderText(_("e.g. Arrêté du 15 décembre 2025, JORF 26/12/2025"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #d32f2f")
        self.error.setWordWrap(True)
        add = QPushButton(_("&Save this rate"))
        add.clicked.connect(self._add)
        self.remove = QPushButton(_("&Forget my value"))
        self.remove.clicked.connect(self._remove)
        form = QFormLayout()
        form.addRow(_("Rate:"), self.series)
        form.addRow(_("Half-year:"), self.half)
        form.addRow(_("Value (%):"), self.value)
        form.addRow(_("Source:"), self.source)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.missing)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remove)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(add)
        layout.addWidget(close)
        self.resize(820, 520)
        self.reload()

    def reload(self) -> None:
        table = self._services.receivables.rates()
        entries = sorted(table.entries(), key=lambda e: (e.start, e.series), reverse=True)
        self._entries = entries
        lang = current_language()
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            source = (
                e.source if e.shipped else _("{source} (entered by you)").format(source=e.source)
            )
            for c, text in enumerate(
                (half_year_label(e.start), e.series.label, format_rate(e.rate_bp, lang), source)
            ):
                self.table.setItem(r, c, QTableWidgetItem(text))
        missing = table.missing(self._today)
        if missing:
            self.missing.setText(
                _(
                    "Missing for the current half-year ({period}): {rates}. Until you enter "
                    "them, late-payment amounts for those days are not counted."
                ).format(
                    period=half_year_label(missing[0][1]),
                    rates=", ".join(s.label for s, _d in missing),
                )
            )
            self.missing.show()
        else:
            self.missing.hide()

    def _add(self) -> None:
        try:
            bp = parse_rate_bp(self.value.text())
            outcome = guarded_save(
                self,
                lambda: self._services.receivables.set_rate(
                    self.series.currentData().value,
                    self.half.currentData(),
                    bp,
                    self.source.text(),
                ),
            )
        except ValidationError as err:
            self.error.setText(str(err))
            return
        if outcome.ok:
            self.error.clear()
            self.value.clear()
            self.reload()
            data_events().changed.emit("rates", 0)

    def _remove(self) -> None:
        r = self.table.currentRow()
        if r < 0 or r >= len(self._entries):
            return
        e = self._entries[r]
        if e.shipped:
            self.error.setText(_("This value comes with DisputeDesk; add a correction instead."))
            return
        if guarded_save(
            self, lambda: self._services.receivables.remove_rate(e.series.value, e.start)
        ).ok:
            self.reload()
            data_events().changed.emit("rates", 0)
