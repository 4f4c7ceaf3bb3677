"""Guidance tab and the opening hours dialog, driven through their widgets."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from disputedesk.domain.business_hours import ClockStatus
from disputedesk.domain.enums import Channel, Direction
from disputedesk.domain.enums import DisputeStage as S
from disputedesk.services.journal_service import EntryDraft
from disputedesk.ui.events import data_events
from disputedesk.ui.extensions import DisputeAction
from disputedesk.ui.guidance.guidance_panel import GuidancePanel
from disputedesk.ui.guidance.hours_dialog import HoursDialog
from tests.support_guidance import make_dispute


@pytest.fixture
def ran():
    return []


@pytest.fixture
def panel(qtbot, services, ran):
    actions = {
        "journal_entry": DisputeAction(
            "journal_entry", lambda: "Add a journal entry…", lambda p, s, d: ran.append(d)
        ),
        "packet": DisputeAction(
            "packet", lambda: "Referral packet…", lambda p, s, d: None, enabled=lambda s, d: False
        ),
    }
    widget = GuidancePanel(services, actions=actions)
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    return widget


def _shown(qtbot, panel, dispute_id):
    qtbot.waitUntil(lambda: panel.guidance is not None and panel.guidance.dispute_id == dispute_id)


def test_next_step_checklist_and_actions(qtbot, services, panel, ran):
    d = make_dispute(services)
    panel.show_dispute(d.id)
    _shown(qtbot, panel, d.id)
    assert panel.next_title.text() == "Acknowledge the complaint"
    # "letter" is not registered and "packet" says no: their buttons are hidden.
    assert "acknowledge" not in panel.action_buttons
    assert "mediation" not in panel.action_buttons
    assert "listen" in panel.action_buttons
    qtbot.mouseClick(panel.action_buttons["listen"], Qt.MouseButton.LeftButton)
    assert ran == [d.id]

    # Ticking a step stores it; the recommended step moves on.
    panel.checkboxes["acknowledge"].click()
    qtbot.waitUntil(lambda: panel.next_title.text() == "Listen and record the customer's words")
    assert services.guidance.guidance(d.id).steps[0].done
    assert panel.done_labels["acknowledge"].text().startswith("Done on")
    assert panel.guidance.clock.status is ClockStatus.MET
    # Unticking it too, from the widget.
    panel.checkboxes["acknowledge"].click()
    qtbot.waitUntil(lambda: panel.next_title.text() == "Acknowledge the complaint")
    assert not services.guidance.guidance(d.id).steps[0].done


def test_stage_change_elsewhere_updates_the_panel(qtbot, services, panel):
    d = make_dispute(services)
    panel.show_dispute(d.id)
    _shown(qtbot, panel, d.id)
    services.disputes.change_stage(d.id, S.ACKNOWLEDGED)
    data_events().changed.emit("dispute", d.id)
    qtbot.waitUntil(lambda: panel.guidance.stage is S.ACKNOWLEDGED)
    assert panel.next_title.text() == "Listen and record the customer's words"
    assert "Acknowledged on" in panel.clock_label.text()


def test_waiting_for_the_customer_from_the_panel(qtbot, services, panel):
    d = make_dispute(services, received_at=datetime.now(UTC) - timedelta(minutes=30))
    panel.show_dispute(d.id)
    _shown(qtbot, panel, d.id)
    panel.wait_note.setText("Photos of the scratch")
    qtbot.mouseClick(panel.wait_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.guidance.waiting is not None)
    assert "paused" in panel.clock_label.text()
    assert "Photos of the scratch" in panel.wait_label.text()
    assert panel.wait_button.text() == "The customer answered"
    # The customer's reply recorded in the journal ends the wait by itself.
    services.journal.add(EntryDraft(d.id, Channel.EMAIL, Direction.INCOMING, "Photos"))
    data_events().changed.emit("journal", d.id)
    qtbot.waitUntil(lambda: panel.guidance.waiting is None)
    assert panel.wait_button.text() == "Waiting for the customer"


def test_overdue_clock_is_red(qtbot, services, panel):
    d = make_dispute(services, received_at=datetime.now(UTC) - timedelta(days=40))
    panel.show_dispute(d.id)
    _shown(qtbot, panel, d.id)
    assert panel.guidance.clock.status is ClockStatus.OVERDUE
    assert "overdue" in panel.clock_label.text()
    assert "#d32f2f" in panel.clock_label.styleSheet()
    panel.show_dispute(None)
    assert not panel.content.isVisible()


@pytest.fixture
def dialog(qtbot, services):
    dlg = HoursDialog(services)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.response.value() == 48 and dlg.days[0].open.isChecked())
    return dlg


def test_hours_dialog_saves_valid_settings(qtbot, services, dialog):
    from PySide6.QtCore import QTime

    dialog.response.setValue(24)
    dialog.days[5].open.setChecked(False)  # closed on Saturday
    dialog.days[0].end2.setTime(QTime(19, 30))
    dialog.add_period()
    dialog.periods.cellWidget(0, 2).setText("Inventaire")
    assert "must be acknowledged by" in dialog.preview.text()
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    saved = services.guidance.clock_settings()
    assert saved.response_time_hours == 24
    assert saved.calendar.weekly[5] == ()
    assert saved.calendar.weekly[0][1].end == 19 * 60 + 30
    assert saved.calendar.closed[0].label == "Inventaire"


def test_hours_dialog_refuses_bad_input_and_keeps_it(qtbot, services, dialog):
    from PySide6.QtCore import QTime

    dialog.days[2].end1.setTime(QTime(8, 0))  # Wednesday closes before it opens
    dialog.save()
    assert "must end after it starts" in dialog.days[2].error.text()
    assert dialog.isVisible()
    assert dialog.preview.text() == ""
    dialog.days[2].end1.setTime(QTime(12, 0))
    for day in dialog.days:
        day.open.setChecked(False)
    dialog.save()
    assert "at least once a week" in dialog.week_error.text()
    assert dialog.days[2].error.text() == ""
    assert services.guidance.clock_settings().calendar.weekly[0]  # nothing saved
