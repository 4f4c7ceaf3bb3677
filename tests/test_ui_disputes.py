"""Dispute list, the Disputes section and the new-dispute form, driven as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from disputedesk.domain.enums import DisputeCategory, DisputeStage
from disputedesk.ui.disputes.dispute_list import DisputeList
from disputedesk.ui.disputes.dispute_table_model import (
    AMOUNT,
    DEADLINE,
    REFERENCE,
    STAGE,
    TITLE,
    DisputeTableModel,
)
from disputedesk.ui.disputes.disputes_section import DisputesSection
from disputedesk.ui.disputes.new_dispute_dialog import NewDisputeDialog
from disputedesk.ui.events import data_events
from disputedesk.ui.extensions import load_registry
from tests.support_disputes import shop  # noqa: F401


def _titles(lst: DisputeList) -> list[str]:
    m = lst.model
    return sorted(m.index(r, TITLE).data() for r in range(m.rowCount()))


def test_model_passes_qtmodeltester(qtmodeltester, services, shop):  # noqa: F811
    model = DisputeTableModel()
    model.set_lines(services.disputes.lines())
    assert model.rowCount() == 4
    qtmodeltester.check(model)


def test_list_of_one_customer_and_overdue_marked(qtbot, services, shop):  # noqa: F811
    lst = DisputeList(services, synchronous=True)
    qtbot.addWidget(lst)
    assert lst.model.rowCount() == 0  # no customer yet
    lst.set_customer(shop.customer_id)
    assert _titles(lst) == ["Late delivery", "Scratched table", "Wrong invoice"]
    row = lst.model.row_of(shop.late_id)
    cell = lst.model.index(row, DEADLINE)
    assert "overdue" in cell.data()
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is not None
    calm = lst.model.index(lst.model.row_of(shop.calm_id), DEADLINE)
    assert "overdue" not in calm.data()
    assert "3 disputes" in lst.status.text()


def test_activating_a_row_asks_to_open_the_dispute(qtbot, services, shop):  # noqa: F811
    lst = DisputeList(services, synchronous=True)
    qtbot.addWidget(lst)
    lst.set_customer(shop.customer_id)
    seen = []
    data_events().open_requested.connect(lambda kind, ident: seen.append((kind, ident)))
    lst.select_dispute(shop.calm_id)
    index = lst.view.currentIndex()
    lst.view.activated.emit(index)
    assert seen[-1] == ("dispute", shop.calm_id)
    assert lst.selected_dispute_id() == shop.calm_id


def test_section_filters(qtbot, services, shop):  # noqa: F811
    section = DisputesSection(services, synchronous=True)
    qtbot.addWidget(section)
    lst = section.list
    assert _titles(lst) == ["Late delivery", "Scratched table", "Unpaid bread"]  # open only
    section.overdue_check.setChecked(True)
    assert _titles(lst) == ["Scratched table"]
    section.overdue_check.setChecked(False)
    section.category_combo.setCurrentIndex(
        section.category_combo.findData(DisputeCategory.UNPAID_INVOICE)
    )
    assert _titles(lst) == ["Unpaid bread"]
    section.category_combo.setCurrentIndex(0)
    section.stage_combo.setCurrentIndex(section.stage_combo.findData(DisputeStage.RESOLVED))
    assert _titles(lst) == []
    section.closed_check.setChecked(True)
    assert _titles(lst) == ["Wrong invoice"]
    section.stage_combo.setCurrentIndex(0)
    qtbot.keyClicks(section.search_edit, "petit")
    section.search_edit.returnPressed.emit()
    assert _titles(lst) == ["Unpaid bread"]
    section.search_edit.setText("LIT-")
    section.search_edit.returnPressed.emit()
    assert len(_titles(lst)) == 4


def test_list_reloads_when_data_changes(qtbot, services, shop):  # noqa: F811
    lst = DisputeList(services, synchronous=True)
    qtbot.addWidget(lst)
    lst.set_customer(shop.other_customer_id)
    row = lst.model.row_of(shop.other_id)
    assert lst.model.index(row, REFERENCE).data().startswith("LIT-")
    services.disputes.change_stage(shop.other_id, DisputeStage.ACKNOWLEDGED)
    data_events().changed.emit("dispute", shop.other_id)
    qtbot.waitUntil(lambda: "Acknowledged" in lst.model.index(0, STAGE).data())


def test_new_dispute_form_validates_and_opens(qtbot, services, shop):  # noqa: F811
    dialog = NewDisputeDialog(services, shop.other_customer_id, synchronous=True)
    qtbot.addWidget(dialog)
    changed = []
    data_events().changed.connect(lambda kind, ident: changed.append((kind, ident)))
    qtbot.keyClicks(dialog.title_edit, "Burnt croissants")
    qtbot.keyClicks(dialog.amount_edit, "12,x")
    dialog.save()
    assert dialog.dispute is None
    assert "12,x" in dialog.errors.text()
    dialog.amount_edit.setText("1 234,50")
    dialog.save()
    assert dialog.dispute is None
    assert "customer's words" in dialog.errors.text()
    qtbot.keyClicks(dialog.description_edit, "They were black.")
    dialog.save()
    assert dialog.dispute is not None
    saved = services.disputes.get(dialog.dispute.id)
    assert saved.amount.minor == 123_450
    assert saved.title == "Burnt croissants"
    assert ("dispute", saved.id) in changed


def test_header_sort_reloads_in_sql_order(qtbot, services, shop):  # noqa: F811
    lst = DisputeList(services, all_when_no_customer=True, synchronous=True)
    qtbot.addWidget(lst)
    lst.select_dispute(shop.calm_id)
    lst.view.sortByColumn(AMOUNT, Qt.SortOrder.AscendingOrder)
    amounts = [lst.model.line(r).amount.minor for r in range(lst.model.rowCount())]
    assert amounts == sorted(amounts) == [9_900, 12_050, 30_000, 45_000]
    assert lst.selected_dispute_id() == shop.calm_id  # selection kept across the reload
    lst.view.sortByColumn(DEADLINE, Qt.SortOrder.DescendingOrder)
    ids = [lst.model.line(r).id for r in range(lst.model.rowCount())]
    assert ids[:2] == [shop.calm_id, shop.late_id]  # latest deadline first, none last
    lst.view.sortByColumn(STAGE, Qt.SortOrder.AscendingOrder)
    assert lst.model.line(lst.model.rowCount() - 1).id == shop.closed_id  # Resolved is last


def test_pages_arrive_when_scrolling_to_the_end(qtbot, services, shop, monkeypatch):  # noqa: F811
    import disputedesk.ui.disputes.dispute_list as module

    monkeypatch.setattr(module, "PAGE_SIZE", 3)
    lst = DisputeList(services, all_when_no_customer=True, synchronous=True)
    qtbot.addWidget(lst)
    assert lst.model.rowCount() == 3 and lst.model.total == 4
    assert "4 disputes" in lst.status.text() and "1 with an overdue deadline" in lst.status.text()
    assert lst.model.canFetchMore()
    lst.model.fetchMore()
    assert lst.model.rowCount() == 4 and not lst.model.canFetchMore()
    assert len({lst.model.line(r).id for r in range(4)}) == 4


def test_open_new_dispute_contract(qtbot, services, shop, monkeypatch):  # noqa: F811
    from PySide6.QtWidgets import QDialog

    from disputedesk.ui.disputes import new_dispute_dialog as module

    def fake_exec(dialog):
        dialog.title_edit.setText("Broken chair")
        dialog.amount_edit.setText("80")
        dialog.description_edit.setPlainText("The leg broke on day one.")
        dialog.save()  # the real, threaded save
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        return dialog.result()

    monkeypatch.setattr(module.NewDisputeDialog, "exec", fake_exec)
    opened = []
    data_events().open_requested.connect(lambda kind, ident: opened.append((kind, ident)))
    new_id = module.open_new_dispute(None, services, shop.customer_id)
    assert new_id is not None and ("dispute", new_id) in opened
    d = services.disputes.get(new_id)
    assert d.customer_id == shop.customer_id and d.amount.minor == 8_000
    monkeypatch.setattr(module.NewDisputeDialog, "exec", lambda dialog: 0)
    assert module.open_new_dispute(None, services, shop.customer_id) is None


def test_journal_entry_action_runs_the_dialog(qtbot, services, shop, monkeypatch):  # noqa: F811
    from PySide6.QtWidgets import QDialog

    from disputedesk.ui.journal import entry_dialog as module

    def fake_exec(dialog):
        dialog.summary_edit.setText("Quick call")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        return dialog.result()

    monkeypatch.setattr(module.EntryDialog, "exec", fake_exec)
    action = next(a for a in load_registry().dispute_actions if a.key == "journal_entry")
    action.run(None, services, shop.late_id)
    assert [e.summary for e in services.journal.list(shop.late_id)] == ["Quick call"]
