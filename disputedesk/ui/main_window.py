"""The main window: navigation built from the extension registry, the dispute page, menus.

It delegates: sections, panels and commands come from `ui/extensions.py`; the dispute page,
the welcome screen, global search and layout memory live in `ui/shell/`. Navigation requests
arrive through `ui/events.py` (`open_requested`, `section_requested`). Nothing here touches
the database: the few reads the window needs run off the GUI thread.

Widgets shown in the window may offer `has_unsaved_changes() -> bool`: closing the window
then asks before anything typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from disputedesk import APP_NAME, __version__
from disputedesk.i18n import _, ngettext
from disputedesk.services import Services
from disputedesk.ui.events import data_events
from disputedesk.ui.extensions import Menu, Registry, Section, load_registry
from disputedesk.ui.shell.ui_state import UiState
from disputedesk.ui.timeline.loader import BackgroundLoader

if TYPE_CHECKING:
    from disputedesk.ui.shell.dispute_page import DisputePage

PREPARE_TABS_AFTER_MS = 1000  # after the first paint
HISTORY_LIMIT = 50
# SECTION_KEY_ROLE, as its number: touching PySide's `Qt` namespace builds its ~100
# Python enums (tens of milliseconds), which can wait until after the first paint.
SECTION_KEY_ROLE = 0x0100


@dataclass(frozen=True)
class Location:
    kind: str  # "section" or "dispute"
    key: str = ""
    ident: int = 0


@dataclass(frozen=True)
class StartInfo:
    customers: int
    business_set_up: bool

    @property
    def empty(self) -> bool:
        return self.customers == 0 and not self.business_set_up


def read_start_info(services: Services) -> StartInfo:
    return StartInfo(
        services.customers.count(include_archived=True), services.business.get().is_set_up
    )


class _SectionError(QLabel):
    def __init__(self, text: str, parent=None) -> None:
        from PySide6.QtCore import Qt

        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        *,
        registry: Registry | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__()
        self._services = services
        self._registry = registry or load_registry()
        self._synchronous = synchronous
        self._sections: dict[str, Section] = {s.key: s for s in self._registry.sections}
        self._section_widgets: dict[str, QWidget] = {}
        self._dispute_page: DisputePage | None = None
        self._history: list[Location] = []
        self._location: Location | None = None
        self._shown_once = False
        self._search_popup = None
        self._welcome = None
        self.setWindowTitle(APP_NAME)
        self.setObjectName("MainWindow")
        paths = getattr(getattr(services, "store", None), "paths", None)
        self._ui_state = UiState(paths.ui_state_file if paths is not None else None)

        # Central area: [welcome screen] or [navigation | pages].
        self.root = QStackedWidget(self)
        self.nav = QListWidget()
        self.nav.setAccessibleName(_("Sections"))
        self.nav.setObjectName("navigation")
        # Roomier rows than a plain list: this is the window's main navigation.
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 7px 10px; }")
        for section in self._registry.sections:
            item = QListWidgetItem(section.label())
            item.setData(SECTION_KEY_ROLE, section.key)
            if section.shortcut:
                keys = QKeySequence(section.shortcut).toString(
                    QKeySequence.SequenceFormat.NativeText
                )
                item.setToolTip(f"{section.label()} ({keys})")
            self.nav.addItem(item)
        self.nav.currentItemChanged.connect(self._on_nav_current_item_changed)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.splitter = QSplitter()  # horizontal
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 1000])
        self.root.addWidget(self.splitter)
        self.setCentralWidget(self.root)

        self._build_menus()
        self.statusBar().showMessage(_("Ready"), 3000)
        self.resize(1180, 760)
        self._restore_layout()

        events = data_events()
        events.open_requested.connect(self._on_events_open_requested)
        events.section_requested.connect(self._on_events_section_requested)

        # Is the store empty (welcome screen)? Read off the GUI thread.
        self._start_loader = BackgroundLoader(self, synchronous=synchronous)
        self._start_loader.sig_loaded.connect(self._on_start_loader_loaded)
        opening = self._registry.first_section(self._ui_state.get_text("section"))
        first = opening.key if opening is not None else None
        # Only the navigation and the menus are built before the first paint, so the window
        # appears at once: the dispute page, the first section (their modules are imported
        # then) and the start-up read come right after it (a read holds Python's lock while
        # its query is prepared: it would delay the paint). Synchronous mode (tests) does it
        # all now.
        self._first_section = first
        # Its row is current already: otherwise the list, taking the focus when the window
        # appears, would make its first row current and build that section before the paint.
        self._select_nav(first)
        if synchronous:
            self._after_first_paint()

    # --- Menus --------------------------------------------------------------------------

    def _build_menus(self) -> None:
        # Shortcuts are set with setShortcuts([...]): setShortcut's overloads make PySide
        # build every Qt.* enum on the first call (tens of milliseconds before the paint).
        bar = self.menuBar()
        self.file_menu = bar.addMenu(_("&File"))
        self.view_menu = bar.addMenu(_("&View"))
        self.dispute_menu = bar.addMenu(_("&Dispute"))
        self.tools_menu = bar.addMenu(_("&Tools"))
        self.help_menu = bar.addMenu(_("&Help"))
        menus = {
            Menu.FILE: self.file_menu,
            Menu.DISPUTE: self.dispute_menu,
            Menu.TOOLS: self.tools_menu,
            Menu.HELP: self.help_menu,
        }
        self.menu_actions: dict[str, QAction] = {}
        for spec in self._registry.menu_actions:
            action = QAction(spec.label(), self)
            if spec.shortcut:
                action.setShortcuts([QKeySequence(spec.shortcut)])
            action.triggered.connect(lambda _checked=False, s=spec: s.run(self, self._services))
            menus.get(spec.menu, self.tools_menu).addAction(action)
            self.menu_actions[spec.key] = action

        self.file_menu.addSeparator()
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcuts([QKeySequence("Ctrl+Q")])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.search_action = QAction(_("&Search everything…"), self)
        self.search_action.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence("Ctrl+F")])
        self.search_action.triggered.connect(self.open_search)
        self.view_menu.addAction(self.search_action)
        self.refresh_action = QAction(_("&Refresh"), self)
        self.refresh_action.setShortcuts([QKeySequence("F5")])
        self.refresh_action.triggered.connect(self.refresh)
        self.view_menu.addAction(self.refresh_action)
        self.back_action = QAction(_("&Back"), self)
        self.back_action.setShortcuts([QKeySequence("Alt+Left")])
        self.back_action.setEnabled(False)
        self.back_action.triggered.connect(self.go_back)
        self.view_menu.addAction(self.back_action)
        self.view_menu.addSeparator()
        self.section_actions: dict[str, QAction] = {}
        for section in self._registry.sections:
            action = QAction(section.label(), self)
            if section.shortcut:
                action.setShortcuts([QKeySequence(section.shortcut)])
            action.triggered.connect(lambda _checked=False, k=section.key: self.show_section(k))
            self.view_menu.addAction(action)
            self.section_actions[section.key] = action

        # The dispute page's commands join the Dispute menu, disabled, when the page is built
        # (right after the first paint).
        if self.dispute_menu.actions() and self._registry.dispute_actions:
            self.dispute_menu.addSeparator()
        if not self.dispute_menu.actions() and not self._registry.dispute_actions:
            self.dispute_menu.menuAction().setVisible(False)

        self.help_menu.addSeparator()
        self.about_action = QAction(_("&About DisputeDesk"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def _ensure_dispute_page(self) -> DisputePage:
        if self._dispute_page is None:
            from disputedesk.ui.shell.dispute_page import DisputePage

            page = DisputePage(
                self._services,
                self._registry.dispute_panels,
                self._registry.dispute_actions,
                self.pages,
                synchronous=self._synchronous,
            )
            page.setObjectName("disputePage")
            page.sig_back.connect(self.go_back)
            page.sig_loaded.connect(self._on_dispute_page_loaded)
            self.pages.addWidget(page)
            for spec in self._registry.dispute_actions:
                self.dispute_menu.addAction(page.actions_by_key[spec.key])
            self._dispute_page = page
        return self._dispute_page

    # --- Navigation ---------------------------------------------------------------------

    @property
    def location(self) -> Location | None:
        return self._location

    @property
    def dispute_page(self) -> DisputePage | None:
        return self._dispute_page

    def section_widget(self, key: str) -> QWidget | None:
        """The section's widget, created on first use (None for an unknown key)."""
        widget = self._section_widgets.get(key)
        if widget is not None:
            return widget
        section = self._sections.get(key)
        if section is None:
            return None
        try:
            widget = section.factory(self._services, self.pages)
        except Exception as exc:  # one area's failure must not close the window
            widget = _SectionError(
                _("“{section}” cannot be shown: {reason}").format(
                    section=section.label(), reason=exc
                )
            )
        widget.setObjectName(f"section-{key}")
        self.pages.addWidget(widget)
        self._section_widgets[key] = widget
        return widget

    def show_section(self, key: str, *, remember: bool = True) -> QWidget | None:
        widget = self.section_widget(key)
        if widget is None:
            self.statusBar().showMessage(_("This part of DisputeDesk is not available."), 5000)
            return None
        self._go(Location("section", key=key), remember)
        return widget

    def open_dispute(self, dispute_id: int, *, remember: bool = True) -> DisputePage:
        page = self._ensure_dispute_page()
        page.show_dispute(dispute_id)
        self._go(Location("dispute", ident=dispute_id), remember)
        return page

    def open_customer(self, customer_id: int) -> None:
        widget = self.show_section("customers")
        if widget is None:
            return
        select = getattr(widget, "select_customer", None)
        if callable(select):
            select(customer_id)

    def go_back(self) -> None:
        while self._history:
            target = self._history.pop()
            if target == self._location:
                continue
            if target.kind == "dispute":
                self.open_dispute(target.ident, remember=False)
            else:
                self.show_section(target.key, remember=False)
            break
        self.back_action.setEnabled(bool(self._history))

    def _go(self, location: Location, remember: bool) -> None:
        if remember and self._location is not None and self._location != location:
            self._history.append(self._location)
            del self._history[:-HISTORY_LIMIT]
        self._location = location
        self.back_action.setEnabled(bool(self._history))
        if location.kind == "dispute":
            page = self._ensure_dispute_page()
            self.pages.setCurrentWidget(page)
            page.set_active(True)
            self._select_nav(None)
        else:
            if self._dispute_page is not None:
                self._dispute_page.set_active(False)
            self.pages.setCurrentWidget(self._section_widgets[location.key])
            self._select_nav(location.key)
            self._ui_state.set_text("section", location.key)

    def _select_nav(self, key: str | None) -> None:
        self.nav.blockSignals(True)
        try:
            if key is None:
                self.nav.clearSelection()
                self.nav.setCurrentRow(-1)
                return
            for row in range(self.nav.count()):
                if self.nav.item(row).data(SECTION_KEY_ROLE) == key:
                    self.nav.setCurrentRow(row)
                    return
        finally:
            self.nav.blockSignals(False)

    def _on_nav_current_item_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.show_section(current.data(SECTION_KEY_ROLE))

    def _on_events_open_requested(self, kind: str, ident: int) -> None:
        self.leave_welcome()
        if kind == "dispute":
            self.open_dispute(int(ident))
        elif kind == "customer":
            self.open_customer(int(ident))

    def _on_events_section_requested(self, key: str) -> None:
        self.leave_welcome()
        self.show_section(key)

    def _on_dispute_page_loaded(self, _dispute_id: int) -> None:
        header = self._dispute_page.header if self._dispute_page else None
        if header is not None:
            self.statusBar().showMessage(
                _("Dispute {reference} — {customer}").format(
                    reference=header.dispute.reference, customer=header.customer_name
                ),
                5000,
            )

    # --- Commands -----------------------------------------------------------------------

    def refresh(self) -> None:
        """F5: every view reloads (they listen to data_events().changed)."""
        data_events().changed.emit("all", 0)
        self.statusBar().showMessage(_("Refreshed."), 3000)

    def open_search(self) -> None:
        from disputedesk.ui.shell.search_popup import SearchPopup

        if self._search_popup is None:
            self._search_popup = SearchPopup(
                self._services, self, on_open=self.open_hit, synchronous=self._synchronous
            )
        self._search_popup.popup_over(self)

    @property
    def search_popup(self):
        return self._search_popup

    def open_hit(self, hit) -> None:
        """A search result chosen: ask for it the way every view does (data_events)."""
        from disputedesk.services.search_service import CustomerHit, DisputeHit, JournalHit

        events = data_events()
        if isinstance(hit, CustomerHit):
            events.open_requested.emit("customer", hit.id)
        elif isinstance(hit, DisputeHit):
            events.open_requested.emit("dispute", hit.id)
        elif isinstance(hit, JournalHit):
            events.open_requested.emit("dispute", hit.dispute_id)
            if self._dispute_page is not None and self._dispute_page.dispute_id == hit.dispute_id:
                self._dispute_page.select_panel("journal")

    def show_about(self) -> None:
        paths = getattr(getattr(self._services, "store", None), "paths", None)
        folder = str(paths.root) if paths is not None else ""
        QMessageBox.about(
            self,
            _("About DisputeDesk"),
            _(
                "DisputeDesk {version}\n\nHandle disputes with your customers the way good "
                "practice and French law say, offline.\n\nYour data: {folder}"
            ).format(version=__version__, folder=folder),
        )

    # --- Welcome ------------------------------------------------------------------------

    def _on_start_loader_loaded(self, info: StartInfo) -> None:
        if info.empty:
            self.show_welcome()
        else:
            self.statusBar().showMessage(
                ngettext(
                    "{count} customer in this data folder.",
                    "{count} customers in this data folder.",
                    info.customers,
                ).format(count=info.customers),
                5000,
            )

    def show_welcome(self) -> None:
        from disputedesk.ui.shell.welcome import WelcomePage

        if self._welcome is None:
            self._welcome = WelcomePage(self._services, self, synchronous=self._synchronous)
            self._welcome.sig_done.connect(self._on_welcome_done)
            self.root.addWidget(self._welcome)
        self.root.setCurrentWidget(self._welcome)

    def _on_welcome_done(self, next_section: str) -> None:
        self.leave_welcome()
        if next_section in self._sections:
            self.show_section(next_section)

    def leave_welcome(self) -> None:
        if self._welcome is None:
            return
        welcome, self._welcome = self._welcome, None
        self.root.setCurrentWidget(self.splitter)
        self.root.removeWidget(welcome)
        welcome.deleteLater()
        data_events().changed.emit("all", 0)

    @property
    def welcome(self):
        return self._welcome

    # --- Layout memory and closing ------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self._ui_state.get_bytes("window")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self._ui_state.get_bytes("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        self._ui_state.set_bytes("window", self.saveGeometry())
        self._ui_state.set_bytes("splitter", self.splitter.saveState())
        self._ui_state.save()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._shown_once:
            # After the first paint, not at show time: timers queued by showEvent would run
            # in the same event-loop pass, before the window is on screen.
            self._shown_once = True
            if not self._synchronous:
                QTimer.singleShot(0, self, self._after_first_paint)
            QTimer.singleShot(50, self, self._run_window_shown_hooks)

    def _after_first_paint(self) -> None:
        self._start_loader.load(lambda services=self._services: read_start_info(services))
        page = self._ensure_dispute_page()
        self._show_first_section()
        # The dispute page's tabs, built while the owner reads the first screen: the first
        # dispute opened then shows in ~40 ms instead of ~220 ms (bench/bench_window.py).
        QTimer.singleShot(PREPARE_TABS_AFTER_MS, page, page.prepare_panels)

    def _show_first_section(self) -> None:
        first, self._first_section = self._first_section, None
        if first and self._location is None:
            self.show_section(first, remember=False)

    def _run_window_shown_hooks(self) -> None:
        for hook in self._registry.on_window_shown:
            try:
                hook(self, self._services)
            except Exception as exc:  # a hook's bug must not close the window
                self.statusBar().showMessage(str(exc), 8000)

    def _unsaved_widgets(self) -> list[QWidget]:
        widgets = list(self._section_widgets.values())
        if self._dispute_page is not None:
            widgets.append(self._dispute_page)
        result = []
        for widget in widgets:
            check = getattr(widget, "has_unsaved_changes", None)
            try:
                if callable(check) and check():
                    result.append(widget)
            except Exception:
                continue
        return result

    def closeEvent(self, event) -> None:
        if self._unsaved_widgets():
            answer = QMessageBox.question(
                self,
                _("Unsaved changes"),
                _("Some changes are not saved yet. Close DisputeDesk and lose them?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        self.save_layout()
        super().closeEvent(event)
