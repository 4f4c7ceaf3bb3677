"""The customer list keeps Qt items only for the rows in view (customer_table_model).

A fake customer service with 1,000 rows stands in for the store: these tests are about which
rows have items as the view scrolls, not about SQL.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from disputedesk.services.customer_service import CustomerListRow, CustomerQuery
from disputedesk.ui.customers.customer_table_model import (
    AMOUNT,
    ARCHIVED_ROLE,
    ID_ROLE,
    NAME,
    CustomerTableModel,
)

R = Qt.ItemDataRole
N = 1000


class FakeCustomers:
    def __init__(self) -> None:
        self.rows = [
            CustomerListRow(
                id=10_000 + i,
                company="",
                last_name=f"Client {i:04d}",
                first_name="",
                email=f"c{i}@example.fr",
                phone="",
                city="Lyon",
                archived=False,
                open_disputes=i % 3,
                amount_at_stake_minor=(i % 3) * 1000,
            )
            for i in range(N)
        ]

    def list_rows(self, query, offset=0, limit=200, *, after=None):
        return self.rows[offset : offset + limit]

    def count_matching(self, query):
        return len(self.rows)


@pytest.fixture
def listing(qtbot):
    customers = FakeCustomers()
    services = SimpleNamespace(
        customers=customers, business=SimpleNamespace(get=lambda: SimpleNamespace(currency="EUR"))
    )
    view = QTableView()
    qtbot.addWidget(view)
    model = CustomerTableModel(services, view, synchronous=True)
    model.TRIM_DELAY_MS = 10
    view.setModel(model)
    model.attach(view)
    view.resize(600, 400)
    view.show()
    model.set_query(CustomerQuery())
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == N
    view.scrollToTop()
    return SimpleNamespace(view=view, model=model, customers=customers)


def _shown(view) -> range:
    first = view.rowAt(0)
    last = view.rowAt(view.viewport().height() - 1)
    return range(first, last + 1)


def _all_shown_have_items(view, model) -> bool:
    return all(model.index(r, NAME).data() == f"Client {r:04d}" for r in _shown(view))


def test_only_the_rows_in_view_have_items(qtbot, listing):
    view, model = listing.view, listing.model
    qtbot.waitUntil(lambda: _all_shown_have_items(view, model))
    assert model.filled_rows < 200  # of 1,000 loaded
    assert model.index(900, NAME).data() is None
    # What the section reads never depends on the items being there.
    assert model.customer_id(900) == 10_900
    assert model.line(900).cells[NAME] == "Client 0900"
    assert model.row_of(10_900) == 900


def _items_held(model) -> int:
    return sum(
        model.item(row, column) is not None
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    )


def _cells_with_text(model) -> int:
    blocks = model._filled
    rows = [r for r in range(model.rowCount()) if r // model.BLOCK in blocks]
    return sum(bool(text) for r in rows for text in model.line(r).cells)


def test_rows_scrolled_to_get_their_items_and_far_ones_give_them_back(qtbot, listing, monkeypatch):
    import shiboken6

    from disputedesk.ui.customers import customer_table_model

    deleted = []
    real_delete = shiboken6.delete

    def delete(item):
        deleted.append(1)
        real_delete(item)

    # Items taken back from the model must be freed (takeItem() does not give Python their
    # ownership): an emptied block that kept its items would hold their memory for good.
    monkeypatch.setattr(customer_table_model.shiboken6, "delete", delete)
    view, model = listing.view, listing.model
    view.scrollTo(model.index(600, NAME), QTableView.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: _all_shown_have_items(view, model))
    row = model.index(601, NAME)
    assert row.data(ID_ROLE) == 10_601 and row.data(ARCHIVED_ROLE) is False
    assert model.index(601, AMOUNT).data(R.TextAlignmentRole) is not None
    # A cell without a text has no item: it paints the same (blank), and costs nothing.
    assert model.index(600, AMOUNT).data() is None and model.item(600, AMOUNT) is None
    assert model.customer_id(600) == 10_600  # what opening a row reads, from any column
    held_before = _items_held(model)
    assert held_before == _cells_with_text(model)
    # Once the scrolling pauses, the first rows (far above) are emptied...
    qtbot.waitUntil(lambda: model.index(0, NAME).data() is None)
    qtbot.waitUntil(lambda: not model._trim_timer.isActive())
    assert model.filled_rows <= 2 * model.KEEP + 2 * model.BLOCK + len(_shown(view))
    # ...their items are freed, and the model holds items only for the cells with a text in
    # the rows still filled...
    assert _items_held(model) == _cells_with_text(model) < held_before
    assert len(deleted) == held_before - _items_held(model)
    # ...and get the same text again when scrolled back to.
    view.scrollToTop()
    qtbot.waitUntil(lambda: _all_shown_have_items(view, model))
    assert model.index(0, NAME).data() == "Client 0000"


def test_a_refresh_updates_the_changed_row_and_keeps_the_selection(qtbot, listing):
    view, model, customers = listing.view, listing.model, listing.customers
    qtbot.waitUntil(lambda: _all_shown_have_items(view, model))
    view.setCurrentIndex(model.index(3, NAME))
    customers.rows[1] = replace(customers.rows[1], archived=True)
    model.refresh()
    cell = model.index(1, NAME)
    assert cell.data(R.FontRole).italic() and cell.data(ARCHIVED_ROLE) is True
    assert cell.data(R.ToolTipRole) == "Client 0001 (archived)"
    assert view.currentIndex().row() == 3  # same customers, same order: no reset

    customers.rows[1] = replace(customers.rows[1], archived=False)
    model.refresh()
    cell = model.index(1, NAME)
    # The archived look does not linger on the row's new items.
    assert cell.data(R.FontRole) is None and cell.data(R.ForegroundRole) is None
    assert cell.data(R.ToolTipRole) == "Client 0001"
    assert view.currentIndex().row() == 3


def test_a_hidden_list_does_not_fill_every_row(qtbot, listing):
    view, model = listing.view, listing.model
    view.hide()
    model.set_query(replace(model.query, descending=True))
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == N
    assert model.filled_rows < 200


def test_archived_rows_follow_a_palette_change(qtbot, listing):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    view, model, customers = listing.view, listing.model, listing.customers
    customers.rows[2] = replace(customers.rows[2], archived=True)
    model.refresh()
    qtbot.waitUntil(lambda: _all_shown_have_items(view, model))
    before = QApplication.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#123456"))
    try:
        QApplication.setPalette(dark)
        model.restyle()  # what the section does on its PaletteChange event
        brush = model.index(2, NAME).data(R.ForegroundRole)
        assert brush.color() == QColor("#123456")
        assert model.index(2, NAME).data() == "Client 0002"
        assert model.index(3, NAME).data(R.ForegroundRole) is None
    finally:
        QApplication.setPalette(before)
