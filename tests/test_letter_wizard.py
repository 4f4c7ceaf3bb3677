"""The letter wizard with pytest-qt: kind → details → text with a live preview → save; the
Letters tab records the registered letter's receipt; templates refuse unknown placeholders."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QWizard

from disputedesk.domain.enums import Channel
from disputedesk.domain.letters import TO_COMPLETE, LetterKind
from disputedesk.ui.letters.letter_wizard import LetterWizard
from tests.support_letters import (
    consumer_debtor,
    demo,  # noqa: F401
    demo_template,  # noqa: F401
)


class FakeDialogs:
    def __init__(self):
        self.warnings = []

    def ask(self, title, text):
        return True

    def warn(self, title, text):
        self.warnings.append(text)

    def save_path(self, title, suggested):
        return None


def _complaint(services):
    from tests.test_letter_pdf import _complaint_dispute

    return _complaint_dispute(services)[0]


def _wizard(qtbot, services, dispute_id, kind=None, *, synchronous=True):
    w = LetterWizard(
        services, dispute_id, kind=kind, dialogs=FakeDialogs(), synchronous=synchronous
    )
    qtbot.addWidget(w)
    w.show()
    return w


def test_wizard_writes_and_saves_a_formal_notice(qtbot, demo, tmp_path):  # noqa: F811
    _c, dispute, invoice = consumer_debtor(demo)
    w = _wizard(qtbot, demo, dispute.id)
    assert w.kind_page.kind() is LetterKind.REMINDER_1  # the dunning ladder's first step
    w.kind_page.select(LetterKind.NOTICE_TO_PAY)
    w.next()
    assert w.currentId() == w.details_id
    assert w.details_page.registered.isChecked()
    assert w.details_page.invoices.count() == 1
    w.next()
    assert w.currentId() == w.text_id
    page = w.text_page
    assert page.doc.status() == QPdfDocument.Status.Ready and page.doc.pageCount() == 1
    assert "FC-9001" in page.subject.text()
    # Edit the text: the preview follows (hostile text is printed as typed).
    page.body.setPlainText(page.body.toPlainText() + "\n\nR&D <b>gras</b> </para> 🙂")
    page.refresh_preview()
    assert page.pdf_draft is not None and "R&D <b>gras</b>" in page.pdf_draft.paragraphs[-1]

    def painted():  # QPdfView paints asynchronously (PITFALLS 11)
        img = page.view.viewport().grab().toImage()
        return any(
            img.pixelColor(x, y).lightness() < 128
            for x in range(0, img.width(), 7)
            for y in range(0, img.height(), 7)
        )

    qtbot.waitUntil(painted, timeout=5000)
    w.grab().save(str(tmp_path / "wizard.png"))
    page.save.click()
    assert page.issued is not None, page.error.text()
    assert page.print_.isEnabled() and page.open.isEnabled()
    assert not page.save.isEnabled()
    entry = demo.journal.get(page.issued.journal_entry_id)
    assert entry.channel is Channel.REGISTERED_LETTER
    assert page.issued.invoice_ids == (invoice.id,)
    assert w.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_incomplete_letter_is_refused_and_the_text_stays(qtbot, demo):  # noqa: F811
    w = _wizard(qtbot, demo, _complaint(demo).id, kind=LetterKind.PROPOSAL)
    assert w.currentId() == w.details_id
    w.next()
    page = w.text_page
    assert TO_COMPLETE in page.body.toPlainText()
    assert page.warnings.isVisible()
    page.save.click()
    assert page.issued is None
    assert page.error.isVisible() and TO_COMPLETE in page.error.text()
    text = page.body.toPlainText().replace(TO_COMPLETE, "Le défaut est confirmé.", 1)
    text = text.replace(TO_COMPLETE, "un avoir de 30 €")
    page.body.setPlainText(text)
    page.save.click()
    assert page.issued is not None, page.error.text()


def test_payment_letter_without_invoice_ticked_is_refused(qtbot, demo):  # noqa: F811
    from PySide6.QtCore import Qt

    _c, dispute, _i = consumer_debtor(demo)
    w = _wizard(qtbot, demo, dispute.id, kind=LetterKind.REMINDER_2)
    w.details_page.invoices.item(0).setCheckState(Qt.CheckState.Unchecked)
    w.next()
    assert w.currentId() == w.details_id
    assert w.details_page.error.isVisible()


def test_letters_tab_records_the_receipt(qtbot, demo, monkeypatch):  # noqa: F811
    from PySide6.QtCore import QDate

    from disputedesk.domain.letters import LetterInputs
    from disputedesk.ui.letters.letters_panel import LettersPanel, ReceiptDialog

    _c, dispute, invoice = consumer_debtor(demo)
    issued = demo.letters.issue(
        demo.letters.compose(dispute.id, LetterInputs(LetterKind.NOTICE_TO_PAY))
    )
    panel = LettersPanel(demo)
    qtbot.addWidget(panel)
    panel.show_dispute(dispute.id)
    assert panel.table.rowCount() == 1
    panel.table.selectRow(0)
    assert panel.receipt.isEnabled()
    dialog = ReceiptDialog(demo, issued, panel)
    qtbot.addWidget(dialog)
    dialog.number.setText("1A 000 111 2222 3")
    dialog.has_receipt.setChecked(True)
    dialog.date.setDate(QDate.currentDate())
    dialog._on_save()
    got = demo.letters.get(issued.id)
    assert got.tracking_number == "1A 000 111 2222 3" and got.receipt_date is not None
    assert demo.letters.notice_received_on(invoice.id) == got.receipt_date
    panel.reload()
    assert panel.table.item(0, 3).text() == "1A 000 111 2222 3"


def test_settings_refuse_an_unknown_placeholder(qtbot, demo):  # noqa: F811
    from disputedesk.ui.letters.settings_dialog import LetterSettingsDialog

    d = LetterSettingsDialog(demo)
    qtbot.addWidget(d)
    d.show()
    d.body.setPlainText("Bonjour {nom_du_client}")
    d._on_save_template()
    assert d.template_error.isVisible() and "{nom_du_client}" in d.template_error.text()
    d.body.setPlainText("Bonjour {customer_name}\n\n{mediator}")
    d._on_save_template()
    assert not d.template_error.isVisible()
    assert demo.letters.template(LetterKind.ACKNOWLEDGEMENT, "fr")[1]
    d.shift_x.setValue(3.5)
    d._on_save_envelope()
    assert demo.letters.layout().shift_x_mm == 3.5


def test_extension_registers_the_letter_action():
    from disputedesk.ui.extensions import Registry
    from disputedesk.ui.letters import extension

    registry = Registry()
    extension.register(registry)
    keys = {a.key for a in registry.dispute_actions}
    assert "letter" in keys
    # One entry point for public reviews: the aftercare "review" action, not a twin here.
    assert "review_reply" not in keys
    assert any(p.key == "letters" for p in registry.dispute_panels)


def test_preview_laid_out_in_the_thread_pool_and_closing_mid_preview(qtbot, demo):  # noqa: F811
    """The real, asynchronous preview: it arrives on its own, and closing the wizard while a
    preview is being laid out loses nothing and shows nothing late."""
    _c, dispute, _invoice = consumer_debtor(demo)
    w = _wizard(qtbot, demo, dispute.id, synchronous=False)
    w.next()
    w.next()
    page = w.text_page
    qtbot.waitUntil(lambda: page.pdf is not None, timeout=10_000)
    assert not page.pending()
    assert page.doc.status() == QPdfDocument.Status.Ready
    first = page.pdf
    page.body.setPlainText(page.body.toPlainText() + "\n\nUne phrase de plus.")
    page.refresh_preview()
    assert page.pending()
    w.reject()  # closes the wizard (cleanup) while the new preview is being laid out
    assert QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)  # the late outcome is delivered, and dropped
    assert page.pdf is first
