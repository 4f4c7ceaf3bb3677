"""Start-up checks in app.py and the restore dialog (headless, with scripted answers)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from disputedesk import app as app_mod
from disputedesk.domain.records import CustomerDraft
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.storage import backup
from disputedesk.storage.store import open_store


class Scripted:
    """Answers the start-up questions from a list and records everything shown."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.shown: list[tuple[str, str]] = []

    def ask(self, title, text, yes, no):
        self.shown.append(("ask", text))
        return self.answers.pop(0)

    def choose(self, title, text, options):
        self.shown.append(("choose", text))
        return self.answers.pop(0)

    def inform(self, title, text):
        self.shown.append(("inform", text))

    def fail(self, title, text):
        self.shown.append(("fail", text))


@pytest.fixture(autouse=True)
def _known_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(app_mod, "known_folders_file", lambda: tmp_path / "known.json")


@pytest.fixture(autouse=True)
def _event_loop_left_usable(qapp):
    """`app.exit()` called outside a running loop (request_restore in these tests) leaves Qt
    not delivering what worker threads post to the GUI thread through processEvents(), so
    later tests' background loaders waited forever. The app itself always calls exec()
    again, which clears it; do the same after each test here."""
    yield
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, qapp.quit)
    qapp.exec()


def _with_backup(paths: DataPaths) -> backup.BackupInfo:
    store = open_store(paths)
    services = Services.build(store)
    services.customers.create(CustomerDraft(last_name="Sauvé"))
    info = services.backups.create()
    services.customers.create(CustomerDraft(last_name="Après la sauvegarde"))
    store.close()
    return info


def _names(paths: DataPaths) -> list[str]:
    store = open_store(paths)
    try:
        return [c.customer.last_name for c in Services.build(store).customers.search("")]
    finally:
        store.close()


def test_healthy_folder_opens_without_questions(data_paths):
    prompts = Scripted()
    store = app_mod.open_checked(data_paths, prompts)
    assert store is not None and prompts.shown == []
    store.close()


def test_garbage_database_offers_the_latest_good_backup(data_paths):
    _with_backup(data_paths)
    garbage = b"\x00not a database\x00" * 500
    data_paths.database.write_bytes(garbage)
    for suffix in ("-wal", "-shm"):
        Path(str(data_paths.database) + suffix).unlink(missing_ok=True)
    prompts = Scripted(True)
    store = app_mod.open_checked(data_paths, prompts)
    assert store is not None
    store.close()
    kinds = [k for k, _t in prompts.shown]
    assert kinds == ["ask", "inform"]
    assert "damaged" in prompts.shown[0][1] and "1 customer" in prompts.shown[0][1]
    assert _names(data_paths) == ["Sauvé"]
    # The damaged file was kept aside, byte for byte.
    kept = list(data_paths.backups.glob("damaged-*/disputedesk.sqlite3"))
    assert [p.read_bytes() for p in kept] == [garbage]


def test_damaged_database_without_backup_is_left_alone(data_paths):
    data_paths.database.write_bytes(b"garbage" * 1000)
    prompts = Scripted()
    assert app_mod.open_checked(data_paths, prompts) is None
    assert prompts.shown[0][0] == "fail" and "no usable backup" in prompts.shown[0][1]
    assert data_paths.database.read_bytes() == b"garbage" * 1000


def test_refusing_the_restore_changes_nothing(data_paths):
    _with_backup(data_paths)
    data_paths.database.write_bytes(b"garbage" * 1000)
    assert app_mod.open_checked(data_paths, Scripted(False)) is None
    assert data_paths.database.read_bytes() == b"garbage" * 1000


def test_vanished_database_is_never_silently_recreated(tmp_path):
    paths = DataPaths(tmp_path / "usb" / "data")
    store = app_mod.open_checked(paths, Scripted())
    store.close()
    # The drive is removed: the folder (or just the database) is gone.
    for p in paths.root.rglob("*"):
        if p.is_file():
            p.unlink()
    prompts = Scripted("retry", "quit")
    assert app_mod.open_checked(paths, prompts) is None
    assert not paths.database.exists()
    assert "not there any more" in prompts.shown[0][1]
    # Choosing an empty file on purpose works.
    store = app_mod.open_checked(paths, Scripted("new"))
    assert store is not None
    store.close()


def test_unwritable_folder_explains_and_retries(data_paths, monkeypatch):
    from disputedesk.storage import store as store_mod

    calls = {"n": 0}
    real = store_mod.check_data_folder

    def flaky(paths):
        calls["n"] += 1
        if calls["n"] == 1:
            raise store_mod.storage_error(OSError(errno.ENOSPC, "full"), paths.root, opening=True)
        return real(paths)

    monkeypatch.setattr(store_mod, "check_data_folder", flaky)
    prompts = Scripted(True)
    store = app_mod.open_checked(data_paths, prompts)
    assert store is not None
    store.close()
    assert "is full" in prompts.shown[0][1]


def test_restore_requested_from_the_window(data_paths):
    info = _with_backup(data_paths)
    prompts = Scripted()
    app_mod.restore_and_report(data_paths, info.path, prompts)
    assert prompts.shown[0][0] == "inform"
    assert _names(data_paths) == ["Sauvé"]
    reasons = {b.reason for b in backup.list_backups(data_paths)}
    assert backup.BEFORE_RESTORE in reasons


def test_scheduler_backs_up_once_and_on_close(services):
    scheduler = app_mod.BackupScheduler(services)
    scheduler._run()
    assert len(services.backups.list()) == 1
    scheduler._run()  # not due again the same day
    assert len(services.backups.list()) == 1
    services.customers.create(CustomerDraft(last_name="Nouveau"))
    assert scheduler.on_close() is None
    assert services.backups.list()[0].reason == backup.ON_CLOSE


# --- the restore dialog ----------------------------------------------------------------------


class DialogPrompts:
    def __init__(self, answer=True, path=None):
        self.answer = answer
        self.path = path
        self.messages = []

    def ask(self, title, text):
        self.messages.append(text)
        return self.answer

    def inform(self, title, text):
        self.messages.append(text)

    def warn(self, title, text):
        self.messages.append(text)

    def open_path(self, title, filter_):
        return self.path


def test_restore_dialog_lists_backups_and_requests_the_chosen_one(services, qtbot, tmp_path):
    from disputedesk.ui.safety import restart
    from disputedesk.ui.safety.restore_dialog import RestoreDialog

    services.customers.create(CustomerDraft(last_name="A"))
    first = services.backups.create()
    services.customers.create(CustomerDraft(last_name="B"))
    services.backups.create()
    prompts = DialogPrompts(answer=True)
    dialog = RestoreDialog(services, None, prompts)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert "2 customers" in dialog.table.item(0, 2).text()
    assert "1 customer," in dialog.table.item(1, 2).text()
    dialog.table.selectRow(1)
    dialog.restore.click()
    assert dialog.requested == first.path
    assert restart.take_pending_restore() == first.path
    assert "saved as a backup first" in prompts.messages[0]
    dialog.grab().save(str(tmp_path / "restore.png"))


def test_restore_dialog_refuses_a_file_that_is_not_a_backup(services, qtbot, tmp_path):
    from disputedesk.ui.safety import restart
    from disputedesk.ui.safety.restore_dialog import RestoreDialog

    fake = tmp_path / "photos.zip"
    fake.write_bytes(b"PK\x03\x04 not a backup")
    prompts = DialogPrompts(path=fake)
    dialog = RestoreDialog(services, None, prompts)
    qtbot.addWidget(dialog)
    assert dialog.empty.isVisibleTo(dialog) and not dialog.restore.isEnabled()
    dialog.other_file.click()
    assert "not a DisputeDesk backup" in prompts.messages[0]
    assert restart.take_pending_restore() is None


def test_restore_action_is_in_the_file_menu():
    from disputedesk.ui.extensions import EXTENSION_MODULES, Menu, load_registry

    assert "disputedesk.ui.safety.extension" in EXTENSION_MODULES
    actions = {a.key: a for a in load_registry().menu_actions}
    assert actions["restore_backup"].menu == Menu.FILE


# --- the whole loop of run_gui: window, restore asked from it, window again, closing backup ---


def test_run_gui_restores_between_two_windows_and_backs_up_on_close(data_paths, qtbot, monkeypatch):
    import types

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from disputedesk.ui.safety import restart

    info = _with_backup(data_paths)  # "Sauvé" in the backup, "Après la sauvegarde" after it
    seen: list[list[str]] = []

    class FakeWindow(QWidget):
        def __init__(self, services):
            super().__init__()
            names = [c.customer.last_name for c in services.customers.search("")]
            seen.append(sorted(names))
            if len(seen) == 1:
                QTimer.singleShot(0, lambda: restart.request_restore(info.path))
            else:
                services.customers.create(CustomerDraft(last_name="Second window"))
                QTimer.singleShot(0, QApplication.instance().quit)

    fake_module = types.ModuleType("disputedesk.ui.main_window")
    fake_module.MainWindow = FakeWindow
    monkeypatch.setitem(__import__("sys").modules, "disputedesk.ui.main_window", fake_module)
    prompts = Scripted()
    monkeypatch.setattr(app_mod, "StartupPrompts", lambda: prompts)

    code = app_mod.run_gui(data_dir=str(data_paths.root), lang="en")

    assert code == 0
    assert seen == [["Après la sauvegarde", "Sauvé"], ["Sauvé"]]
    assert [k for k, _t in prompts.shown] == ["inform"]  # "Backup restored"
    reasons = [b.reason for b in backup.list_backups(data_paths)]
    # Newest first: the closing backup (with "Second window"), the state before the restore.
    assert reasons[0] == backup.ON_CLOSE and backup.BEFORE_RESTORE in reasons
    assert backup.list_backups(data_paths)[0].counts["customer"] == 2
    assert sorted(_names(data_paths)) == ["Sauvé", "Second window"]


def test_restore_waits_for_the_window_to_agree_to_close(qtbot, tmp_path):
    from PySide6.QtWidgets import QMainWindow

    from disputedesk.ui.safety import restart

    class Unsaved(QMainWindow):
        keep_open = True

        def closeEvent(self, event):  # "Some changes are not saved yet…" → Cancel
            if self.keep_open:
                event.ignore()
            else:
                event.accept()

    window = Unsaved()
    qtbot.addWidget(window)
    window.show()
    assert restart.request_restore(tmp_path / "b.zip") is False
    assert window.isVisible() and restart.take_pending_restore() is None
    window.keep_open = False
    assert restart.request_restore(tmp_path / "b.zip") is True
    assert restart.take_pending_restore() == tmp_path / "b.zip"
