"""Opening the data folder: checks, lock, migrations (with a backup first), sessions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from disputedesk.domain.errors import StoreError
from disputedesk.i18n import N_
from disputedesk.paths import DataPaths
from disputedesk.storage import backup, migrate
from disputedesk.storage.engine import is_sqlite_file, make_engine, make_session_factory
from disputedesk.storage.files import (
    FileStore,
    full_message,
    gone_message,
    read_only_message,
    storage_error,
)
from disputedesk.storage.lock import DataDirLock


class DatabaseDamaged(StoreError):
    """The database file is not a readable SQLite database: offer to restore a backup."""


# SQLite primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26


def translate_database_error(
    exc: BaseException, paths: DataPaths, *, opening: bool = False
) -> StoreError | None:
    """A StoreError for the SQLite failures a user can act on (full, read-only, unreachable,
    damaged, busy); None for anything else (programming errors stay visible as they are)."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.Error):
        return None
    code = (getattr(orig, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(orig).lower()
    if code == SQLITE_FULL or "disk is full" in text:
        return full_message(paths.root, opening=opening)
    if code == SQLITE_READONLY or "readonly" in text:
        return read_only_message(paths.root, opening=opening)
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN) or "disk i/o" in text or "unable to open" in text:
        return gone_message(paths.root, opening=opening)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return DatabaseDamaged(
            N_(
                "The database {file} is damaged. DisputeDesk stopped before changing "
                "anything; restore a backup (File › Restore from backup…)."
            ),
            file=str(paths.database),
        )
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text:
        return StoreError(
            N_("The data is busy (another DisputeDesk task is saving). Try again in a moment.")
        )
    return None


@dataclass
class Store:
    paths: DataPaths
    engine: Engine
    session_factory: sessionmaker[Session]
    read_session_factory: sessionmaker[Session]
    attachments: FileStore
    documents: FileStore
    lock: DataDirLock | None = None
    upgraded_from: str | None = field(default=None)
    swept: int = 0  # temporary files of interrupted writes removed at opening

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error.

        A full, read-only, unreachable or damaged database raises StoreError with a message
        for the user; nothing of the unit of work is kept (SQLite rolls it back)."""
        try:
            with self.session_factory() as session, session.begin():
                yield session
        except (sa_exc.OperationalError, sa_exc.DatabaseError, sqlite3.Error) as exc:
            if isinstance(exc, sa_exc.IntegrityError):
                raise
            err = translate_database_error(exc, self.paths)
            if err is None:
                raise
            raise err from exc

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read: a deferred transaction, so it never waits for or blocks a writer (WAL)."""
        try:
            with self.read_session_factory() as session:
                yield session
        except (sa_exc.OperationalError, sa_exc.DatabaseError, sqlite3.Error) as exc:
            if isinstance(exc, sa_exc.IntegrityError):
                raise
            err = translate_database_error(exc, self.paths)
            if err is None:
                raise
            raise err from exc

    def quick_check(self) -> list[str]:
        """PRAGMA quick_check at start-up (seconds even on a large file); [] when fine."""
        try:
            with self.engine.connect() as conn:
                rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
        except (sa_exc.DatabaseError, sqlite3.Error) as exc:
            return [str(getattr(exc, "orig", exc))]
        return [] if rows == ["ok"] else rows[:20]

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def open_store(paths: DataPaths, *, lock: bool = True, migrate_db: bool = True) -> Store:
    """Open (creating if needed) the store in `paths`. Raises StoreError with a clear message."""
    try:
        paths.ensure()
    except OSError as exc:
        raise storage_error(exc, paths.root, opening=True) from exc
    check_data_folder(paths)
    if not is_sqlite_file(paths.database):
        raise DatabaseDamaged(
            N_("{file} is not a DisputeDesk database (not an SQLite file); it was left untouched."),
            file=str(paths.database),
        )
    data_lock = DataDirLock(paths.lock_file) if lock else None
    if data_lock is not None:
        try:
            data_lock.acquire()
        except StoreError:
            raise
        except OSError as exc:  # the lock file itself cannot be created: not "already open"
            raise storage_error(exc, paths.root, opening=True) from exc
    engine = make_engine(paths.database)
    try:
        upgraded_from = None
        if migrate_db:
            plan = migrate.plan(engine)
            if plan.needed:
                migrate.backup_before_upgrade(paths.database, paths.backups, plan.current)
                if plan.current is not None:
                    # A full backup (database, attachments, documents) the restore dialog lists.
                    backup.create_backup(paths, reason=backup.BEFORE_UPGRADE)
                migrate.upgrade(engine)
                upgraded_from = plan.current
    except (sqlite3.DatabaseError, sa_exc.DatabaseError) as exc:
        engine.dispose()
        if data_lock:
            data_lock.release()
        translated = translate_database_error(exc, paths, opening=True)
        if translated is not None:
            raise translated from exc
        raise StoreError(
            N_("The database {file} cannot be read: {reason}"),
            file=str(paths.database),
            reason=str(getattr(exc, "orig", exc)),
        ) from exc
    except Exception:
        engine.dispose()
        if data_lock:
            data_lock.release()
        raise
    attachments = FileStore(paths.attachments)
    documents = FileStore(paths.documents, suffix=".pdf")
    swept = _sweep_interrupted_writes(paths, attachments, documents) if data_lock else 0
    return Store(
        paths=paths,
        engine=engine,
        session_factory=make_session_factory(engine),
        read_session_factory=make_session_factory(engine, read_only=True),
        attachments=attachments,
        documents=documents,
        lock=data_lock,
        upgraded_from=upgraded_from,
        swept=swept,
    )


def check_data_folder(paths: DataPaths) -> None:
    """Write, sync and delete a probe file: says plainly when the folder is read-only, full or
    gone (a removed drive) before anything else is tried."""
    probe = paths.root / f".probe-{os.getpid()}"
    try:
        with open(probe, "wb", buffering=0) as fh:
            fh.write(b"disputedesk")
            os.fsync(fh.fileno())
    except OSError as exc:
        raise storage_error(exc, paths.root, opening=True) from exc
    finally:
        try:
            probe.unlink(missing_ok=True)
        except OSError:
            pass


def _sweep_interrupted_writes(paths: DataPaths, *stores: FileStore) -> int:
    """A killed process leaves its temporary files (a rename never happened). Holding the
    folder lock, nobody else can be writing them: remove them so nothing half-written stays."""
    removed = sum(store.remove_leftovers() for store in stores)
    for part in paths.backups.glob("*.part"):
        try:
            part.unlink()
            removed += 1
        except OSError:
            continue
    return removed
