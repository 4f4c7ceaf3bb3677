"""Composition root of the window: paths → i18n → store + migrations → services → Qt.

The only place that wires everything together; nothing reaches back into it.

Start-up checks (nothing is ever silently recreated or lost):
- a data folder that held a database and now has none (a removed drive) is reported; the
  owner chooses to retry, to start an empty file, or to quit;
- a read-only, full or unreachable folder is explained, with a retry;
- a damaged database (unreadable, or failing `PRAGMA quick_check`) is said plainly and the
  latest good backup is offered; the damaged file is kept aside, never deleted.
While the window is open a backup is made at most once a day, and one when it closes
(skipped when nothing changed); File › Restore from backup… asks this loop to close the
store, restore, and reopen.

Importing this module is light (no SQLAlchemy, services, models or Qt): the command line
imports it to start `EarlyCheck` before it imports the rest; the store, the services and the
backups are imported where they are used.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from disputedesk.domain.errors import DisputeDeskError, StoreError
from disputedesk.i18n import _, set_language
from disputedesk.paths import DataPaths, resolve_data_dir

if TYPE_CHECKING:
    from disputedesk.services import Services
    from disputedesk.storage.store import Store

DAILY_CHECK_MS = 60 * 60 * 1000  # look every hour whether a day has passed since the last backup
FIRST_CHECK_MS = 5 * 60 * 1000


class StartupPrompts:
    """The start-up questions, as message boxes (tests pass their own object)."""

    def ask(self, title: str, text: str, yes: str, no: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes_button)
        box.exec()
        return box.clickedButton() is yes_button

    def choose(self, title: str, text: str, options: list[tuple[str, str]]) -> str:
        """Buttons (key, label); returns the key clicked (the last one if closed)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text)
        buttons = {
            box.addButton(label, QMessageBox.ButtonRole.ActionRole): key for key, label in options
        }
        box.exec()
        return buttons.get(box.clickedButton(), options[-1][0])

    def inform(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(None, title, text)

    def fail(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, title, text)


# --- the folders that held a database (to notice a vanished drive) ---------------------------


KNOWN_FOLDERS_NAME = "known-data-folders.json"


def known_folders_file() -> Path:
    """The per-user list of data folders; in portable mode it stays beside the program, so
    a stick leaves nothing in the settings of the computers it is used on."""
    from platformdirs import user_config_path

    from disputedesk import APP_NAME
    from disputedesk.paths import portable_root

    portable = portable_root()
    if portable is not None:
        return portable.parent / KNOWN_FOLDERS_NAME
    return user_config_path(APP_NAME, appauthor=False, roaming=True) / KNOWN_FOLDERS_NAME


def _known_folders() -> list[str]:
    try:
        data = json.loads(known_folders_file().read_text(encoding="utf-8"))
        return [str(x) for x in data] if isinstance(data, list) else []
    except (OSError, ValueError):
        return []


def remember_data_folder(paths: DataPaths) -> None:
    folders = _known_folders()
    root = str(paths.root)
    if root in folders:
        return
    try:
        path = known_folders_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(json.dumps([*folders, root][-20:]), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a convenience only


def forget_data_folder(paths: DataPaths) -> None:
    folders = [f for f in _known_folders() if f != str(paths.root)]
    try:
        known_folders_file().write_text(json.dumps(folders), encoding="utf-8")
    except OSError:
        pass


def database_vanished(paths: DataPaths) -> bool:
    """The folder held a database before and it is not there now."""
    return str(paths.root) in _known_folders() and not paths.database.exists()


# --- opening with checks --------------------------------------------------------------------


def open_store(paths: DataPaths, *, lock: bool = True) -> Store:
    """`storage.store.open_store`, its module (SQLAlchemy, the models) imported at the first
    opening rather than with this module."""
    from disputedesk.storage.store import open_store as open_the_store

    return open_the_store(paths, lock=lock)


def _restore_latest(paths: DataPaths, prompts: StartupPrompts, problem: str) -> bool:
    """Offer the latest good backup for a damaged database. True when restored."""
    from disputedesk.storage import backup
    from disputedesk.storage.lock import DataDirLock
    from disputedesk.ui.safety import formats

    title = _("The database is damaged")
    latest = backup.latest_good_backup(paths)
    if latest is None:
        prompts.fail(
            title,
            _(
                "{problem}\n\nThere is no usable backup in {folder}. The damaged file was left "
                "exactly as it is: do not delete it. If you keep a backup elsewhere (USB key), "
                "restore it with: disputedesk restore FILE.zip"
            ).format(problem=problem, folder=str(paths.backups)),
        )
        return False
    text = _(
        "{problem}\n\nThe latest good backup is from {date} ({contents}). Restore it? What was "
        "recorded after that date is not in it. The damaged database is kept aside in the "
        "backups folder, not deleted."
    ).format(
        problem=problem,
        date=formats.moment(latest.created_at),
        contents=formats.contents(latest.counts, latest.files),
    )
    if not prompts.ask(title, text, _("Restore this backup"), _("Quit")):
        return False
    try:
        with DataDirLock(paths.lock_file):
            backup.restore_backup(paths, latest.path)
    except DisputeDeskError as err:
        prompts.fail(title, str(err))
        return False
    prompts.inform(
        _("Backup restored"),
        _("The backup of {date} was restored.").format(date=formats.moment(latest.created_at)),
    )
    return True


class EarlyCheck:
    """PRAGMA quick_check of the database file on a read-only connection of its own, in a
    thread started as soon as the data folder is known: SQLite reads the whole file (a second
    or two on a large one) without holding Python's lock, while Qt starts, the store opens and
    the window is prepared. `result()` is None when it could not run (no database yet, an
    unreadable one...): the store's own check runs then, as it did before."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self._outcome: list[str] | None = None
        self._thread = threading.Thread(
            target=self._run, args=(database,), name="quick-check", daemon=True
        )
        self._thread.start()

    def _run(self, database: Path) -> None:
        import sqlite3

        try:
            if not database.is_file():
                return
            conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
            try:
                rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
            finally:
                conn.close()
        except Exception:  # the store's check (and its messages) take over
            return
        self._outcome = [] if rows == ["ok"] else rows[:20]

    def result(self) -> list[str] | None:
        self._thread.join()
        return self._outcome


def _checked_while(
    store: Store, meanwhile: Callable[[], None] | None, early: EarlyCheck | None = None
) -> list[str]:
    """The database check, with `meanwhile()` run on this thread as it goes (the window's
    preparation then costs no time of its own). The early check's result stands when the
    store was opened without changing the file (no upgrade); else `store.quick_check()`."""
    if early is not None:
        if meanwhile is not None:
            meanwhile()
        problems = early.result()
        if problems is not None and store.upgraded_from is None:
            return problems
    if meanwhile is None or early is not None:
        return store.quick_check()
    outcome: list = []

    def check() -> None:
        try:
            outcome.append(store.quick_check())
        except BaseException as exc:  # raised again on this thread, as without the thread
            outcome.append(exc)

    checker = threading.Thread(target=check, name="quick-check", daemon=True)
    checker.start()
    try:
        meanwhile()
    finally:
        checker.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def open_checked(
    paths: DataPaths,
    prompts: StartupPrompts,
    *,
    meanwhile: Callable[[], None] | None = None,
    early: EarlyCheck | None = None,
) -> Store | None:
    """Open the store after the start-up checks; None when the owner chose to quit.

    `meanwhile()` (optional, run once) is work to do while the database is checked; `early`
    (optional, used on the first attempt only) a check already under way."""
    from disputedesk.storage.store import DatabaseDamaged

    title = _("DisputeDesk cannot open its data")
    while True:
        attempt_early, early = early, None  # a restore or a retry changes the file
        if database_vanished(paths):
            choice = prompts.choose(
                _("Your data is not there"),
                _(
                    "DisputeDesk's data used to be in {folder}, but the database is not there "
                    "any more. If it is on a USB key or a network drive, reconnect it and "
                    "choose Retry. Start empty only if you really want a new, empty file."
                ).format(folder=str(paths.root)),
                [
                    ("retry", _("Retry")),
                    ("new", _("Start with an empty file")),
                    ("quit", _("Quit")),
                ],
            )
            if choice == "quit":
                return None
            if choice == "retry":
                continue
            forget_data_folder(paths)
        try:
            store = open_store(paths)
        except DatabaseDamaged as err:
            if _restore_latest(paths, prompts, str(err)):
                continue
            return None
        except StoreError as err:
            if prompts.ask(title, str(err), _("Retry"), _("Quit")):
                continue
            return None
        problems = _checked_while(store, meanwhile, attempt_early)
        meanwhile = None
        if problems:
            store.close()
            damaged = _(
                "The database {file} is damaged ({detail}). DisputeDesk stopped before "
                "changing anything."
            ).format(file=str(paths.database), detail=problems[0][:200])
            if _restore_latest(paths, prompts, damaged):
                continue
            return None
        remember_data_folder(paths)
        return store


def restore_and_report(paths: DataPaths, source: Path, prompts: StartupPrompts) -> None:
    """The restore asked for in the window, run with the store closed and the folder locked."""
    from disputedesk.storage import backup
    from disputedesk.storage.lock import DataDirLock
    from disputedesk.ui.safety import formats

    try:
        with DataDirLock(paths.lock_file):
            info = backup.restore_backup(paths, source)
    except DisputeDeskError as err:
        prompts.fail(_("Restore from backup"), str(err))
        return
    prompts.inform(
        _("Backup restored"),
        _(
            "The backup of {date} was restored. The data you had before is kept as a backup "
            "(File › Restore from backup…)."
        ).format(date=formats.moment(info.created_at)),
    )


# --- automatic backups while the window is open ---------------------------------------------


class BackupScheduler:
    """At most one backup a day while the app runs, off the GUI thread; one on closing."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._thread: threading.Thread | None = None
        self.error: str | None = None
        self._error_shown = False

    def tick(self, parent=None) -> None:
        if self.error and not self._error_shown:
            self._error_shown = True
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(parent, _("Automatic backup failed"), self.error)
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self._run, name="daily-backup", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from disputedesk.storage import backup

        try:
            self.services.backups.automatic(backup.DAILY)
        except DisputeDeskError as err:
            self.error = str(err)

    def wait(self) -> None:
        """Let a running daily backup finish (before the store closes or a restore)."""
        if self._thread is not None:
            self._thread.join()

    def on_close(self) -> str | None:
        """The closing backup; returns a message when it failed."""
        self.wait()
        from disputedesk.storage import backup

        try:
            self.services.backups.automatic(backup.ON_CLOSE)
        except DisputeDeskError as err:
            return str(err)
        return None


def prepare_window(paths: DataPaths | None = None) -> None:
    """What the window needs, done while the database is checked (see `_checked_while`): its
    modules, the areas' extension modules and the module of the section it opens on
    imported; PySide's Qt.* enums built (done at their first use otherwise, tens of
    milliseconds); the database mappings configured (otherwise the first read does it, a
    tenth of a second of Python competing with the GUI thread)."""
    import importlib

    from PySide6.QtCore import Qt  # noqa: F401  (this import builds the enums)
    from sqlalchemy.orm import configure_mappers

    import disputedesk.ui.main_window
    import disputedesk.ui.shell.dispute_page  # noqa: F401  (built right after the paint)
    from disputedesk.ui.extensions import load_registry
    from disputedesk.ui.shell.ui_state import UiState

    registry = load_registry()
    remembered = UiState(paths.ui_state_file).get_text("section") if paths else None
    first = registry.first_section(remembered)
    # The first section's module, then the dispute page's tabs (the first dispute opened
    # otherwise imports them: about a tenth of a second on a 2-core machine).
    modules = [first.module] if first is not None and first.module else []
    modules += [panel.module for panel in registry.dispute_panels if panel.module]
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # its factory fails the same way, and the window says so
            pass
    configure_mappers()
    # Babel reads a locale's date formats from disk at their first use (~45 ms).
    from datetime import UTC, datetime

    from disputedesk.ui.disputes.formats import short_moment

    short_moment(datetime.now(UTC))


def _run_window(app, services: Services, scheduler: BackupScheduler) -> int:
    from PySide6.QtCore import QTimer

    from disputedesk.ui.main_window import MainWindow

    window = MainWindow(services)
    window.show()
    timer = QTimer(window)
    timer.setInterval(DAILY_CHECK_MS)
    timer.timeout.connect(lambda: scheduler.tick(window))
    timer.start()
    QTimer.singleShot(FIRST_CHECK_MS, window, lambda: scheduler.tick(window))
    try:
        return app.exec()
    finally:
        timer.stop()
        window.close()
        window.deleteLater()
        # Workers of the window (PDF generation, searches) use the store about to be closed.
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone()


def run_gui(
    *, data_dir: str | None = None, lang: str | None = None, early: EarlyCheck | None = None
) -> int:
    """The window. `early`: the check the command line started for this data folder before
    importing the rest (see `disputedesk.cli.main`); started here when not given."""
    code = set_language(lang)
    paths = resolve_data_dir(data_dir)
    if early is None or early.database != paths.database:
        early = EarlyCheck(paths.database)  # first: it takes the longest

    from PySide6.QtWidgets import QApplication

    from disputedesk.services import Services
    from disputedesk.ui.application import create_application
    from disputedesk.ui.safety.restart import RESTORE_EXIT_CODE, take_pending_restore

    app = QApplication.instance() or create_application(sys.argv[:1], code)
    prompts = StartupPrompts()
    while True:
        store = open_checked(paths, prompts, meanwhile=lambda: prepare_window(paths), early=early)
        early = None
        if store is None:
            return 1
        services = Services.build(store)
        scheduler = BackupScheduler(services)
        try:
            result = _run_window(app, services, scheduler)
            pending = take_pending_restore()
            if pending is None:
                problem = scheduler.on_close()
                if problem:
                    prompts.fail(_("Automatic backup failed"), problem)
        finally:
            scheduler.wait()
            store.close()
        if pending is None:
            return 0 if result == RESTORE_EXIT_CODE else result
        restore_and_report(paths, pending, prompts)
