"""The packet wizard with pytest-qt: injected services, fake dialogs, synchronous generation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from test_packet_support import add_files, demo_dispute, multi_page_pdf

from disputedesk.domain.enums import (
    Channel,
    CustomerKind,
    DisputeCategory,
    DisputeStage,
)
from disputedesk.domain.money import Money
from disputedesk.domain.packets import PacketKind
from disputedesk.domain.records import DisputeDraft
from disputedesk.ui.packets.packet_wizard import PacketWizard


class FakeDialogs:
    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.asked: list[str] = []
        self.warnings: list[str] = []

    def ask(self, title, text):
        self.asked.append(text)
        return self.answer

    def inform(self, title, text):
        pass

    def warn(self, title, text):
        self.warnings.append(text)

    def save_path(self, title, suggested):
        return None


def _wizard(qtbot, services, dispute_id, dialogs=None, *, synchronous=True):
    w = PacketWizard(
        services, dispute_id, dialogs=dialogs or FakeDialogs(), synchronous=synchronous
    )
    qtbot.addWidget(w)
    w.show()
    return w


def _next_enabled(w) -> bool:
    return w.button(QWizard.WizardButton.NextButton).isEnabled()


def test_full_path_generates_previews_and_saves_with_stage_move(qtbot, services, tmp_path):
    dispute = demo_dispute(services)
    add_files(services, dispute.id, [multi_page_pdf(tmp_path / "devis.pdf")])
    w = _wizard(qtbot, services, dispute.id)
    assert w.flow.kind is PacketKind.MEDIATION
    assert w.kind_page.name.text() == "Médiateur de la consommation CNPM"
    assert _next_enabled(w)
    w.next()
    page = w.content_page
    assert page.exhibits.count() == 3
    first = page.exhibits.item(0).data(Qt.ItemDataRole.UserRole)
    page.exhibits.setCurrentRow(0)
    page._move(1)  # what a drag or "Move down" does
    assert w.flow.exhibit_keys[1] == first
    page.exhibits.item(2).setCheckState(Qt.CheckState.Unchecked)
    assert len(w.flow.exhibit_keys) == 2
    w.next()
    facts = w.summary_page.edits["facts"]
    assert "Table rayée" in facts.toPlainText()
    facts.setPlainText("")
    assert not _next_enabled(w)
    facts.setPlainText("La table est rayée (R&D <b>).")
    assert _next_enabled(w)
    w.next()
    result = w.result_page
    assert result.built is not None, result.status.text()
    qtbot.waitUntil(lambda: result.doc.pageCount() == result.built.page_count)
    assert len(result.request.exhibits) == 2
    result.move_stage.setChecked(True)
    result.save.click()
    assert result.saved is not None
    assert services.disputes.get(dispute.id).stage is DisputeStage.MEDIATION
    assert not result.save.isEnabled()  # stored once; the record never changes


def test_shop_claim_against_consumer_offers_conciliation(qtbot, services):
    demo_dispute(services)
    consumer = next(
        c.customer
        for c in services.customers.search()
        if c.customer.kind is CustomerKind.INDIVIDUAL
    )
    claim = services.disputes.open(
        DisputeDraft(
            consumer.id,
            DisputeCategory.UNPAID_INVOICE,
            "Solde impayé.",
            Money(45000),
            received_via=Channel.LETTER,
        ),
    )
    w = _wizard(qtbot, services, claim.id)
    assert w.flow.kind is PacketKind.CONCILIATION
    w.kind_page.findChild(type(w.kind_page._kinds.button(0)), "kind_mediation").setChecked(True)
    assert w.flow.kind is PacketKind.MEDIATION
    assert not _next_enabled(w)
    assert "L611-3" in w.kind_page.issues.text()
    assert w.kind_page.to_conciliation.isVisible()
    w.kind_page.to_conciliation.click()
    assert w.flow.kind is PacketKind.CONCILIATION
    assert _next_enabled(w)


@pytest.mark.parametrize("leave_out", [True, False])
def test_bad_exhibit_is_named_and_can_be_left_out(qtbot, services, tmp_path, leave_out):
    dispute = demo_dispute(services)
    bad = tmp_path / "abime.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot a pdf\n%%EOF\n")
    add_files(services, dispute.id, [bad])
    dialogs = FakeDialogs(answer=leave_out)
    w = _wizard(qtbot, services, dispute.id, dialogs)
    w.next()
    w.next()
    w.next()
    assert dialogs.asked and "abime.pdf" in dialogs.asked[0]
    result = w.result_page
    if leave_out:
        assert result.built is not None
        assert "abime.pdf" not in [e.file_name for e in result.request.exhibits]
    else:
        assert result.built is None
        assert "abime.pdf" in result.status.text()
        assert not w.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_missing_business_profile_blocks_the_first_step(qtbot, services):
    from disputedesk.domain.records import CustomerDraft

    customer = services.customers.create(CustomerDraft(first_name="Élise", last_name="Moreau"))
    dispute = services.disputes.open(
        DisputeDraft(customer.id, DisputeCategory.OTHER, "Rayée.", Money(1000))
    )
    w = _wizard(qtbot, services, dispute.id)
    assert not _next_enabled(w)
    assert "business profile" in w.kind_page.issues.text()


def test_exhibit_preview_shows_each_kind(qtbot, tmp_path):
    from datetime import date

    from PySide6.QtPdfWidgets import QPdfView
    from PySide6.QtWidgets import QLabel, QPlainTextEdit, QScrollArea
    from test_packet_support import email_file, exif_jpeg

    from disputedesk.domain.packets import ExhibitSource
    from disputedesk.ui.packets.exhibit_preview_dialog import ExhibitPreviewDialog

    def src(path, media):
        return ExhibitSource(
            "k",
            path.name if path else "x",
            path.name if path else "x",
            date(2026, 1, 1),
            path,
            media,
            1,
        )

    cases = [
        (src(multi_page_pdf(tmp_path / "a.pdf"), "application/pdf"), QPdfView),
        (src(exif_jpeg(tmp_path / "b.jpg", 6), "image/jpeg"), QScrollArea),
        (src(email_file(tmp_path / "c.eml"), "message/rfc822"), QPlainTextEdit),
        (src(None, "application/pdf"), QLabel),
    ]
    for source, widget in cases:
        dialog = ExhibitPreviewDialog(source)
        qtbot.addWidget(dialog)
        assert dialog.findChild(widget) is not None
    image = cases[1][0]
    dialog = ExhibitPreviewDialog(image)
    qtbot.addWidget(dialog)
    label = dialog.findChild(QScrollArea).widget()
    assert label.pixmap().width() > label.pixmap().height()  # upright: EXIF applied


def test_back_and_forth_regenerates_with_the_new_choices(qtbot, services):
    dispute = demo_dispute(services)
    w = _wizard(qtbot, services, dispute.id)
    w.next()
    w.next()
    w.next()
    first = w.result_page.built
    assert first is not None and len(w.result_page.request.exhibits) == 2
    w.back()
    assert w.result_page.built is None
    w.back()
    w.content_page.exhibits.item(1).setCheckState(Qt.CheckState.Unchecked)
    w.next()
    w.next()
    second = w.result_page.built
    assert second is not None and second.path != first.path
    assert len(w.result_page.request.exhibits) == 1


def test_generation_in_the_thread_pool_reports_progress_and_back_drops_it(qtbot, services):
    """The real, asynchronous path: progress reaches the dialog on the GUI thread, and a run
    abandoned by Back never lands on the page."""
    dispute = demo_dispute(services)
    w = _wizard(qtbot, services, dispute.id, synchronous=False)
    w.next()
    w.next()
    result = w.result_page
    progress: list[tuple[int, int, int]] = []
    shown = result._on_job_progress

    def spy(run, done, total, message):
        progress.append((run, done, total))
        shown(run, done, total, message)

    result._on_job_progress = spy
    failures: list[Exception] = []
    result._on_job_failed = failures.append  # the abandoned run must not report
    w.next()
    assert result.built is None  # generating in the pool
    w.back()  # abandons that run
    w.next()  # and starts another
    qtbot.waitUntil(lambda: result.built is not None, timeout=20_000)
    assert failures == []
    assert "2 exhibits" in result.status.text()
    assert [p for p in progress if p[0] == 2]  # the second run reported its progress
    assert all(done <= total for _run, done, total in progress)
    assert result.built.path.name.endswith("-2.pdf")  # the second run's file, not the first
    qtbot.waitUntil(lambda: result.doc.pageCount() == result.built.page_count, timeout=5000)
