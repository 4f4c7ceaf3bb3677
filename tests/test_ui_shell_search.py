"""Global search popup: typed query off the GUI thread, grouped results, Enter opens."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from disputedesk.domain.enums import Channel, DisputeStage
from disputedesk.services.demo_service import seed_demo
from disputedesk.services.search_service import (
    CustomerHit,
    DisputeHit,
    JournalHit,
    SearchResults,
)
from disputedesk.ui.extensions import DisputePanel, Registry, Section
from disputedesk.ui.main_window import MainWindow
from disputedesk.ui.shell.search_popup import SearchPopup
from disputedesk.ui.shell.search_results_model import HitRole, SearchResultsModel


class Panel(QWidget):
    def show_dispute(self, dispute_id):
        self.dispute_id = dispute_id


def registry() -> Registry:
    reg = Registry()
    reg.add_section(Section(key="today", label=lambda: "Today", factory=lambda s, p: QWidget(p)))
    for key, order in (("overview", 0), ("journal", 10)):
        reg.add_dispute_panel(
            DisputePanel(key=key, label=lambda k=key: k, factory=lambda s, p: Panel(p), order=order)
        )
    return reg.sorted()


def sample_results(query="bouquet") -> SearchResults:
    when = datetime(2026, 3, 2, 10, tzinfo=UTC)
    return SearchResults(
        query,
        customers=(CustomerHit(1, "Anaïs Lefèvre", "Lyon", "a@b.example", False),),
        disputes=(
            DisputeHit(2, "LIT-2026-0001", "Bouquet", "Anaïs", DisputeStage.RECEIVED),
            DisputeHit(3, "LIT-2026-0002", "", "Paul", DisputeStage.RESOLVED),
        ),
        journal=(JournalHit(4, 2, "LIT-2026-0001", when, Channel.PHONE, "Appel", "…bouquet…"),),
        more_journal=True,
    )


def test_results_model_passes_qtmodeltester(qtmodeltester):
    model = SearchResultsModel()
    qtmodeltester.check(model)
    model.set_results(sample_results())
    qtmodeltester.check(model)
    assert [model.index(g, 0).data() for g in range(model.rowCount())] == [
        "Customers",
        "Disputes",
        "Journal entries (the 1 newest)",
    ]
    disputes = model.index(1, 0)
    assert model.rowCount(disputes) == 2
    first = model.index(0, 0, disputes)
    assert first.data().startswith("LIT-2026-0001 — Bouquet\nAnaïs · Received")
    assert first.data(HitRole).id == 2
    assert not (model.flags(disputes) & Qt.ItemFlag.ItemIsSelectable)
    model.set_results(SearchResults("x"))
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_a_stale_result_is_dropped(qtbot, services):
    popup = SearchPopup(services, synchronous=True)
    qtbot.addWidget(popup)
    popup.field.setText("bouquet fane")
    popup._on_loader_loaded(sample_results("bouquet"))  # the answer to an older text
    assert popup.model.rowCount() == 0
    popup._on_loader_loaded(sample_results("bouquet fane"))
    assert popup.model.rowCount() == 3


def test_search_finds_a_journal_word_and_enter_opens_its_dispute(qtbot, services):
    seed_demo(services)
    entry_dispute = next(h.dispute_id for h in services.search.search("mediateur").journal)
    window = MainWindow(services, registry=registry(), synchronous=True)
    qtbot.addWidget(window)
    window.show()
    window.search_action.trigger()
    popup = window.search_popup
    assert popup.isVisible()
    qtbot.keyClicks(popup.field, "mediateur")
    qtbot.waitUntil(lambda: popup.results is not None and popup.results.query == "mediateur")
    groups = [popup.model.index(g, 0).data() for g in range(popup.model.rowCount())]
    assert any(g.startswith("Journal entries") for g in groups)
    # Arrow down to the first journal hit, then Enter.
    journal_group = next(g for g, t in enumerate(groups) if t.startswith("Journal entries"))
    target = popup.model.index(0, 0, popup.model.index(journal_group, 0))
    popup.view.setCurrentIndex(target)
    hit = popup.model.hit(target)
    assert "médiateur" in hit.extract.lower() or "médiateur" in hit.summary.lower()
    qtbot.keyClick(popup.field, Qt.Key.Key_Return)
    assert not popup.isVisible()
    page = window.dispute_page
    assert window.pages.currentWidget() is page
    assert page.dispute_id == hit.dispute_id
    assert page.tabs.currentWidget() is page.panels["journal"]
    assert hit.dispute_id == entry_dispute


def test_short_or_odd_queries_say_what_to_do(qtbot, services):
    window = MainWindow(services, registry=registry(), synchronous=True)
    qtbot.addWidget(window)
    window.open_search()
    popup = window.search_popup
    popup.field.setText("l'")
    qtbot.waitUntil(lambda: popup.results is not None and popup.results.query == "l'")
    assert popup.status.text() == "Type at least two letters."
    popup.field.setText("l'atelier \"AND")
    qtbot.waitUntil(lambda: popup.results is not None and popup.results.query.endswith("AND"))
    assert popup.status.text().startswith("Nothing found")


def test_keystrokes_during_a_search_are_coalesced_into_one(qtbot):
    asked = []

    class FakeSearch:
        def search(self, text):
            asked.append(text)
            return SearchResults(text)

    class FakeServices:
        search = FakeSearch()

    popup = SearchPopup(FakeServices(), synchronous=True)
    qtbot.addWidget(popup)
    popup._in_flight = True  # a search for "bo" is running
    for text in ("bou", "bouq", "bouque"):
        popup.field.setText(text)
    assert asked == []
    popup._on_loader_loaded(SearchResults("bo"))  # its (stale) answer arrives
    assert asked == ["bouque"]
    assert popup.results.query == "bouque"


class CountingSearch:
    def __init__(self, fail: bool = False) -> None:
        self.warmed = 0
        self.asked: list[str] = []
        self.fail = fail

    def warm_up(self):
        self.warmed += 1
        if self.fail:
            raise RuntimeError("database is locked")

    def search(self, text):
        self.asked.append(text)
        return SearchResults(text)


def popup_with(search) -> SearchPopup:
    class FakeServices:
        pass

    services = FakeServices()
    services.search = search
    return SearchPopup(services, synchronous=True)


def test_the_first_show_warms_the_search_up_once(qtbot):
    search = CountingSearch()
    popup = popup_with(search)
    qtbot.addWidget(popup)
    assert search.warmed == 0
    popup.show()
    assert search.warmed == 1
    assert popup.status.text() == "Type at least two letters."
    assert not popup._in_flight
    popup.hide()
    popup.show()
    assert search.warmed == 1
    popup.field.setText("bouquet")
    qtbot.waitUntil(lambda: popup.results is not None and popup.results.query == "bouquet")
    assert search.asked == ["bouquet"]


def test_a_failed_warm_up_says_nothing(qtbot):
    search = CountingSearch(fail=True)
    popup = popup_with(search)
    qtbot.addWidget(popup)
    popup.show()
    assert search.warmed == 1
    assert popup.status.text() == "Type at least two letters."
    popup.field.setText("bouquet")
    qtbot.waitUntil(lambda: popup.results is not None and popup.results.query == "bouquet")


def test_text_typed_during_the_warm_up_is_searched_after_it(qtbot):
    search = CountingSearch()
    popup = popup_with(search)
    qtbot.addWidget(popup)
    popup._warmed = True  # as if shown: its warm-up is running
    popup._in_flight = True
    popup.show()
    popup.field.setText("bou")
    popup.field.setText("bouq")
    assert search.asked == []
    popup._on_loader_loaded(SearchResults(""))  # the warm-up's answer
    assert search.asked == ["bouq"]
    assert popup.results.query == "bouq"
