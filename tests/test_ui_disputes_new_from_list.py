"""A new dispute from the Disputes page: pick the customer, then the usual form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog

from disputedesk.domain.enums import CustomerKind
from disputedesk.domain.records import CustomerDraft
from disputedesk.ui.disputes import customer_picker, new_dispute_dialog
from disputedesk.ui.disputes.customer_picker import CustomerPickerDialog
from disputedesk.ui.disputes.disputes_section import DisputesSection
from disputedesk.ui.events import data_events
from tests.support_disputes import shop  # noqa: F401


def _names(dialog: CustomerPickerDialog) -> list[str]:
    return [dialog.results.item(i).text() for i in range(dialog.results.count())]


def test_picker_searches_and_enter_picks(qtbot, services, shop):  # noqa: F811
    services.customers.create(
        CustomerDraft(kind=CustomerKind.INDIVIDUAL, first_name="Zoé", last_name="O'Brien")
    )
    dialog = CustomerPickerDialog(services, synchronous=True)
    qtbot.addWidget(dialog)
    assert len(_names(dialog)) == 3  # every customer before anything is typed
    assert any("Marie Durand" in n and "2 open disputes" in n for n in _names(dialog))
    qtbot.keyClicks(dialog.search_edit, "boulang")
    dialog.search_now()  # what the debounce timer does
    assert len(_names(dialog)) == 1 and "Boulangerie Petit" in _names(dialog)[0]
    assert dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.customer_id == shop.other_customer_id


def test_picker_arrow_keys_and_apostrophes(qtbot, services, shop):  # noqa: F811
    obrien = services.customers.create(
        CustomerDraft(kind=CustomerKind.INDIVIDUAL, first_name="Zoé", last_name="O'Brien")
    )
    dialog = CustomerPickerDialog(services, synchronous=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search_edit, "o'brien")
    dialog.search_now()
    assert len(_names(dialog)) == 1 and "O'Brien" in _names(dialog)[0]
    dialog.search_edit.clear()
    dialog.search_now()
    start = dialog.results.currentRow()
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Down)
    assert dialog.results.currentRow() == start + 1
    assert dialog.search_edit.hasFocus() or not dialog.isVisible()
    ids = [
        dialog.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.results.count())
    ]
    assert obrien.id in ids


def test_picker_says_why_nothing_is_offered(qtbot, services, shop):  # noqa: F811
    dialog = CustomerPickerDialog(services, synchronous=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search_edit, "nobody by that name")
    dialog.search_now()
    assert dialog.results.count() == 0
    assert "No customer matches" in dialog.status.text()
    assert "nobody by that name" in dialog.status.text()
    assert not dialog.ok_button.isEnabled()
    dialog.choose()  # Enter on an empty list does nothing
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_picker_on_an_empty_store(qtbot, services):
    dialog = CustomerPickerDialog(services, synchronous=True)
    qtbot.addWidget(dialog)
    assert dialog.results.count() == 0
    assert "no customer yet" in dialog.status.text()


def test_enter_before_the_list_caught_up_picks_from_the_new_list(qtbot, services, shop):  # noqa: F811
    dialog = CustomerPickerDialog(services)  # threaded, as in the app
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.reader.busy)
    dialog.search_edit.setText("boulangerie")  # the debounce timer is now running
    dialog.choose()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert dialog.customer_id == shop.other_customer_id


def test_new_dispute_from_the_disputes_page(qtbot, services, shop, monkeypatch):  # noqa: F811
    def pick(dialog):
        dialog.search_edit.setText("Boulangerie")
        dialog.search_now()
        qtbot.waitUntil(lambda: dialog.results.count() == 1)
        dialog.choose()
        return dialog.result()

    def fill(dialog):
        assert dialog.customer_label.text() == "Boulangerie Petit"
        dialog.title_edit.setText("Stale bread")
        dialog.amount_edit.setText("35")
        dialog.description_edit.setPlainText("Three loaves were stale.")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        return dialog.result()

    monkeypatch.setattr(customer_picker.CustomerPickerDialog, "exec", pick)
    monkeypatch.setattr(new_dispute_dialog.NewDisputeDialog, "exec", fill)
    opened = []
    data_events().open_requested.connect(lambda kind, ident: opened.append((kind, ident)))
    section = DisputesSection(services, synchronous=True)
    qtbot.addWidget(section)
    # The page's Ctrl+N (its shortcut, as the keyboard triggers it; the offscreen platform
    # gives no window the keyboard focus, so the key press itself cannot be sent here).
    [shortcut] = [
        s
        for s in section.findChildren(QShortcut)
        if s.key() == QKeySequence(QKeySequence.StandardKey.New)
    ]
    assert shortcut.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    shortcut.activated.emit()
    [(kind, new_id)] = opened
    assert kind == "dispute"
    d = services.disputes.get(new_id)
    assert d.customer_id == shop.other_customer_id and d.title == "Stale bread"


def test_cancelling_the_picker_opens_nothing(qtbot, services, shop, monkeypatch):  # noqa: F811
    monkeypatch.setattr(customer_picker.CustomerPickerDialog, "exec", lambda dialog: 0)
    monkeypatch.setattr(
        new_dispute_dialog.NewDisputeDialog,
        "exec",
        lambda dialog: (_ for _ in ()).throw(AssertionError("form must not open")),
    )
    section = DisputesSection(services, synchronous=True)
    qtbot.addWidget(section)
    assert section.new_dispute() is None
