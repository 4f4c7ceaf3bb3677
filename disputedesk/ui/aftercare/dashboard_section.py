"""The "Dashboard" section: the shop's patterns for a period. Every number comes from
services.dashboard (the same figures as the PDF report and `disputedesk stats`); figures are
computed off the GUI thread; each chart can be saved as PNG, the whole as a PDF report."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from disputedesk.i18n import _, current_language, pgettext
from disputedesk.services.dashboard_service import DashboardStats, chart_specs, key_figures
from disputedesk.ui.aftercare.charts import ChartWidget
from disputedesk.ui.aftercare.common import error_text, from_qdate, to_qdate
from disputedesk.ui.aftercare.gesture_dialog import save_copy
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.loader import BackgroundLoader


class DashboardSection(QWidget):
    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.stats: DashboardStats | None = None
        self._dirty = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self._reload_if_dirty)
        self.charts: dict[str, ChartWidget] = {}
        self.loader = BackgroundLoader(self)
        self.loader.sig_loaded.connect(self._on_loaded)
        self.loader.sig_failed.connect(self._on_failed)
        self.pdf_loader = BackgroundLoader(self)
        self.pdf_loader.sig_loaded.connect(self._on_pdf)
        self.pdf_loader.sig_failed.connect(self._on_pdf_failed)

        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        title = QLabel(_("Dashboard"))
        title.setStyleSheet("font-size: 16px; font-weight: bold")
        bar.addWidget(title)
        bar.addSpacing(20)
        self.all_time = QCheckBox(_("All time"))
        self.all_time.setChecked(True)
        today = date.today()
        self.date_from = QDateEdit(to_qdate(today.replace(month=1, day=1)))
        self.date_to = QDateEdit(to_qdate(today))
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setEnabled(False)
            w.dateChanged.connect(lambda *_a: self.reload())
        self.all_time.toggled.connect(self._on_all_time)
        bar.addWidget(self.all_time)
        bar.addWidget(QLabel(_("From")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(pgettext("period", "to")))
        bar.addWidget(self.date_to)
        bar.addStretch(1)
        self.pdf_button = QPushButton(_("PDF report…"))
        self.pdf_button.clicked.connect(self._pdf)
        bar.addWidget(self.pdf_button)
        outer.addLayout(bar)
        self.status = QLabel()
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        self.content_layout = QVBoxLayout(content)
        self.tiles = QGridLayout()
        self.content_layout.addLayout(self.tiles)
        self.grid = QGridLayout()
        self.content_layout.addLayout(self.grid)
        self.content_layout.addStretch(1)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        self.tile_labels: list[tuple[QLabel, QLabel]] = []
        # A bound slot, not a lambda: Qt drops the connection when this widget is destroyed.
        data_events().changed.connect(self._on_data_changed)
        self.reload()

    def _on_data_changed(self, _kind: str, _ident: int) -> None:
        # Recomputed when seen, and once for a burst of changes (a batch of letters...).
        self._dirty = True
        if self.isVisible():
            self._debounce.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self._debounce.start()

    def _reload_if_dirty(self) -> None:
        if self._dirty:
            self.reload()

    # ------------------------------------------------------------------ loading
    def period(self) -> tuple[date | None, date | None]:
        if self.all_time.isChecked():
            return None, None
        return from_qdate(self.date_from.date()), from_qdate(self.date_to.date())

    def _on_all_time(self, checked: bool) -> None:
        self.date_from.setEnabled(not checked)
        self.date_to.setEnabled(not checked)
        self.reload()

    def reload(self) -> None:
        self._dirty = False
        start, end = self.period()
        services = self.services
        self.status.setText(_("Computing…"))
        self.loader.load(lambda: services.dashboard.stats(date_from=start, date_to=end))

    def _on_failed(self, exc) -> None:
        self.status.setText(error_text(exc))

    def _on_loaded(self, stats: DashboardStats) -> None:
        self.stats = stats
        if stats.is_empty:
            self.status.setText(
                _(
                    "Nothing to show yet: no dispute was received in this period. The charts "
                    "fill in as you record disputes."
                )
            )
        else:
            self.status.setText("")
        figures = key_figures(stats)
        while len(self.tile_labels) < len(figures):
            i = len(self.tile_labels)
            name, value = QLabel(), QLabel()
            name.setStyleSheet("color: #555")
            value.setStyleSheet("font-size: 14px; font-weight: bold")
            value.setWordWrap(True)
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
            v = QVBoxLayout(box)
            v.addWidget(name)
            v.addWidget(value)
            self.tiles.addWidget(box, i // 4, i % 4)
            self.tile_labels.append((name, value))
        for (name, value), (label, text) in zip(self.tile_labels, figures, strict=False):
            name.setText(label)
            value.setText(text)
        for i, spec in enumerate(chart_specs(stats)):
            chart = self.charts.get(spec.key)
            if chart is None:
                chart = ChartWidget(spec, stats.currency)
                chart.setMinimumHeight(240)
                holder = QWidget()
                v = QVBoxLayout(holder)
                v.setContentsMargins(0, 0, 0, 0)
                v.addWidget(chart)
                png = QPushButton(_("Save as PNG…"))
                png.setAccessibleName(_("Save “{title}” as PNG").format(title=spec.title))
                png.clicked.connect(lambda _c=False, key=spec.key: self.save_png(key))
                row = QHBoxLayout()
                row.addStretch(1)
                row.addWidget(png)
                v.addLayout(row)
                self.grid.addWidget(holder, i // 2, i % 2)
                self.charts[spec.key] = chart
            else:
                chart.set_spec(spec, stats.currency)

    # ------------------------------------------------------------------ exports
    def save_png(self, key: str) -> str | None:
        chart = self.charts[key]
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the chart"), f"{key}.png", _("PNG images (*.png)")
        )
        if not path:
            return None
        if not path.lower().endswith(".png"):
            path += ".png"
        if not chart.render_png(path):
            QMessageBox.warning(
                self,
                _("Save the chart"),
                _("The image could not be written to {path}.").format(path=path),
            )
            return None
        return path

    def _pdf(self) -> None:
        if self.pdf_loader.busy:
            return
        start, end = self.period()
        services, lang = self.services, current_language()
        self.pdf_button.setEnabled(False)
        self.pdf_loader.load(
            lambda: services.dashboard.report_pdf(date_from=start, date_to=end, lang=lang)
        )

    def _on_pdf(self, data: bytes) -> None:
        self.pdf_button.setEnabled(True)
        try:
            save_copy(self, _("dashboard-report.pdf"), data)
        except OSError as exc:
            QMessageBox.warning(self, _("PDF report"), error_text(exc))

    def _on_pdf_failed(self, exc) -> None:
        self.pdf_button.setEnabled(True)
        QMessageBox.warning(self, _("PDF report"), error_text(exc))
