"""The main window: navigation from the registry, dispute page, welcome screen, layout memory."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from disputedesk.services.demo_service import seed_demo
from disputedesk.ui import main_window
from disputedesk.ui.events import data_events
from disputedesk.ui.extensions import (
    DisputeAction,
    DisputePanel,
    Menu,
    MenuAction,
    Registry,
    Section,
)
from disputedesk.ui.main_window import MainWindow
from disputedesk.ui.shell import welcome as welcome_module


class FakeSection(QLabel):
    def __init__(self, key: str, parent=None) -> None:
        super().__init__(key, parent)
        self.selected: list[int] = []
        self.unsaved = False

    def select_customer(self, customer_id: int) -> None:
        self.selected.append(customer_id)

    def has_unsaved_changes(self) -> bool:
        return self.unsaved


class FakePanel(QWidget):
    def __init__(self, key: str, parent=None) -> None:
        super().__init__(parent)
        self.key = key
        self.shown: list[int] = []

    def show_dispute(self, dispute_id: int | None) -> None:
        self.shown.append(dispute_id)


@pytest.fixture
def calls():
    return []


@pytest.fixture
def registry(calls) -> Registry:
    reg = Registry()
    for key, order in (("today", 0), ("customers", 10), ("disputes", 20)):
        reg.add_section(
            Section(
                key=key,
                label=lambda k=key: k.title(),
                factory=lambda services, parent, k=key: FakeSection(k, parent),
                order=order,
                shortcut=f"Ctrl+{order // 10 + 1}",
            )
        )
    for key, order in (("overview", 0), ("journal", 10)):
        reg.add_dispute_panel(
            DisputePanel(
                key=key,
                label=lambda k=key: k.title(),
                factory=lambda services, parent, k=key: FakePanel(k, parent),
                order=order,
            )
        )
    reg.add_dispute_action(
        DisputeAction(
            key="journal_entry",
            label=lambda: "Add entry",
            run=lambda parent, services, ident: calls.append(("journal_entry", ident)),
        )
    )
    reg.add_dispute_action(
        DisputeAction(
            key="review",
            label=lambda: "Answer review",
            run=lambda parent, services, ident: calls.append(("review", ident)),
            enabled=lambda services, ident: False,
        )
    )
    reg.add_menu_action(
        MenuAction(
            key="tool",
            menu=Menu.TOOLS,
            label=lambda: "A tool",
            run=lambda parent, services: calls.append(("tool", 0)),
        )
    )
    return reg.sorted()


@pytest.fixture
def demo(services):
    seed_demo(services)
    return services


def make_window(qtbot, services, registry) -> MainWindow:
    window = MainWindow(services, registry=registry, synchronous=True)
    qtbot.addWidget(window)
    window.show()
    return window


def test_navigation_builds_sections_lazily_and_follows_requests(qtbot, demo, registry, calls):
    window = make_window(qtbot, demo, registry)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Today",
        "Customers",
        "Disputes",
    ]
    assert window.welcome is None  # the store has customers
    assert window.pages.currentWidget().objectName() == "section-today"
    assert window.section_widget("disputes") is not None
    window.nav.setCurrentRow(1)
    assert window.pages.currentWidget().text() == "customers"
    data_events().section_requested.emit("disputes")
    assert window.pages.currentWidget().text() == "disputes"
    window.section_actions["today"].trigger()
    assert window.pages.currentWidget().text() == "today"
    assert window.nav.currentItem().text() == "Today"
    window.go_back()
    assert window.pages.currentWidget().text() == "disputes"
    window.menu_actions["tool"].trigger()
    assert calls == [("tool", 0)]


def test_open_dispute_shows_header_panels_and_actions_then_back(qtbot, demo, registry, calls):
    dispute = demo.disputes.list(open_only=True)[0]
    customer = demo.customers.get(dispute.customer_id)
    window = make_window(qtbot, demo, registry)
    window.show_section("customers")
    data_events().open_requested.emit("dispute", dispute.id)
    page = window.dispute_page
    assert window.pages.currentWidget() is page
    assert page.reference.text() == dispute.reference
    assert page.customer.text() == customer.display_name
    assert page.stage.text() == dispute.stage.label
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["Overview", "Journal"]
    # Only the visible tab loads at once; the other one when it is shown.
    assert page.panels["overview"].shown == [dispute.id]
    assert page.panels["journal"].shown == []
    page.tabs.setCurrentIndex(1)
    assert page.panels["journal"].shown == [dispute.id]
    # Actions: the one whose `enabled` says no is hidden; the other runs on this dispute.
    assert not page.actions_by_key["review"].isVisible()
    add = page.actions_by_key["journal_entry"]
    assert add.isEnabled() and add in window.dispute_menu.actions()
    add.trigger()
    assert calls == [("journal_entry", dispute.id)]
    # Back (Alt+Left) goes to where the user was, and the dispute's commands switch off.
    window.back_action.trigger()
    assert window.pages.currentWidget().text() == "customers"
    assert not add.isEnabled()


def test_open_customer_selects_it_in_the_customers_section(qtbot, demo, registry):
    customer = demo.customers.search("")[0].customer
    window = make_window(qtbot, demo, registry)
    data_events().open_requested.emit("customer", customer.id)
    widget = window.pages.currentWidget()
    assert widget.text() == "customers"
    assert widget.selected == [customer.id]


def test_missing_dispute_is_said_not_raised(qtbot, demo, registry):
    window = make_window(qtbot, demo, registry)
    window.open_dispute(999_999)
    page = window.dispute_page
    assert page.problem.isVisibleTo(page)
    assert "does not exist" in page.problem.text()


def test_refresh_emits_a_data_change(qtbot, demo, registry):
    window = make_window(qtbot, demo, registry)
    seen = []
    data_events().changed.connect(lambda kind, ident: seen.append((kind, ident)))
    window.refresh_action.trigger()
    assert ("all", 0) in seen
    assert window.refresh_action.shortcut().toString() == "F5"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"


def test_layout_is_remembered(qtbot, demo, registry, data_paths):
    window = make_window(qtbot, demo, registry)
    window.resize(700, 500)
    window.splitter.setSizes([260, 440])
    window.show_section("disputes")
    sizes = window.splitter.sizes()
    window.close()
    assert data_paths.ui_state_file.exists()
    again = make_window(qtbot, demo, registry)
    assert again.size().width() == 700
    assert again.splitter.sizes()[0] == sizes[0] == 260
    assert again.pages.currentWidget().text() == "disputes"


def test_a_damaged_layout_file_is_ignored(qtbot, demo, registry, data_paths):
    data_paths.ui_state_file.write_text("{not json", encoding="utf-8")
    window = make_window(qtbot, demo, registry)
    assert window.pages.currentWidget().text() == "today"


def test_unsaved_changes_are_not_lost_on_close(qtbot, demo, registry, monkeypatch):
    window = make_window(qtbot, demo, registry)
    window.show_section("customers").unsaved = True
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.close()
    assert asked == ["Unsaved changes"]
    assert window.isVisible()


def test_a_failing_section_says_so(qtbot, demo):
    reg = Registry()

    def broken(services, parent):
        raise RuntimeError("boom")

    reg.add_section(Section(key="broken", label=lambda: "Broken", factory=broken))
    window = make_window(qtbot, demo, reg.sorted())
    assert "boom" in window.pages.currentWidget().text()


def test_welcome_on_an_empty_store_then_sample_data_then_the_window(qtbot, services, registry):
    window = make_window(qtbot, services, registry)
    welcome = window.welcome
    assert welcome is not None
    assert window.root.currentWidget() is welcome
    qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)
    assert window.welcome is None
    assert window.root.currentWidget() is window.splitter
    assert window.pages.currentWidget().text() == "today"
    assert services.customers.count() == 12


def test_welcome_offers_the_business_profile_when_available(qtbot, services, registry, monkeypatch):
    opened = []

    def fake_open(parent, svc):
        opened.append(svc)
        return True

    monkeypatch.setattr(welcome_module, "business_profile_opener", lambda: fake_open)
    window = make_window(qtbot, services, registry)
    assert window.welcome.setup_button is not None
    qtbot.mouseClick(window.welcome.setup_button, Qt.MouseButton.LeftButton)
    assert opened == [services]
    assert window.welcome is None
    assert window.pages.currentWidget().text() == "customers"


def test_welcome_sample_data_refused_is_explained(qtbot, services, registry, monkeypatch):
    from disputedesk.domain.errors import ValidationError

    def refuse(svc):
        raise ValidationError("Sample data can only be added to an empty data folder.")

    monkeypatch.setattr(welcome_module, "seed_sample_data", refuse)
    window = make_window(qtbot, services, registry)
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert window.welcome is not None
    assert "empty data folder" in window.welcome.status.text()
    assert window.welcome.demo_button.isEnabled()


def test_real_registry_dispute_page_has_the_registered_tabs(qtbot, demo, monkeypatch):
    # Start-up hooks of other areas may ask questions (e.g. unpaid invoices): answer no.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window = MainWindow(demo, synchronous=True)
    qtbot.addWidget(window)
    window.show()
    dispute = demo.disputes.list(open_only=True)[0]
    page = window.open_dispute(dispute.id)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Timeline" in tabs and "Guidance" in tabs
    assert page.reference.text() == dispute.reference
    assert "packet" in page.actions_by_key


def test_first_section_is_built_after_the_first_paint(qtbot, demo, registry):
    window = MainWindow(demo, registry=registry)
    qtbot.addWidget(window)
    assert window.location is None  # nothing heavy before the window shows
    window.show()
    qtbot.waitUntil(lambda: window.location is not None)
    assert window.pages.currentWidget().text() == "today"
    qtbot.waitUntil(lambda: not window._start_loader.busy)
    assert window.welcome is None


def test_dispute_tabs_are_built_while_idle_before_the_first_dispute(
    qtbot, demo, registry, monkeypatch
):
    monkeypatch.setattr(main_window, "PREPARE_TABS_AFTER_MS", 0)
    window = MainWindow(demo, registry=registry)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.dispute_page is not None)
    page = window.dispute_page
    # Built one per turn of the event loop, in order, with nothing loaded yet.
    qtbot.waitUntil(lambda: page.tabs.count() == 2)
    assert [page.tabs.tabText(i) for i in range(2)] == ["Overview", "Journal"]
    assert page.panels["overview"].shown == [] and page.panels["journal"].shown == []
    assert window.pages.currentWidget() is not page
    qtbot.waitUntil(lambda: not window._start_loader.busy)

    dispute = demo.disputes.list(open_only=True)[0]
    window.open_dispute(dispute.id)
    assert page.tabs.count() == 2  # the same tabs, not built twice
    assert page.panels["overview"].shown == [dispute.id]
    assert page.panels["journal"].shown == []
    qtbot.waitUntil(lambda: page.reference.text() == dispute.reference)
