"""The Timeline tab of the dispute page: the drawn timeline, its legend, zoom and details."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.timeline import DeadlineStatus, Timeline, TimelineEvent
from disputedesk.i18n import _, ngettext
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.event_dialog import EventDialog
from disputedesk.ui.timeline.loader import BackgroundLoader
from disputedesk.ui.timeline.timeline_canvas import COLORS, TimelineCanvas, describe


def _swatch(color: QColor, text: str) -> QLabel:
    label = QLabel(f'<span style="color:{color.name()}">●</span> {text}')
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class TimelinePanel(QWidget):
    """`show_dispute(id | None)`; reloads (off the GUI thread) when data changes."""

    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._services = services
        self._dispute_id: int | None = None
        self._dialogs: list[EventDialog] = []
        self.loader = BackgroundLoader(self, synchronous=synchronous)
        self.loader.sig_loaded.connect(self._on_loader_loaded)
        self.loader.sig_failed.connect(self._on_loader_failed)
        self._reload_timer = QTimer(self, singleShot=True, interval=120)
        self._reload_timer.timeout.connect(self.reload)

        self.canvas = TimelineCanvas(self)
        self.canvas.sig_activated.connect(self.open_event)
        self.canvas.sig_selected.connect(self._on_canvas_selected)
        self.status = QLabel(_("No dispute selected."))
        self.status.setAccessibleName(_("Timeline summary"))

        zoom_in = QToolButton(text="+", toolTip=_("Zoom in (Ctrl+wheel)"))
        zoom_in.setAccessibleName(_("Zoom in"))
        zoom_in.clicked.connect(lambda: self.canvas.zoom(1.5))
        zoom_out = QToolButton(text="−", toolTip=_("Zoom out (Ctrl+wheel)"))
        zoom_out.setAccessibleName(_("Zoom out"))
        zoom_out.clicked.connect(lambda: self.canvas.zoom(1 / 1.5))
        fit = QToolButton(text=_("Fit"), toolTip=_("Show the whole dispute"))
        fit.setAccessibleName(_("Show the whole dispute"))
        fit.clicked.connect(self.canvas.fit)

        legend = QHBoxLayout()
        legend.setSpacing(14)
        for color, text in (
            (COLORS["incoming"], _("From the customer")),
            (COLORS["outgoing"], _("To the customer")),
            (COLORS["internal"], _("Internal note")),
            (COLORS[DeadlineStatus.MET], _("Deadline met")),
            (COLORS[DeadlineStatus.MISSED], _("Done late")),
            (COLORS[DeadlineStatus.OVERDUE], _("Overdue")),
        ):
            legend.addWidget(_swatch(color, text))
        legend.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        for button in (zoom_out, zoom_in, fit):
            top.addWidget(button)

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(_("Selected event"))
        self.open_button = QPushButton(_("Open…"))
        self.open_button.setAccessibleName(_("Open the selected event"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(
            lambda: (
                self.open_event(self.canvas.selected_event())
                if self.canvas.selected_event()
                else None
            )
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.details, 1)
        bottom.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(legend)
        layout.addLayout(bottom)
        data_events().changed.connect(self._on_data_changed)
        self._on_canvas_selected(None)

    # --- Public -------------------------------------------------------------------------

    @property
    def dispute_id(self) -> int | None:
        return self._dispute_id

    def show_dispute(self, dispute_id: int | None) -> None:
        same = dispute_id == self._dispute_id
        self._dispute_id = dispute_id
        if dispute_id is None:
            self.loader.cancel()
            self.canvas.set_timeline(None)
            self.status.setText(_("No dispute selected."))
            return
        if not same:
            self.canvas.set_timeline(None)
            self.status.setText(_("Loading the timeline…"))
        self._load(keep_view=same)

    def reload(self) -> None:
        if self._dispute_id is not None:
            self._load(keep_view=True)

    # --- Loading ------------------------------------------------------------------------

    def _load(self, *, keep_view: bool) -> None:
        dispute_id, service = self._dispute_id, self._services.timeline
        self._keep_view = keep_view
        self.loader.load(lambda: service.timeline(dispute_id))

    def _on_loader_loaded(self, timeline: Timeline) -> None:
        if timeline.dispute_id != self._dispute_id:
            return
        self.canvas.set_timeline(timeline, keep_view=getattr(self, "_keep_view", False))
        overdue = sum(1 for e in timeline.events if e.overdue)
        count = len(timeline.events)
        text = ngettext("{reference}: {count} event", "{reference}: {count} events", count).format(
            reference=timeline.reference, count=count
        )
        if overdue:
            text += " — " + ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue)
        self.status.setText(text)

    def _on_loader_failed(self, exc: object) -> None:
        self.canvas.set_timeline(None)
        if isinstance(exc, DisputeDeskError):
            self.status.setText(str(exc))
        else:
            self.status.setText(_("The timeline cannot be shown: {reason}").format(reason=exc))

    def _on_data_changed(self, kind: str, ident: int) -> None:
        if self._dispute_id is None:
            return
        if kind == "dispute" and ident not in (0, self._dispute_id):
            return
        if kind == "customer":
            return
        self._reload_timer.start()

    # --- Events -------------------------------------------------------------------------

    def _on_canvas_selected(self, event: TimelineEvent | None) -> None:
        self.open_button.setEnabled(event is not None)
        if event is None:
            self.details.setText(_("Click an event to open it; ←/→ move from one to the next."))
            self.details.setStyleSheet("")
        else:
            self.details.setText(describe(event))
            if event.overdue:
                self.details.setStyleSheet(f"color: {COLORS[DeadlineStatus.OVERDUE].name()}")
            else:
                self.details.setStyleSheet(
                    f"color: {self.palette().color(QPalette.ColorRole.WindowText).name()}"
                )

    def open_event(self, event: TimelineEvent) -> EventDialog:
        dialog = EventDialog(self._services, event, self)
        dialog.finished.connect(lambda _r, d=dialog: self._dialogs.remove(d))
        self._dialogs.append(dialog)
        dialog.open()
        return dialog
