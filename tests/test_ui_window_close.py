"""Closing the main window (or File › Quit) with unsaved edits in the dispute Overview tab."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from disputedesk.ui.main_window import MainWindow
from tests.support_disputes import shop  # noqa: F401


def _window_on_overview(qtbot, services, dispute_id):
    window = MainWindow(services, synchronous=True)  # the real registry and panels
    qtbot.addWidget(window)
    window.show()
    page = window.open_dispute(dispute_id)
    page.select_panel("overview")
    overview = page.panels["overview"]
    qtbot.waitUntil(lambda: overview.dispute is not None, timeout=3000)
    return window, overview


def _answer(asked, button):
    def answer(*args, **kwargs):
        asked.append(args[1])
        return button

    return answer


def test_closing_asks_about_an_edit_in_the_overview_and_cancel_keeps_it(
    qtbot,
    services,
    shop,  # noqa: F811
    monkeypatch,
):
    window, overview = _window_on_overview(qtbot, services, shop.late_id)
    overview.title_edit.clear()
    qtbot.keyClicks(overview.title_edit, "Scratched oak table")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", _answer(asked, QMessageBox.StandardButton.Cancel))

    assert not window.close()

    assert asked == ["Unsaved changes"]
    assert window.isVisible()
    assert overview.title_edit.text() == "Scratched oak table"
    assert overview.has_unsaved_changes()
    assert services.disputes.get(shop.late_id).title == "Scratched table"
    overview.revert()  # so that closing the window at the end of the test asks nothing


def test_quit_asks_too_and_discard_closes(qtbot, services, shop, monkeypatch):  # noqa: F811
    window, overview = _window_on_overview(qtbot, services, shop.late_id)
    qtbot.keyClicks(overview.request_edit, " and an apology")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", _answer(asked, QMessageBox.StandardButton.Discard))

    window.quit_action.trigger()

    assert asked == ["Unsaved changes"]
    assert not window.isVisible()
    assert services.disputes.get(shop.late_id).customer_request == "A refund"


def test_no_question_without_an_edit(qtbot, services, shop, monkeypatch):  # noqa: F811
    window, _overview = _window_on_overview(qtbot, services, shop.late_id)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", _answer(asked, QMessageBox.StandardButton.Cancel))
    assert window.close()
    assert asked == []
