"""The drawn timeline driven as a user would: it loads off the GUI thread, updates when data
changes, opens an event on click, moves with the keyboard, and shows overdue deadlines in red."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from disputedesk.domain.enums import Channel, Direction
from disputedesk.domain.enums import DisputeStage as S
from disputedesk.domain.timeline import DeadlineStatus, EventKind
from disputedesk.services.journal_service import EntryDraft
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.timeline_canvas import OVERDUE_RED, event_color
from disputedesk.ui.timeline.timeline_panel import TimelinePanel
from tests.support_guidance import make_dispute


@pytest.fixture
def panel(qtbot, services):
    widget = TimelinePanel(services)
    qtbot.addWidget(widget)
    widget.resize(1000, 420)
    widget.show()
    return widget


def _loaded(qtbot, panel, count):
    qtbot.waitUntil(lambda: panel.canvas.timeline is not None and len(panel.canvas.events) == count)


def test_timeline_loads_updates_and_opens_an_entry(qtbot, services, panel, tmp_path):
    now = datetime.now(UTC)
    d = make_dispute(services, received_at=now - timedelta(days=10))
    photo = tmp_path / "rayure.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 fake jpeg")
    services.journal.add(
        EntryDraft(
            d.id,
            Channel.EMAIL,
            Direction.INCOMING,
            "Photos de la rayure",
            body="Voici les photos.",
            occurred_at=now - timedelta(days=9),
            attachments=(photo,),
        )
    )
    services.tasks.add("Rappeler", now - timedelta(days=2), dispute_id=d.id, kind="call_back")
    panel.show_dispute(d.id)
    _loaded(qtbot, panel, 3)  # received, e-mail, overdue call-back
    assert "1 overdue" in panel.status.text()
    overdue = next(e for e in panel.canvas.events if e.kind is EventKind.DEADLINE)
    assert overdue.deadline is DeadlineStatus.OVERDUE
    assert event_color(overdue, panel.palette()) == OVERDUE_RED

    # A stage change and a new entry made elsewhere: the timeline follows.
    services.disputes.change_stage(d.id, S.ACKNOWLEDGED, at=now - timedelta(days=8))
    services.journal.add(
        EntryDraft(d.id, Channel.PHONE, Direction.OUTGOING, "Appel", occurred_at=now)
    )
    data_events().changed.emit("journal", d.id)
    _loaded(qtbot, panel, 5)
    assert [e.title for e in panel.canvas.events if e.kind is EventKind.STAGE] == [
        "Received",
        "Acknowledged",
    ]

    # Clicking the e-mail's mark opens the entry with its text and its file.
    index = next(i for i, e in enumerate(panel.canvas.events) if e.title == "Photos de la rayure")
    pos = panel.canvas.event_pos(index)
    qtbot.mouseClick(
        panel.canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(int(pos.x()), int(pos.y()))
    )
    qtbot.waitUntil(lambda: panel._dialogs and panel._dialogs[-1].entry is not None)
    dialog = panel._dialogs[-1]
    assert dialog.body.toPlainText() == "Voici les photos."
    assert panel.canvas.selected_event().title == "Photos de la rayure"
    dialog.reject()


def test_keyboard_moves_and_enter_opens(qtbot, services, panel):
    now = datetime.now(UTC)
    d = make_dispute(services, received_at=now - timedelta(days=3))
    services.tasks.add("Devis", now + timedelta(days=3), dispute_id=d.id)
    panel.show_dispute(d.id)
    _loaded(qtbot, panel, 2)
    panel.canvas.setFocus()
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Right)
    assert panel.canvas.selected_event().kind is EventKind.STAGE
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Right)
    assert panel.canvas.selected_event().title == "Devis"
    assert "Devis" in panel.details.text()
    assert "Devis" in panel.canvas.accessibleDescription()
    with qtbot.waitSignal(panel.canvas.sig_activated) as blocker:
        qtbot.keyClick(panel.canvas, Qt.Key.Key_Return)
    assert blocker.args[0].title == "Devis"
    for dialog in list(panel._dialogs):
        dialog.reject()


def test_no_dispute_and_a_deleted_dispute(qtbot, services, panel):
    panel.show_dispute(None)
    assert panel.canvas.timeline is None
    panel.show_dispute(4242)
    qtbot.waitUntil(lambda: "does not exist" in panel.status.text())


def test_zoom_keeps_the_view_on_reload(qtbot, services, panel):
    now = datetime.now(UTC)
    d = make_dispute(services, received_at=now - timedelta(days=60))
    panel.show_dispute(d.id)
    _loaded(qtbot, panel, 1)
    panel.canvas.zoom(8)
    scale = panel.canvas._scale
    assert panel.canvas.horizontalScrollBar().maximum() > 0
    services.tasks.add("Relance", now, dispute_id=d.id)
    data_events().changed.emit("task", 0)
    _loaded(qtbot, panel, 2)
    assert panel.canvas._scale == scale
    panel.canvas.fit()
    assert panel.canvas.horizontalScrollBar().maximum() == 0
