"""The dispute page: a header (reference, customer, stage, amount), the registry's
DisputePanels as tabs and its DisputeActions as toolbar buttons.

Only the visible tab is asked to load when a dispute opens; the others load when first
shown, so opening a dispute with a long journal costs one panel, not all of them. The header
and which actions apply (`DisputeAction.enabled`) are read off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.records import Dispute
from disputedesk.i18n import _, ui_locale
from disputedesk.ui.events import data_events
from disputedesk.ui.extensions import DisputeAction, DisputePanel
from disputedesk.ui.timeline.loader import BackgroundLoader


@dataclass(frozen=True)
class DisputeHeader:
    dispute: Dispute
    customer_name: str
    hidden_actions: frozenset[str]  # keys whose `enabled` said no


def load_header(services, dispute_id: int, actions: list[DisputeAction]) -> DisputeHeader:
    """Everything the header needs, in one go (runs off the GUI thread)."""
    dispute = services.disputes.get(dispute_id)
    customer = services.customers.get(dispute.customer_id)
    hidden = set()
    for action in actions:
        if action.enabled is None:
            continue
        try:
            if not action.enabled(services, dispute_id):
                hidden.add(action.key)
        except Exception:  # one area's bug hides its own button, not the page
            hidden.add(action.key)
    return DisputeHeader(dispute, customer.display_name, frozenset(hidden))


class _ErrorPanel(QLabel):
    """Stands in for a panel whose factory failed, saying so instead of crashing the page."""

    def __init__(self, text: str, parent=None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def show_dispute(self, _dispute_id) -> None:
        pass


class DisputePage(QWidget):
    sig_back = Signal()
    sig_loaded = Signal(int)  # dispute id, once the header is shown

    def __init__(
        self,
        services,
        panels: list[DisputePanel],
        actions: list[DisputeAction],
        parent=None,
        *,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._panel_specs = list(panels)
        self._action_specs = list(actions)
        self._dispute_id: int | None = None
        self._header: DisputeHeader | None = None
        self._active = False
        self._stale: set[int] = set()
        self.loader = BackgroundLoader(self, synchronous=synchronous)
        self.loader.sig_loaded.connect(self._on_loader_loaded)
        self.loader.sig_failed.connect(self._on_loader_failed)
        self._reload_timer = QTimer(self, singleShot=True, interval=150)
        self._reload_timer.timeout.connect(self.reload)

        back = QToolButton(self)
        back.setText(_("◀ Back"))
        back.setToolTip(_("Back to where you were (Alt+Left)"))
        back.setAccessibleName(_("Back"))
        back.clicked.connect(self.sig_back)
        self.reference = QLabel()
        font = self.reference.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.reference.setFont(font)
        self.reference.setAccessibleName(_("Dispute reference"))
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.customer = QLabel()
        self.customer.setAccessibleName(_("Customer"))
        self.stage = QLabel()
        self.stage.setAccessibleName(_("Stage"))
        self.amount = QLabel()
        self.amount.setAccessibleName(_("Amount at stake"))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bold = self.amount.font()
        bold.setBold(True)
        self.amount.setFont(bold)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAccessibleName(_("Dispute title"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #d32f2f")
        self.problem.setVisible(False)

        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(self.reference)
        top.addSpacing(12)
        top.addWidget(self.customer, 1)
        top.addWidget(self.stage)
        top.addSpacing(12)
        top.addWidget(self.amount)

        self.toolbar = QToolBar(self)
        self.toolbar.setAccessibleName(_("Dispute actions"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_by_key: dict[str, QAction] = {}
        for spec in self._action_specs:
            action = QAction(spec.label(), self)
            if spec.shortcut:
                action.setShortcuts([QKeySequence(spec.shortcut)])
                action.setToolTip(
                    "{label} ({keys})".format(
                        label=spec.label(),
                        keys=QKeySequence(spec.shortcut).toString(
                            QKeySequence.SequenceFormat.NativeText
                        ),
                    )
                )
            action.setEnabled(False)
            action.triggered.connect(lambda _checked=False, s=spec: self._run(s))
            self.toolbar.addAction(action)
            self.actions_by_key[spec.key] = action

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(_("Dispute details"))
        self.tabs.setDocumentMode(True)
        self.panels: dict[str, QWidget] = {}
        self._next_panel = 0  # of self._panel_specs: the tabs are built in this order
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.problem)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tabs, 1)
        data_events().changed.connect(self._on_data_changed)

    # --- Public -------------------------------------------------------------------------

    @property
    def dispute_id(self) -> int | None:
        return self._dispute_id

    @property
    def header(self) -> DisputeHeader | None:
        return self._header

    def show_dispute(self, dispute_id: int) -> None:
        self._create_panels()
        changed = dispute_id != self._dispute_id
        self._dispute_id = dispute_id
        if changed:
            self._header = None
            self.reference.setText(_("Loading…"))
            for label in (self.customer, self.stage, self.amount, self.title):
                label.clear()
            self._update_actions()
            self._stale = set(range(self.tabs.count()))
            self._feed_current_tab()
        self.reload()

    def reload(self) -> None:
        if self._dispute_id is None:
            return
        services, ident, specs = self._services, self._dispute_id, self._action_specs
        self.loader.load(lambda: load_header(services, ident, specs))

    def set_active(self, active: bool) -> None:
        """Whether the page is the one on screen (its actions work only then)."""
        self._active = active
        self._update_actions()

    def select_panel(self, key: str) -> bool:
        self._create_panels()
        widget = self.panels.get(key)
        if widget is None:
            return False
        self.tabs.setCurrentWidget(widget)
        return True

    def has_unsaved_changes(self) -> bool:
        return any(getattr(p, "has_unsaved_changes", lambda: False)() for p in self.panels.values())

    # --- Panels -------------------------------------------------------------------------

    def prepare_panels(self) -> None:
        """Build the tabs ahead of the first dispute opened, one per turn of the event loop
        (each takes 10-60 ms), so that opening it only has to fill them. The main window
        calls this once it has been idle a moment after the launch."""
        if self._next_panel < len(self._panel_specs):
            self._create_next_panel()
            QTimer.singleShot(0, self, self.prepare_panels)

    def _create_panels(self) -> None:
        while self._next_panel < len(self._panel_specs):
            self._create_next_panel()

    def _create_next_panel(self) -> None:
        spec = self._panel_specs[self._next_panel]
        self._next_panel += 1
        try:
            widget = spec.factory(self._services, self.tabs)
        except Exception as exc:  # show the area's failure in its tab
            widget = _ErrorPanel(
                _("This tab cannot be shown: {reason}").format(reason=exc), self.tabs
            )
        self.panels[spec.key] = widget
        index = self.tabs.addTab(widget, spec.label())
        self.tabs.setTabToolTip(index, spec.label())

    def _feed_current_tab(self) -> None:
        index = self.tabs.currentIndex()
        if index < 0 or index not in self._stale or self._dispute_id is None:
            return
        self._stale.discard(index)
        widget = self.tabs.widget(index)
        try:
            widget.show_dispute(self._dispute_id)
        except DisputeDeskError as err:
            self._show_problem(str(err))

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._feed_current_tab()

    # --- Header -------------------------------------------------------------------------

    def _on_loader_loaded(self, header: DisputeHeader) -> None:
        if self._dispute_id != header.dispute.id:
            return
        self._header = header
        d = header.dispute
        self.problem.setVisible(False)
        self.reference.setText(d.reference)
        self.customer.setText(header.customer_name)
        self.stage.setText(d.stage.label)
        loc = ui_locale()
        self.amount.setText(d.amount.format(loc))
        self.title.setText(d.title)
        self.title.setVisible(bool(d.title))
        self.setAccessibleDescription(
            _("Dispute {reference} with {customer}").format(
                reference=d.reference, customer=header.customer_name
            )
        )
        self._update_actions()
        self.sig_loaded.emit(d.id)

    def _on_loader_failed(self, exc: object) -> None:
        if isinstance(exc, DisputeDeskError):
            self._show_problem(str(exc))
        else:
            self._show_problem(_("This dispute cannot be shown: {reason}").format(reason=exc))

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)

    def _update_actions(self) -> None:
        hidden = self._header.hidden_actions if self._header else frozenset()
        ready = self._active and self._header is not None
        for spec in self._action_specs:
            action = self.actions_by_key[spec.key]
            action.setVisible(spec.key not in hidden)
            action.setEnabled(ready and spec.key not in hidden)

    def _run(self, spec: DisputeAction) -> None:
        if self._dispute_id is None or not self._active:
            return
        try:
            spec.run(self.window(), self._services, self._dispute_id)
        except DisputeDeskError as err:
            self._show_problem(str(err))

    def _on_data_changed(self, kind: str, ident: int) -> None:
        if self._dispute_id is None:
            return
        if kind == "dispute" and ident not in (0, self._dispute_id):
            return
        self._reload_timer.start()
