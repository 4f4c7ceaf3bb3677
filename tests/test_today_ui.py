"""The Today section: lines from every source, overdue first in red, click/Enter opens."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from disputedesk.domain.enums import DisputeStage as S
from disputedesk.ui.events import data_events
from disputedesk.ui.extensions import TodayItem, TodaySource, load_registry
from disputedesk.ui.guidance.extension import agenda_items
from disputedesk.ui.today.today_view import OVERDUE, TodayTableModel, TodayView
from tests.support_guidance import make_dispute


def _other_area(services, now):
    return [
        TodayItem(
            due=now + timedelta(hours=1), title="Letter follow-up", dispute_id=None, customer_id=77
        )
    ]


def _broken(services, now):
    raise RuntimeError("boom")


@pytest.fixture
def sources():
    return [
        TodaySource("agenda", agenda_items),
        TodaySource("letters", _other_area),
        TodaySource("broken", _broken),
    ]


def _rows(view):
    return [view.model.item(r) for r in range(view.model.rowCount())]


def test_today_lists_everything_and_follows_changes(qtbot, services, sources):
    now = datetime.now(UTC)
    late = make_dispute(services, received_at=now - timedelta(days=20), last_name="Late")
    services.tasks.add("Rappeler", now - timedelta(hours=2), dispute_id=late.id, kind="call_back")
    view = TodayView(services, sources=sources)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitUntil(lambda: view.collected is not None)
    titles = [i.title for i in _rows(view)]
    assert set(titles[:2]) == {"Acknowledge the complaint", "Call back: Rappeler"}
    assert "Letter follow-up" in titles
    assert all(i.overdue for i in _rows(view)[:2])  # overdue first
    assert view.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE
    assert view.model.index(0, 0).data().startswith("Overdue")
    assert "broken" in view.problem.text()  # named, the others still shown
    assert "3 things to do" in view.summary.text()

    # Acknowledging elsewhere and saying so: the line goes away.
    services.disputes.change_stage(late.id, S.ACKNOWLEDGED)
    data_events().changed.emit("dispute", late.id)
    qtbot.waitUntil(lambda: len(_rows(view)) == 2)
    assert "Acknowledge the complaint" not in [i.title for i in _rows(view)]

    # A new task added and announced appears.
    services.tasks.add("Envoyer le devis", now + timedelta(minutes=5), dispute_id=late.id)
    data_events().changed.emit("task", 0)
    qtbot.waitUntil(lambda: len(_rows(view)) == 3)


def test_click_and_enter_open_the_dispute(qtbot, services, sources):
    now = datetime.now(UTC)
    d = make_dispute(services, received_at=now - timedelta(days=20))
    view = TodayView(services, sources=sources[:2])
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitUntil(lambda: view.collected is not None and view.model.rowCount() == 2)
    opened = []
    data_events().open_requested.connect(lambda kind, ident: opened.append((kind, ident)))
    rect = view.table.visualRect(view.model.index(0, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [("dispute", d.id)]
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(1, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened[-1] == ("customer", 77)


def test_empty_day(qtbot, services):
    view = TodayView(services, sources=[TodaySource("agenda", agenda_items)], synchronous=True)
    qtbot.addWidget(view)
    view.show()
    assert view.model.rowCount() == 0
    assert view.empty.isVisible() and not view.table.isVisible()


def test_item_model(qtmodeltester):
    now = datetime.now(UTC)
    model = TodayTableModel()
    model.set_items(
        (
            TodayItem(due=now - timedelta(days=1), title="A", overdue=True, dispute_id=1),
            TodayItem(due=now, title="B", detail="LIT-2026-0001"),
        ),
        now,
    )
    qtmodeltester.check(model)
    assert model.index(1, 2).data() == "LIT-2026-0001"
    assert model.index(1, 0).data().startswith("Today")


def test_registered_in_the_main_window_registry():
    registry = load_registry()
    today = next(s for s in registry.sections if s.key == "today")
    assert today.order == 0 and today.shortcut == "Ctrl+1"
    assert registry.sections[0].key == "today"
    assert {"timeline", "guidance"} <= {p.key for p in registry.dispute_panels}
    assert "agenda" in {s.key for s in registry.today_sources}
    hours = next(a for a in registry.menu_actions if a.key == "opening_hours")
    assert hours.menu == "tools" and hours.label().startswith("Opening hours")
