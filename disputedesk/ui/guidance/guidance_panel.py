"""The Guidance tab: the recommended next step, the acknowledgement clock, the checklist.

Each step is a checkbox whose state is stored; its button starts the matching dispute action
(by DisputeAction key, through the extension registry) and is hidden when no area registered
that action. Reads and writes run off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.business_hours import ClockStatus
from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.guidance import DisputeGuidance, StepState
from disputedesk.i18n import _
from disputedesk.ui.events import data_events
from disputedesk.ui.guidance.clock_text import clock_text, moment_text
from disputedesk.ui.timeline.loader import BackgroundLoader

OVERDUE = "#d32f2f"


@dataclass(frozen=True)
class _Loaded:
    guidance: DisputeGuidance
    visible_actions: frozenset[str]


def _registered_actions() -> dict:
    from disputedesk.ui.extensions import load_registry

    return {a.key: a for a in load_registry().dispute_actions}


class GuidancePanel(QWidget):
    def __init__(
        self, services, parent=None, *, actions: dict | None = None, synchronous: bool = False
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actions = actions
        self._dispute_id: int | None = None
        self.guidance: DisputeGuidance | None = None
        self.loader = BackgroundLoader(self, synchronous=synchronous)
        self.loader.sig_loaded.connect(self._on_loader_loaded)
        self.loader.sig_failed.connect(self._on_loader_failed)
        self.writer = BackgroundLoader(self, synchronous=synchronous)
        self.writer.sig_loaded.connect(self._on_writer_loaded)
        self.writer.sig_failed.connect(self._on_writer_failed)
        self._reload_timer = QTimer(self, singleShot=True, interval=120)
        self._reload_timer.timeout.connect(self.reload)
        # The clock moves on its own: refresh its sentence every minute.
        self._tick = QTimer(self, interval=60_000)
        self._tick.timeout.connect(self.reload)
        self._tick.start()

        self.next_title = QLabel()
        self.next_title.setWordWrap(True)
        self.next_title.setAccessibleName(_("Recommended next step"))
        self.next_hint = QLabel()
        self.next_hint.setWordWrap(True)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self._on_next_button_clicked)
        next_box = QFrame(frameShape=QFrame.Shape.StyledPanel)
        nb = QVBoxLayout(next_box)
        caption = QLabel(_("Recommended next step"))
        caption.setStyleSheet("font-weight: bold")
        nb.addWidget(caption)
        nb.addWidget(self.next_title)
        nb.addWidget(self.next_hint)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.next_button)
        nb.addLayout(row)

        self.clock_label = QLabel()
        self.clock_label.setWordWrap(True)
        self.clock_label.setAccessibleName(_("Acknowledgement clock"))
        self.clock_bar = QProgressBar(textVisible=False, maximumHeight=8)
        self.clock_bar.setAccessibleName(_("Share of the response time used"))
        self.wait_note = QLineEdit(placeholderText=_("What did you ask the customer for?"))
        self.wait_note.setAccessibleName(_("What the shop waits for"))
        self.wait_button = QPushButton()
        self.wait_button.clicked.connect(self._on_wait_button_clicked)
        self.wait_label = QLabel()
        self.wait_label.setWordWrap(True)
        settings_button = QPushButton(_("Opening hours and response time…"))
        settings_button.clicked.connect(self._on_settings_button_clicked)
        clock_box = QFrame(frameShape=QFrame.Shape.StyledPanel)
        cb = QVBoxLayout(clock_box)
        caption = QLabel(_("Acknowledgement clock"))
        caption.setStyleSheet("font-weight: bold")
        cb.addWidget(caption)
        cb.addWidget(self.clock_label)
        cb.addWidget(self.clock_bar)
        cb.addWidget(self.wait_label)
        wait_row = QHBoxLayout()
        wait_row.addWidget(self.wait_note, 1)
        wait_row.addWidget(self.wait_button)
        cb.addLayout(wait_row)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(settings_button)
        cb.addLayout(row)

        self.steps_box = QWidget()
        self.steps_grid = QGridLayout(self.steps_box)
        self.steps_grid.setColumnStretch(0, 1)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(self.steps_box)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {OVERDUE}")

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addWidget(next_box)
        content.addWidget(clock_box)
        caption = QLabel(_("Good practice, step by step"))
        caption.setStyleSheet("font-weight: bold")
        content.addWidget(caption)
        content.addWidget(scroll, 1)
        self.placeholder = QLabel(_("No dispute selected."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.content, 1)
        layout.addWidget(self.message)
        self.content.setVisible(False)
        self.checkboxes: dict[str, QCheckBox] = {}
        self.action_buttons: dict[str, QPushButton] = {}
        data_events().changed.connect(self._on_data_changed)

    # --- Public -------------------------------------------------------------------------

    def show_dispute(self, dispute_id: int | None) -> None:
        if dispute_id != self._dispute_id:
            self.content.setVisible(False)
            self.guidance = None
        self._dispute_id = dispute_id
        if dispute_id is None:
            self.loader.cancel()
            self.placeholder.setText(_("No dispute selected."))
            self.placeholder.setVisible(True)
            return
        self.reload()

    def reload(self) -> None:
        if self._dispute_id is None:
            return
        dispute_id, services = self._dispute_id, self._services
        actions = self._action_map()

        def work() -> _Loaded:
            guidance = services.guidance.guidance(dispute_id)
            visible = set()
            for key, action in actions.items():
                try:
                    if action.enabled is None or action.enabled(services, dispute_id):
                        visible.add(key)
                except Exception:  # an area's check failing must not hide the guidance
                    visible.add(key)
            return _Loaded(guidance, frozenset(visible))

        self.loader.load(work)

    def _action_map(self) -> dict:
        if self._actions is None:
            self._actions = _registered_actions()
        return self._actions

    # --- Loaded -------------------------------------------------------------------------

    def _on_loader_loaded(self, loaded: _Loaded) -> None:
        g = loaded.guidance
        if g.dispute_id != self._dispute_id:
            return
        self.guidance = g
        self._visible_actions = loaded.visible_actions
        self.placeholder.setVisible(False)
        self.content.setVisible(True)
        self.message.clear()
        self._show_next(g)
        self._show_clock(g)
        self._show_steps(g)

    def _on_loader_failed(self, exc: object) -> None:
        self.content.setVisible(False)
        self.placeholder.setVisible(True)
        reason = str(exc) if isinstance(exc, DisputeDeskError) else repr(exc)
        self.placeholder.setText(_("The guidance cannot be shown: {reason}").format(reason=reason))

    def _action_label(self, key: str | None) -> str | None:
        if key is None or key not in getattr(self, "_visible_actions", ()):
            return None
        action = self._action_map().get(key)
        return action.label() if action else None

    def _show_next(self, g: DisputeGuidance) -> None:
        step = g.next_step
        if step is None:
            self.next_title.setText(
                _("Every step of the stage “{stage}” is done.").format(stage=g.stage.label)
            )
            self.next_hint.setText(
                _("Move the dispute on when you are ready.") if not g.stage.is_closed else ""
            )
            self.next_button.setVisible(False)
            return
        self.next_title.setText(step.title)
        self.next_title.setStyleSheet("font-size: 12pt")
        self.next_hint.setText(step.hint)
        label = self._action_label(step.action_key)
        self.next_button.setVisible(label is not None)
        if label:
            self.next_button.setText(label)
            self.next_button.setAccessibleName(label)

    def _show_clock(self, g: DisputeGuidance) -> None:
        clock = g.clock
        self.clock_label.setText(clock_text(clock))
        late = clock.status in (ClockStatus.OVERDUE, ClockStatus.MISSED)
        self.clock_label.setStyleSheet(f"color: {OVERDUE}" if late else "")
        total = max(int(clock.response_time.total_seconds()), 1)
        used = min(int(clock.used.total_seconds()), total)
        self.clock_bar.setRange(0, total)
        self.clock_bar.setValue(used)
        waiting = g.waiting
        closed = g.stage.is_closed
        if waiting is not None:
            text = _("Waiting for the customer since {date}.").format(
                date=moment_text(waiting.started_at)
            )
            if waiting.note:
                text += " " + _("Asked for: {note}").format(note=waiting.note)
            self.wait_label.setText(text)
            self.wait_label.setVisible(True)
            self.wait_note.setVisible(False)
            self.wait_button.setText(_("The customer answered"))
            self.wait_button.setToolTip(_("Stop waiting; the clock runs again."))
        else:
            self.wait_label.setVisible(False)
            self.wait_note.setVisible(not closed)
            self.wait_button.setText(_("Waiting for the customer"))
            self.wait_button.setToolTip(
                _(
                    "You asked the customer for something you need (photos, the item, a "
                    "document): the clock stops until they answer. Recording their reply in "
                    "the journal ends the wait by itself."
                )
            )
        self.wait_button.setAccessibleName(self.wait_button.text())
        self.wait_button.setVisible(not closed or waiting is not None)

    def _show_steps(self, g: DisputeGuidance) -> None:
        shape = (g.dispute_id, g.stage, self._visible_actions)
        if shape == getattr(self, "_built_for", None):
            # Same rows: update them in place so focus and scrolling stay where they are.
            for state in g.steps:
                box = self.checkboxes[state.step.key]
                box.blockSignals(True)
                box.setChecked(state.done)
                box.blockSignals(False)
                self._set_done_text(state)
            return
        while self.steps_grid.count():
            item = self.steps_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.checkboxes.clear()
        self.action_buttons.clear()
        self.done_labels: dict[str, QLabel] = {}
        for row, state in enumerate(g.steps):
            self._add_step_row(row, state)
        for row in range(self.steps_grid.rowCount()):
            self.steps_grid.setRowStretch(row, 0)
        self.steps_grid.setRowStretch(2 * len(g.steps), 1)  # spare height goes below the list
        self._built_for = shape

    def _set_done_text(self, state: StepState) -> None:
        label = self.done_labels[state.step.key]
        if state.done_at is None:
            label.clear()
        else:
            label.setText(_("Done on {date}").format(date=moment_text(state.done_at)))

    def _add_step_row(self, row: int, state: StepState) -> None:
        step = state.step
        box = QCheckBox(step.title)
        box.setChecked(state.done)
        box.setAccessibleName(step.title)
        box.setAccessibleDescription(step.hint)
        box.setToolTip(step.hint)
        if state.for_current_stage:
            box.setStyleSheet("font-weight: bold")
        box.toggled.connect(lambda checked, key=step.key: self._on_step_toggled(key, checked))
        self.steps_grid.addWidget(box, 2 * row, 0)
        if state.for_current_stage:
            # Only the steps of the current stage spell out their advice; the others keep it
            # in their tooltip, so the list stays readable.
            hint = QLabel(step.hint)
            hint.setWordWrap(True)
            hint.setIndent(22)
            self.steps_grid.addWidget(hint, 2 * row + 1, 0, 1, 3)
        done = QLabel()
        done.setEnabled(False)
        self.steps_grid.addWidget(done, 2 * row, 1)
        self.done_labels[step.key] = done
        self._set_done_text(state)
        label = self._action_label(step.action_key)
        if label is not None:
            button = QPushButton(label)
            button.setAccessibleName(label)
            button.clicked.connect(lambda _c=False, key=step.action_key: self.run_action(key))
            self.steps_grid.addWidget(button, 2 * row, 2)
            self.action_buttons[step.key] = button
        self.checkboxes[step.key] = box

    # --- User actions -------------------------------------------------------------------

    def run_action(self, key: str) -> None:
        action = self._action_map().get(key)
        if action is None or self._dispute_id is None:
            return
        action.run(self.window(), self._services, self._dispute_id)

    def _on_next_button_clicked(self) -> None:
        if self.guidance and self.guidance.next_step and self.guidance.next_step.action_key:
            self.run_action(self.guidance.next_step.action_key)

    def _on_step_toggled(self, key: str, checked: bool) -> None:
        dispute_id, service = self._dispute_id, self._services.guidance
        if dispute_id is None:
            return
        self.writer.load(lambda: service.set_step(dispute_id, key, checked))

    def _on_wait_button_clicked(self) -> None:
        dispute_id, service = self._dispute_id, self._services.guidance
        if dispute_id is None or self.guidance is None:
            return
        if self.guidance.waiting is not None:
            self.writer.load(lambda: service.end_wait(dispute_id))
        else:
            note = self.wait_note.text()
            self.writer.load(lambda: service.start_wait(dispute_id, note))

    def _on_writer_loaded(self, _result: object) -> None:
        self.wait_note.clear()
        if self._dispute_id is not None:
            data_events().changed.emit("guidance", self._dispute_id)

    def _on_writer_failed(self, exc: object) -> None:
        reason = str(exc) if isinstance(exc, DisputeDeskError) else repr(exc)
        self.message.setText(_("Not saved: {reason}").format(reason=reason))
        self.reload()  # show the stored state again

    def _on_settings_button_clicked(self) -> None:
        from disputedesk.ui.guidance.hours_dialog import open_hours_dialog

        open_hours_dialog(self.window(), self._services)

    def _on_data_changed(self, kind: str, ident: int) -> None:
        if self._dispute_id is None or kind == "customer":
            return
        if kind == "dispute" and ident not in (0, self._dispute_id):
            return
        self._reload_timer.start()
