"""Receivables page: aging strip, two-click payment, disputed flag, pause, worklist, catch-up."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from disputedesk.services.receivables_service import AgingBucket
from disputedesk.ui.receivables.extension import _today_items, catch_up
from disputedesk.ui.receivables.receivables_section import ReceivablesSection
from tests.support_receivables import customer, invoice

TODAY = date(2026, 6, 30)


class FakePrompts:
    def __init__(self):
        self.messages = []
        self.answers = []
        self.path = None

    def ask(self, title, text):
        self.messages.append(text)
        return self.answers.pop(0) if self.answers else False

    def inform(self, title, text):
        self.messages.append(text)

    def warn(self, title, text):
        self.messages.append(text)

    def open_path(self, title, filter_):
        return self.path

    def save_path(self, title, suggested, filter_):
        return self.path


def _section(qtbot, services):
    prompts = FakePrompts()
    w = ReceivablesSection(services, synchronous=True, today=lambda: TODAY, prompts=prompts)
    qtbot.addWidget(w)
    return w, prompts


def _seed(services):
    pro = customer(services, pro=True, name="Martin")
    cons = customer(services, pro=False, name="Dubois")
    invoice(services, pro, "F-1", 1000_00, date(2026, 1, 15))  # 166 days
    invoice(services, cons, "F-2", 200_00, date(2026, 6, 10))  # 20 days
    invoice(services, cons, "F-3", 50_00, date(2026, 7, 10))  # not due
    return pro, cons


def test_aging_strip_totals_and_bucket_filter(qtbot, services):
    _seed(services)
    w, _p = _section(qtbot, services)
    assert w.model.rowCount() == 3
    assert "€1,000.00" in w.bucket_buttons[AgingBucket.OVER_90].text()  # English UI in tests
    assert "(1)" in w.bucket_buttons[AgingBucket.D1_30].text()
    assert "€1,250.00" in w.total_label.text()
    w.bucket_buttons[AgingBucket.D1_30].click()
    assert w.proxy.rowCount() == 1
    w.bucket_buttons[AgingBucket.D1_30].click()
    assert w.proxy.rowCount() == 3


def test_detail_shows_the_claim_with_its_basis(qtbot, services):
    _seed(services)
    w, _p = _section(qtbot, services)
    assert w.select_invoice(services.invoices.list()[0].id)
    text = w.detail.text()
    assert "L441-10" in text and "D441-5" in text and "€40.00" in text
    # a rate is missing for 2026 H2? not for 30/06/2026 (H1): no banner
    assert w.rates_banner.isHidden()


def test_paid_in_full_in_two_clicks(qtbot, services):
    _seed(services)
    w, _p = _section(qtbot, services)
    inv = next(i for i in services.invoices.list() if i.number == "F-2")
    assert w.select_invoice(inv.id)  # click 1: the row
    qtbot.mouseClick(w.pay_full, Qt.MouseButton.LeftButton)  # click 2
    assert services.invoices.get(inv.id).balance.minor == 0
    assert w.model.rowCount() == 2  # paid invoices leave the open list


def test_mark_disputed_and_pause_from_the_page(qtbot, services, monkeypatch):
    from disputedesk.ui.receivables import dialogs

    _seed(services)
    w, _p = _section(qtbot, services)
    inv = next(i for i in services.invoices.list() if i.number == "F-1")
    w.select_invoice(inv.id)

    def fake_exec(self):
        self.reason.setPlainText("Customer says goods damaged")
        self.accept()
        return self.result()

    monkeypatch.setattr(dialogs.ReasonDialog, "exec", fake_exec)
    w.disputed.click()
    assert services.receivables.terms(inv.id).disputed
    w.select_invoice(inv.id)
    assert w.disputed.text().replace("&", "") == "Clear the dispute"
    w.disputed.click()
    assert not services.receivables.terms(inv.id).disputed
    w.select_invoice(inv.id)
    w.pause.click()
    line = next(ln for ln in services.receivables.lines(TODAY) if ln.invoice_id == inv.id)
    assert line.paused and line.pause_reason == "Customer says goods damaged"


def test_worklist_mark_done_and_catch_up_prompt(qtbot, services):
    _seed(services)
    w, prompts = _section(qtbot, services)
    assert w.worklist.model.rowCount() == 2  # F-1 (caught up) and F-2
    assert "(2)" in w.tabs.tabText(1)
    w.worklist.mark_done.click()
    assert "2 invoices moved" in prompts.messages[-1]
    assert w.worklist.model.rowCount() == 0
    # next level for F-1 and F-2 comes 14 days later; nothing today. On 20/07: F-1, F-2
    # (second reminder) and F-3 (due 10/07, first reminder on 17/07).
    assert services.dunning.worklist(TODAY) == []
    asked = []
    n = catch_up(w, services, today=date(2026, 7, 20), ask=lambda t, b: asked.append(b) or False)
    assert n == 3 and "reached a dunning level" in asked[0]
    from datetime import UTC, datetime

    items = _today_items(services, datetime(2026, 7, 20, 9, tzinfo=UTC))
    titles = [i.title for i in items]
    assert "Enter the late-payment rates for the 2nd half of 2026" in titles
    assert "3 unpaid invoices to remind today" in titles
    assert all(i.open_key == "receivables" for i in items)
    # a consumer invoice due 10/06/2026 is time-barred on 10/06/2028 (C. conso L218-2)
    items = _today_items(services, datetime(2028, 4, 1, 9, tzinfo=UTC))
    near = [i for i in items if "time limit" in i.title]
    assert near and "10/06/2028" in near[0].detail


def test_screenshot(qtbot, services, tmp_path):
    _seed(services)
    w, _p = _section(qtbot, services)
    w.resize(1200, 600)
    w.select_invoice(services.invoices.list()[0].id)
    w.show()
    qtbot.waitExposed(w)
    assert not w.grab().isNull()
    w.grab().save(str(tmp_path / "receivables.png"))


def test_worklist_generates_the_letters_and_print_files(qtbot, tmp_path):
    import shutil

    from disputedesk.paths import DataPaths
    from disputedesk.services import Services
    from disputedesk.services.demo_service import seed_demo
    from disputedesk.storage.store import open_store

    root = tmp_path / "demo"
    store = open_store(DataPaths(root))
    try:
        services = Services.build(store)
        seed_demo(services)
        prompts = FakePrompts()
        prompts.path = tmp_path / "out" / "all.pdf"
        (tmp_path / "out").mkdir()
        w = ReceivablesSection(services, synchronous=True, today=lambda: TODAY, prompts=prompts)
        qtbot.addWidget(w)
        count = w.worklist.model.rowCount()
        assert count >= 1
        w.worklist.generate.click()
        assert "written" in prompts.messages[-1]
        assert list((tmp_path / "out").glob("*-dunning-letters-all.pdf"))
        assert w.worklist.model.rowCount() < count
    finally:
        store.close()
        shutil.rmtree(root, ignore_errors=True)


def test_prepare_for_court_shows_the_figures_and_saves_them(qtbot, services, monkeypatch, tmp_path):
    from disputedesk.ui.receivables import court_dialog

    _seed(services)
    w, prompts = _section(qtbot, services)
    shown = []

    def fake_exec(self):
        shown.append(self.text.toPlainText())
        prompts.path = tmp_path / "court.txt"
        self._save()
        return 0

    monkeypatch.setattr(court_dialog.CourtDialog, "exec", fake_exec)
    inv = next(i for i in services.invoices.list() if i.number == "F-1")
    w.select_invoice(inv.id)
    w.court.click()
    assert "Cerfa 12946" in shown[0] and "F-1" in shown[0]
    assert (tmp_path / "court.txt").read_text(encoding="utf-8") == shown[0]


def test_start_up_question_is_not_modal_and_yes_opens_the_worklist(qtbot, services):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from disputedesk.ui.events import data_events

    _seed(services)
    window = QWidget()
    qtbot.addWidget(window)
    assert catch_up(window, services, today=TODAY) == 2  # returns at once: not modal
    box = window.findChild(QMessageBox)
    assert box is not None and box.isVisible() and not box.isModal()
    with qtbot.waitSignal(data_events().section_requested) as blocker:
        box.button(QMessageBox.StandardButton.Yes).click()
    assert blocker.args == ["receivables"]
