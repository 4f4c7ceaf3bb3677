"""Tools ▸ Opening hours and response time…: the shop's week, closed days, response time.

Validated before saving (the message names the day or the period at fault); a save that
fails leaves the dialog open with everything typed. A preview says, with the settings as
they stand, by when a complaint received now would have to be acknowledged.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from babel.dates import get_day_names
from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain import business_hours as bh
from disputedesk.domain.errors import DisputeDeskError, ValidationError
from disputedesk.domain.guidance import ClockSettings
from disputedesk.i18n import _, ui_locale
from disputedesk.ui.events import data_events
from disputedesk.ui.guidance.clock_text import moment_text
from disputedesk.ui.timeline.loader import BackgroundLoader


def _qtime(minutes: int) -> QTime:
    minutes = min(minutes, 23 * 60 + 59)  # 24:00 shows as 23:59
    return QTime(minutes // 60, minutes % 60)


def _minutes(t: QTime, end: bool = False) -> int:
    value = t.hour() * 60 + t.minute()
    return bh.MINUTES_PER_DAY if end and value == 23 * 60 + 59 else value


class DayRow:
    """One weekday: open or not, a morning range and an optional afternoon range."""

    def __init__(self, grid: QGridLayout, row: int, name: str) -> None:
        self.open = QCheckBox(name)
        self.open.setAccessibleName(_("{day}: open").format(day=name))
        self.start1, self.end1 = QTimeEdit(), QTimeEdit()
        self.split = QCheckBox(_("and"))
        self.split.setAccessibleName(_("{day}: second opening period").format(day=name))
        self.start2, self.end2 = QTimeEdit(), QTimeEdit()
        for edit, what in (
            (self.start1, _("opens at")),
            (self.end1, _("closes at")),
            (self.start2, _("opens again at")),
            (self.end2, _("closes at")),
        ):
            edit.setDisplayFormat("HH:mm")
            edit.setAccessibleName(f"{name}: {what}")
        self.error = QLabel()
        self.error.setStyleSheet("color: #d32f2f")
        for col, w in enumerate(
            (self.open, self.start1, QLabel("–"), self.end1, self.split, self.start2)
        ):
            grid.addWidget(w, row, col)
        grid.addWidget(QLabel("–"), row, 6)
        grid.addWidget(self.end2, row, 7)
        grid.addWidget(self.error, row, 8)
        self.open.toggled.connect(self._sync)
        self.split.toggled.connect(self._sync)

    def _sync(self) -> None:
        is_open = self.open.isChecked()
        for w in (self.start1, self.end1, self.split):
            w.setEnabled(is_open)
        for w in (self.start2, self.end2):
            w.setEnabled(is_open and self.split.isChecked())

    def set(self, ranges: tuple[bh.TimeRange, ...]) -> None:
        self.open.setChecked(bool(ranges))
        first = ranges[0] if ranges else bh.TimeRange(9 * 60, 12 * 60)
        second = ranges[1] if len(ranges) > 1 else bh.TimeRange(14 * 60, 18 * 60)
        self.start1.setTime(_qtime(first.start))
        self.end1.setTime(_qtime(first.end))
        self.split.setChecked(len(ranges) > 1)
        self.start2.setTime(_qtime(second.start))
        self.end2.setTime(_qtime(second.end))
        self._sync()

    def ranges(self) -> tuple[bh.TimeRange, ...]:
        if not self.open.isChecked():
            return ()
        out = [bh.TimeRange(_minutes(self.start1.time()), _minutes(self.end1.time(), True))]
        if self.split.isChecked():
            out.append(bh.TimeRange(_minutes(self.start2.time()), _minutes(self.end2.time(), True)))
        return tuple(out)


class HoursDialog(QDialog):
    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._services = services
        self.saved: ClockSettings | None = None
        self.setWindowTitle(_("Opening hours and response time"))

        self.response = QSpinBox(minimum=1, maximum=24 * 30, suffix=_(" h"))
        self.response.setAccessibleName(_("Response time in opening hours"))
        self.response_error = QLabel()
        self.response_error.setStyleSheet("color: #d32f2f")
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Acknowledge every complaint within")))
        top.addWidget(self.response)
        top.addWidget(QLabel(_("of opening time.")))
        top.addStretch(1)

        week_box = QGroupBox(_("Opening hours"))
        grid = QGridLayout(week_box)
        names = get_day_names("wide", locale=ui_locale())
        self.days = [DayRow(grid, i, names[i].capitalize()) for i in range(7)]
        self.week_error = QLabel()
        self.week_error.setStyleSheet("color: #d32f2f")
        grid.addWidget(self.week_error, 7, 0, 1, 9)

        closed_box = QGroupBox(_("Closed days"))
        cl = QVBoxLayout(closed_box)
        self.french_holidays = QCheckBox(_("Closed on French public holidays"))
        self.alsace = QCheckBox(_("Alsace-Moselle: also Good Friday and 26 December"))
        self.french_holidays.toggled.connect(self.alsace.setEnabled)
        cl.addWidget(self.french_holidays)
        cl.addWidget(self.alsace)
        self.periods = QTableWidget(0, 3)
        self.periods.setHorizontalHeaderLabels([_("First day"), _("Last day"), _("Reason")])
        self.periods.setAccessibleName(_("Closed periods"))
        self.periods.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.periods.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.periods.verticalHeader().setVisible(False)
        cl.addWidget(self.periods)
        buttons_row = QHBoxLayout()
        add = QPushButton(_("Add a closed period"))
        add.clicked.connect(lambda: self.add_period())
        remove = QPushButton(_("Remove"))
        remove.setAccessibleName(_("Remove the selected closed period"))
        remove.clicked.connect(self._on_remove_clicked)
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)
        cl.addLayout(buttons_row)
        self.closed_error = QLabel()
        self.closed_error.setStyleSheet("color: #d32f2f")
        cl.addWidget(self.closed_error)

        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #d32f2f")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.response_error)
        layout.addWidget(week_box)
        layout.addWidget(closed_box, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(780, 640)

        self.loader = BackgroundLoader(self, synchronous=synchronous)
        self.loader.sig_loaded.connect(self._on_loader_loaded)
        self.loader.sig_failed.connect(self._on_failed)
        self.writer = BackgroundLoader(self, synchronous=synchronous)
        self.writer.sig_loaded.connect(self._on_writer_loaded)
        self.writer.sig_failed.connect(self._on_failed)
        self.message.setText(_("Loading…"))
        service = services.guidance
        self.loader.load(service.clock_settings)
        for w in self.findChildren(QWidget):
            for sig in ("toggled", "timeChanged", "valueChanged", "dateChanged"):
                if hasattr(w, sig) and isinstance(w, (QCheckBox, QTimeEdit, QSpinBox)):
                    getattr(w, sig).connect(self.update_preview)

    # --- Fill and read ------------------------------------------------------------------

    def _on_loader_loaded(self, settings: ClockSettings) -> None:
        self.message.clear()
        self.fill(settings)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)

    def fill(self, settings: ClockSettings) -> None:
        self._timezone = settings.calendar.timezone
        self.response.setValue(settings.response_time_hours)
        for row, ranges in zip(self.days, settings.calendar.weekly, strict=True):
            row.set(ranges)
        self.french_holidays.setChecked(settings.calendar.french_holidays)
        self.alsace.setChecked(settings.calendar.alsace_moselle)
        self.alsace.setEnabled(settings.calendar.french_holidays)
        self.periods.setRowCount(0)
        for period in settings.calendar.closed:
            self.add_period(period.first, period.last, period.label)
        self.update_preview()

    def add_period(self, first: date | None = None, last: date | None = None, label="") -> None:
        first = first or date.today()
        last = last or first
        row = self.periods.rowCount()
        self.periods.insertRow(row)
        for col, day in ((0, first), (1, last)):
            edit = QDateEdit(QDate(day.year, day.month, day.day), calendarPopup=True)
            edit.setAccessibleName(_("First day") if col == 0 else _("Last day"))
            edit.dateChanged.connect(self.update_preview)
            self.periods.setCellWidget(row, col, edit)
        text = QLineEdit(label)
        text.setAccessibleName(_("Reason"))
        text.setPlaceholderText(_("e.g. Summer holidays"))
        self.periods.setCellWidget(row, 2, text)
        self.update_preview()

    def _on_remove_clicked(self) -> None:
        rows = sorted({i.row() for i in self.periods.selectedIndexes()}, reverse=True)
        if not rows and self.periods.rowCount():
            rows = [self.periods.rowCount() - 1]
        for row in rows:
            self.periods.removeRow(row)
        self.update_preview()

    def settings(self) -> ClockSettings:
        closed = []
        for row in range(self.periods.rowCount()):
            first = self.periods.cellWidget(row, 0).date().toPython()
            last = self.periods.cellWidget(row, 1).date().toPython()
            label = self.periods.cellWidget(row, 2).text().strip()
            closed.append(bh.ClosedPeriod(first, last, label))
        calendar = bh.ShopCalendar(
            weekly=tuple(day.ranges() for day in self.days),
            closed=tuple(closed),
            french_holidays=self.french_holidays.isChecked(),
            alsace_moselle=self.alsace.isChecked() and self.french_holidays.isChecked(),
            timezone=getattr(self, "_timezone", bh.DEFAULT_TIMEZONE),
        )
        return ClockSettings(calendar, self.response.value())

    # --- Validation and saving ----------------------------------------------------------

    def _clear_errors(self) -> None:
        for label in (self.response_error, self.week_error, self.closed_error, self.message):
            label.clear()
        for day in self.days:
            day.error.clear()

    def validate(self) -> ClockSettings | None:
        """The checked settings, or None with the message shown next to the field at fault."""
        self._clear_errors()
        settings = self.settings()
        try:
            bh.check_response_hours(settings.response_time_hours)
            calendar = bh.check_calendar(settings.calendar)
        except ValidationError as err:
            self._show_error(err)
            return None
        return ClockSettings(calendar, settings.response_time_hours)

    def _show_error(self, err: DisputeDeskError) -> None:
        text = str(err)
        field = err.field or ""
        if field.startswith("hours."):
            self.days[int(field.split(".")[1])].error.setText(text)
        elif field == "hours":
            self.week_error.setText(text)
        elif field == "closed":
            self.closed_error.setText(text)
        elif field == "response_time_hours":
            self.response_error.setText(text)
        else:
            self.message.setText(text)

    def update_preview(self, *_args) -> None:
        try:
            settings = self.settings()
            calendar = bh.check_calendar(settings.calendar)
            bh.check_response_hours(settings.response_time_hours)
        except ValidationError:
            self.preview.clear()
            return
        now = datetime.now(UTC)
        due = bh.add_business_time(calendar, now, timedelta(hours=settings.response_time_hours))
        if due is None:
            self.preview.setText(_("With these settings the clock never ends: open the shop."))
        else:
            self.preview.setText(
                _("A complaint received now must be acknowledged by {date}.").format(
                    date=moment_text(due)
                )
            )

    def save(self) -> None:
        settings = self.validate()
        if settings is None:
            return
        self.buttons.setEnabled(False)
        service = self._services.guidance
        self.writer.load(lambda: service.save_clock_settings(settings))

    def _on_writer_loaded(self, saved: ClockSettings) -> None:
        self.saved = saved
        self.buttons.setEnabled(True)
        data_events().changed.emit("business", 0)
        self.accept()

    def _on_failed(self, exc: object) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, DisputeDeskError):
            self._show_error(exc)
            if not (exc.field or "").startswith(("hours", "closed", "response")):
                self.message.setText(_("Not saved: {reason}").format(reason=exc))
        else:
            self.message.setText(_("Not saved: {reason}").format(reason=exc))


def open_hours_dialog(parent, services) -> HoursDialog:
    dialog = HoursDialog(services, parent)
    dialog.open()
    return dialog
