"""Global search popup (Ctrl+K / Ctrl+F): type, see customers, disputes and journal entries
grouped, arrow down, Enter opens.

Searches run off the GUI thread, at most one at a time: the first keystroke searches at
once, keystrokes typed while a search runs are coalesced into one follow-up search for the
newest text (a debounce that costs no fixed delay), and a result for an older text is never
shown (BackgroundLoader tokens, plus a check of the query itself).

The first time it is shown, the popup has the service run each of its statements once
(`warm_up`), in the background: the first run of a statement in a process costs 50-120 ms,
which would otherwise land on the first keystroke. A keystroke typed meanwhile waits for it
like one typed during a search.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _
from disputedesk.services.search_service import SearchResults, match_expression
from disputedesk.ui.shell.search_results_model import SearchResultsModel
from disputedesk.ui.timeline.loader import BackgroundLoader

DEBOUNCE_MS = 0  # see the module docstring: coalescing replaces a fixed delay


class _Field(QLineEdit):
    """Up/Down/PageDown/Enter go to the results while the text keeps the focus."""

    def __init__(self, popup: SearchPopup) -> None:
        super().__init__(popup)
        self._popup = popup

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self._popup.move_selection(key)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._popup.open_current()
            return
        super().keyPressEvent(event)


class _Results(QTreeView):
    def __init__(self, popup: SearchPopup) -> None:
        super().__init__(popup)
        self._popup = popup

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._popup.open_current()
            return
        super().keyPressEvent(event)


class SearchPopup(QFrame):
    sig_results = Signal(object)  # SearchResults shown (tests and status bar)

    def __init__(
        self,
        services,
        parent: QWidget | None = None,
        *,
        on_open: Callable[[object], None] | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("searchPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Search everything"))
        self._services = services
        self._on_open = on_open
        self.results: SearchResults | None = None
        self._warmed = False
        self._in_flight = False
        self._pending = False
        self.loader = BackgroundLoader(self, synchronous=synchronous)
        self.loader.sig_loaded.connect(self._on_loader_loaded)
        self.loader.sig_failed.connect(self._on_loader_failed)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._run_search)

        self.field = _Field(self)
        self.field.setPlaceholderText(
            _("Search customers, disputes and journal entries (name, reference, any word)…")
        )
        self.field.setAccessibleName(_("Search text"))
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._on_field_text_changed)
        self.model = SearchResultsModel(self)
        self.view = _Results(self)
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName(_("Search results"))
        self.view.activated.connect(self._on_view_activated)
        self.view.clicked.connect(self._on_view_activated)
        self.status = QLabel(_("Type at least two letters."))
        self.status.setAccessibleName(_("Search status"))
        self.status.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.resize(680, 460)

    # --- Showing ------------------------------------------------------------------------

    def popup_over(self, window: QWidget) -> None:
        """Show centred near the top of `window`, text selected for a new search."""
        width = min(720, max(420, window.width() - 80))
        self.resize(width, min(480, max(260, window.height() - 120)))
        top_left = window.mapToGlobal(window.rect().topLeft())
        self.move(top_left.x() + (window.width() - width) // 2, top_left.y() + 60)
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus(Qt.FocusReason.PopupFocusReason)
        self.field.selectAll()
        if self.field.text():
            self._timer.start()  # data may have changed since the last search

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._warmed:
            self._warmed = True
            self._warm_up()

    # --- Searching ----------------------------------------------------------------------

    def _warm_up(self) -> None:
        service = self._services.search

        def warm() -> SearchResults:
            try:
                service.warm_up()
            except Exception:  # only a head start: the search itself reports any error
                pass
            return SearchResults("")

        self._in_flight = True
        self.loader.load(warm)

    def _on_field_text_changed(self, _text: str) -> None:
        if self._in_flight:
            self._pending = True
        else:
            self._timer.start()

    def _run_search(self) -> None:
        self._pending = False
        query = self.field.text()
        if match_expression(query) is None:
            self.loader.cancel()
            self._in_flight = False
            self._show(SearchResults(query))
            return
        service = self._services.search
        self._in_flight = True
        self.loader.load(lambda: service.search(query))

    def _after_search(self) -> None:
        self._in_flight = False
        if self._pending:
            self._run_search()

    def _on_loader_loaded(self, results: SearchResults) -> None:
        current = results.query == self.field.text()
        self._after_search()
        if current:
            self._show(results)
        # else: typed on meanwhile; the search for the newest text is under way

    def _on_loader_failed(self, exc: object) -> None:
        self._after_search()
        if isinstance(exc, DisputeDeskError):
            self.status.setText(str(exc))
        else:
            self.status.setText(_("The search failed: {reason}").format(reason=exc))

    def _show(self, results: SearchResults) -> None:
        self.results = results
        self.model.set_results(results)
        self.view.expandAll()
        first = self.model.first_hit_index()
        if first.isValid():
            self.view.setCurrentIndex(first)
        if not results.searched:
            self.status.setText(_("Type at least two letters."))
        elif results.empty:
            self.status.setText(_("Nothing found for “{query}”.").format(query=results.query))
        else:
            self.status.setText(_("↑↓ to choose, Enter to open, Esc to close."))
        self.sig_results.emit(results)

    # --- Choosing -----------------------------------------------------------------------

    def move_selection(self, key) -> None:
        hits = [
            self.model.index(r, 0, self.model.index(g, 0))
            for g in range(self.model.rowCount())
            for r in range(self.model.rowCount(self.model.index(g, 0)))
        ]
        if not hits:
            return
        current = self.view.currentIndex()
        pos = next((i for i, ix in enumerate(hits) if ix == current), -1)
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5}.get(key, -5)
        pos = max(0, min(len(hits) - 1, pos + step)) if pos >= 0 else 0
        self.view.setCurrentIndex(hits[pos])
        self.view.scrollTo(hits[pos])

    def open_current(self) -> None:
        index = self.view.currentIndex()
        if self.model.hit(index) is None:
            index = self.model.first_hit_index()
        self._on_view_activated(index)

    def _on_view_activated(self, index: QModelIndex) -> None:
        hit = self.model.hit(index)
        if hit is None:
            return
        self.hide()
        if self._on_open is not None:
            self._on_open(hit)
