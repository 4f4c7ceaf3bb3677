"""Opening the data folder: checks, lock, migrations (with a backup first), sessions."""

from __future__ import annotations

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
from disputedesk.storage.files import FileStore
from disputedesk.storage.lock import DataDirLock


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
        """One unit of work: commit on success, roll back on any error."""
        with self.session_factory() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read: a deferred transaction, so it never waits for or blocks a writer (WAL)."""
        with self.read_session_factory() as session:
            yield session

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
        raise StoreError(
            N_("The data folder {folder} cannot be created or written: {reason}"),
            folder=str(paths.root),
            reason=exc.strerror or str(exc),
        ) from exc
    if not is_sqlite_file(paths.database):
        raise StoreError(
            N_("{file} is not a DisputeDesk database (not an SQLite file); it was left untouched."),
            file=str(paths.database),
        )
    data_lock = DataDirLock(paths.lock_file) if lock else None
    if data_lock is not None:
        data_lock.acquire()
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
