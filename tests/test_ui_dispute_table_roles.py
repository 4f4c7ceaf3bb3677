"""The dispute list's item model answers every role a painted cell asks for (data() is on the
repaint path, so it compares plain ints; this keeps its answers what the view needs)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from disputedesk.ui.disputes.dispute_table_model import (
    AMOUNT,
    CUSTOMER,
    DEADLINE,
    ID_ROLE,
    OVERDUE_COLOR,
    REFERENCE,
    STAGE,
    TITLE,
    DisputeTableModel,
)
from tests.support_disputes import shop  # noqa: F401


def test_every_role_of_a_painted_cell(services, shop):  # noqa: F811
    R = Qt.ItemDataRole
    model = DisputeTableModel()
    model.set_lines(services.disputes.lines(customer_id=shop.customer_id))
    late = model.row_of(shop.late_id)
    calm = model.row_of(shop.calm_id)
    line = model.line(late)

    cells = [model.index(late, col) for col in range(model.columnCount())]
    assert cells[REFERENCE].data() == line.reference
    assert cells[TITLE].data() == line.title == cells[TITLE].data(R.ToolTipRole)
    assert cells[CUSTOMER].data(R.ToolTipRole) == line.customer_name
    assert cells[STAGE].data(R.ToolTipRole) is None
    assert "overdue" in cells[DEADLINE].data()
    assert cells[DEADLINE].data(R.ForegroundRole) == OVERDUE_COLOR
    assert cells[TITLE].data(R.ForegroundRole) is None
    assert model.index(calm, DEADLINE).data(R.ForegroundRole) is None
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert [c.data(R.TextAlignmentRole) for c in cells] == [
        right if col == AMOUNT else None for col in range(len(cells))
    ]
    assert {c.data(ID_ROLE) for c in cells} == {shop.late_id}
    for role in (R.FontRole, R.DecorationRole, R.CheckStateRole, R.BackgroundRole):
        assert cells[REFERENCE].data(role) is None
    assert model.data(model.index(-1, -1)) is None
    assert model.data(model.createIndex(99, REFERENCE)) is None
