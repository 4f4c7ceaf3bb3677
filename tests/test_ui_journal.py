"""The communications journal: entries with attachments, bad files refused by name,
corrections keeping the original, filters, failed saves — through the real widgets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from disputedesk.domain.enums import Channel, Direction
from disputedesk.domain.errors import StoreError
from disputedesk.services.journal_service import EntryDraft
from disputedesk.ui.events import data_events
from disputedesk.ui.extensions import load_registry
from disputedesk.ui.journal.entry_dialog import EntryDialog
from disputedesk.ui.journal.journal_panel import JournalPanel
from disputedesk.ui.journal.journal_table_model import SUMMARY, JournalTableModel
from tests.support_disputes import shop  # noqa: F401


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    d = tmp_path / "incoming"
    d.mkdir()
    photo = d / "photo rayure.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"x" * 2000)
    empty = d / "vide.pdf"
    empty.write_bytes(b"")
    huge = d / "film.mp4"
    with open(huge, "wb") as fh:  # sparse: 2 GB announced, nothing written
        fh.truncate(2 * 1024**3)
    return {"photo": photo, "empty": empty, "huge": huge, "missing": d / "parti.png"}


def _dialog(qtbot, services, dispute_id, **kw) -> EntryDialog:
    dialog = EntryDialog(services, dispute_id, synchronous=True, **kw)
    qtbot.addWidget(dialog)
    return dialog


def _panel(qtbot, services, dispute_id) -> JournalPanel:
    panel = JournalPanel(services, synchronous=True)
    qtbot.addWidget(panel)
    panel.show_dispute(dispute_id)
    return panel


def _summaries(panel: JournalPanel) -> list[str]:
    m = panel.model
    return [m.index(r, SUMMARY).data() for r in range(m.rowCount())]


def test_registered():
    reg = load_registry()
    assert [p.key for p in reg.dispute_panels][:2] == ["overview", "journal"]
    action = next(a for a in reg.dispute_actions if a.key == "journal_entry")
    assert action.shortcut == "Ctrl+J"


def test_add_entry_with_attachment_few_keystrokes(qtbot, services, shop, files):  # noqa: F811
    panel = _panel(qtbot, services, shop.late_id)
    assert "empty" in panel.status.text()
    dialog = _dialog(qtbot, services, shop.late_id)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.summary_edit
    seen = []
    data_events().changed.connect(lambda kind, ident: seen.append((kind, ident)))
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData(Channel.PHONE))
    qtbot.keyClicks(dialog.summary_edit, "Called: she sends a photo")
    qtbot.keyClicks(dialog.body_edit, "Deep scratch, 10 cm")
    assert dialog.add_files([files["photo"]]) == []
    assert dialog.files_list.count() == 1
    qtbot.keyClick(dialog.summary_edit, Qt.Key.Key_Return)  # Enter saves
    assert dialog.entry is not None
    entries = services.journal.list(shop.late_id)
    assert [e.summary for e in entries] == ["Called: she sends a photo"]
    att = entries[0].attachments[0]
    assert att.original_name == "photo rayure.jpg" and att.size == 2003
    # Copied into the store: the original may be deleted afterwards.
    files["photo"].unlink()
    assert services.journal.attachment_path(att).read_bytes()[:3] == b"\xff\xd8\xff"
    assert ("journal", dialog.entry.id) in seen
    qtbot.waitUntil(lambda: _summaries(panel) == ["Called: she sends a photo"])
    assert panel.files_list.count() == 1 and "photo rayure.jpg" in panel.files_list.item(0).text()


@pytest.mark.parametrize(
    ("key", "words"),
    [("empty", "empty (0 bytes)"), ("huge", "too large"), ("missing", "does not exist")],
)
def test_bad_attachment_refused_by_name_nothing_lost(qtbot, services, shop, files, key, words):  # noqa: F811
    dialog = _dialog(qtbot, services, shop.late_id)
    qtbot.keyClicks(dialog.summary_edit, "E-mail with files")
    qtbot.keyClicks(dialog.body_edit, "Long text I typed")
    refused = dialog.add_files([files[key], files["photo"]])
    assert len(refused) == 1
    message = dialog.errors.text()
    assert files[key].name in message and words in message
    assert dialog.files == [files["photo"]]  # the good file is kept
    assert dialog.summary_edit.text() == "E-mail with files"
    assert dialog.body_edit.toPlainText() == "Long text I typed"
    dialog.save()
    assert len(services.journal.list(shop.late_id)[0].attachments) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_attachment_refused(qtbot, services, shop, files):  # noqa: F811
    files["photo"].chmod(0)
    dialog = _dialog(qtbot, services, shop.late_id)
    assert dialog.add_files([files["photo"]])
    assert "photo rayure.jpg" in dialog.errors.text() and "cannot be read" in dialog.errors.text()


def test_file_vanishing_before_save_is_named_and_text_kept(qtbot, services, shop, files):  # noqa: F811
    dialog = _dialog(qtbot, services, shop.late_id)
    qtbot.keyClicks(dialog.summary_edit, "Letter scanned")
    dialog.add_files([files["photo"]])
    files["photo"].unlink()
    dialog.save()
    assert dialog.entry is None
    assert "photo rayure.jpg" in dialog.errors.text()
    assert dialog.summary_edit.text() == "Letter scanned"
    dialog.remove_selected_files()  # nothing selected: still listed
    dialog.files_list.item(0).setSelected(True)
    dialog.remove_selected_files()
    dialog.save()
    assert dialog.entry is not None


def test_drop_files_on_the_dialog(qtbot, services, shop, files):  # noqa: F811
    dialog = _dialog(qtbot, services, shop.late_id)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(files["photo"])), QUrl.fromLocalFile(str(files["empty"]))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    dialog.dropEvent(event)
    assert dialog.files == [files["photo"]]
    assert "vide.pdf" in dialog.errors.text()


def test_file_picker(qtbot, services, shop, files, monkeypatch):  # noqa: F811
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(files["photo"])], ""))
    )
    dialog = _dialog(qtbot, services, shop.late_id)
    dialog.add_files_button.click()
    assert dialog.files == [files["photo"]]


def test_store_error_keeps_dialog_and_retry_works(qtbot, services, shop, monkeypatch):  # noqa: F811
    dialog = _dialog(qtbot, services, shop.late_id)
    qtbot.keyClicks(dialog.summary_edit, "Visit in the shop")
    qtbot.keyClicks(dialog.body_edit, "She was angry")
    real = services.journal.add
    calls = []

    def flaky(draft, **kw):
        calls.append(draft)
        if len(calls) == 1:
            raise StoreError("The disk is full.")
        return real(draft, **kw)

    monkeypatch.setattr(services.journal, "add", flaky)
    dialog.save()
    assert (dialog.entry is None and dialog.isVisible() is False) or dialog.result() == 0
    assert "disk is full" in dialog.errors.general.text()
    assert dialog.body_edit.toPlainText() == "She was angry"
    dialog.save()
    assert dialog.entry is not None
    assert [e.body for e in services.journal.list(shop.late_id)] == ["She was angry"]


def test_summary_required(qtbot, services, shop):  # noqa: F811
    dialog = _dialog(qtbot, services, shop.late_id)
    dialog.save()
    assert dialog.entry is None and "summary" in dialog.errors.text()


def test_correction_keeps_the_original_visible(qtbot, services, shop):  # noqa: F811
    original = services.journal.add(
        EntryDraft(shop.late_id, Channel.PHONE, Direction.INCOMING, "She asks 200 EUR")
    )
    panel = _panel(qtbot, services, shop.late_id)
    panel.select_entry(original.id)
    assert panel.correct_button.isEnabled()
    panel.correct_selected()
    dialog = panel.dialog
    assert dialog is not None and dialog.summary_edit.text() == "She asks 200 EUR"
    dialog.summary_edit.setText("She asks 150 EUR")
    dialog.save()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    summaries = _summaries(panel)
    assert "She asks 200 EUR (corrected)" in summaries
    assert "She asks 150 EUR (correction)" in summaries
    row = panel.model.row_of(original.id)
    font = panel.model.index(row, SUMMARY).data(Qt.ItemDataRole.FontRole)
    assert font.strikeOut()
    panel.select_entry(original.id)
    assert not panel.correct_button.isEnabled()
    assert "kept as it was written" in panel.detail_status.text()
    newest = next(e for e in services.journal.list(shop.late_id) if e.corrects_id)
    assert newest.occurred_at == original.occurred_at
    panel.select_entry(newest.id)
    assert "Correction of the entry" in panel.detail_status.text()


def test_filter_by_channel_and_search(qtbot, services, shop):  # noqa: F811
    for channel, summary, body in (
        (Channel.PHONE, "Call about the table", ""),
        (Channel.EMAIL, "Mail with the invoice", "facture 2026-118"),
        (Channel.EMAIL, "Second mail", "photos"),
    ):
        services.journal.add(EntryDraft(shop.late_id, channel, Direction.INCOMING, summary, body))
    panel = _panel(qtbot, services, shop.late_id)
    assert len(_summaries(panel)) == 3
    panel.channel_combo.setCurrentIndex(panel.channel_combo.findData(Channel.EMAIL))
    assert _summaries(panel) == ["Mail with the invoice", "Second mail"]
    qtbot.keyClicks(panel.search_edit, "2026-118")
    panel.reload()
    assert _summaries(panel) == ["Mail with the invoice"]
    panel.channel_combo.setCurrentIndex(0)
    panel.search_edit.setText("nothing like this")
    panel.reload()
    assert _summaries(panel) == [] and "No entry matches" in panel.status.text()


def test_open_attachment_goes_through_the_safe_helper(qtbot, services, shop, files, monkeypatch):  # noqa: F811
    entry = services.journal.add(
        EntryDraft(
            shop.late_id, Channel.EMAIL, Direction.INCOMING, "Photo", attachments=(files["photo"],)
        )
    )
    calls = []
    monkeypatch.setattr(
        "disputedesk.ui.open_file.open_attachment",
        lambda parent, services, attachment_id: calls.append(attachment_id) or True,
    )
    panel = _panel(qtbot, services, shop.late_id)
    panel.select_entry(entry.id)
    panel.open_button.click()
    assert calls == [entry.attachments[0].id]


def test_model_passes_qtmodeltester(qtmodeltester, services, shop, files):  # noqa: F811
    first = services.journal.add(
        EntryDraft(
            shop.late_id, Channel.PHONE, Direction.INCOMING, "A", attachments=(files["photo"],)
        )
    )
    services.journal.correct(
        first.id, EntryDraft(shop.late_id, Channel.PHONE, Direction.INCOMING, "B")
    )
    model = JournalTableModel()
    model.set_entries(services.journal.list(shop.late_id))
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_long_journal_shows_its_end_first_then_everything(qtbot, services, shop, monkeypatch):  # noqa: F811
    import disputedesk.ui.journal.journal_panel as module

    for i in range(5):
        services.journal.add(EntryDraft(shop.late_id, Channel.PHONE, Direction.INCOMING, f"E{i}"))
    newest = services.journal.list(shop.late_id, newest=2)
    assert [e.summary for e in newest] == ["E3", "E4"]
    monkeypatch.setattr(module, "FIRST_LOAD", 2)
    statuses = []
    panel = JournalPanel(services, synchronous=True)
    qtbot.addWidget(panel)
    orig = panel.status.setText
    monkeypatch.setattr(panel.status, "setText", lambda t: (statuses.append(t), orig(t)))
    panel.show_dispute(shop.late_id)
    assert _summaries(panel) == ["E0", "E1", "E2", "E3", "E4"]
    assert any("latest 2 entries" in t for t in statuses)
    assert panel.status.text() == "5 entries"
    assert panel.selected_entry().summary == "E4"
