"""The SQLite engine with its pragmas set on every connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 5000

SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite_file(path: Path) -> bool:
    """An empty or absent file is fine (a new store); anything else must be SQLite."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    with open(path, "rb") as fh:
        return fh.read(16) == SQLITE_HEADER


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record) -> None:
    # PITFALLS 3: inside the driver's implicit transaction these pragmas are silently ignored
    # (WAL stays off, foreign_keys stays 0). Switch to autocommit while setting them.
    previous = dbapi_conn.isolation_level
    dbapi_conn.isolation_level = None
    try:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()
    finally:
        dbapi_conn.isolation_level = previous


READ_ONLY_OPTION = "disputedesk_read_only"


def _begin(conn) -> None:
    # A deferred BEGIN lets two writers deadlock when both upgrade to a write lock, so units
    # of work take the write lock at once; reads stay deferred so WAL lets them run alongside.
    if conn.get_execution_options().get(READ_ONLY_OPTION):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{db_path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _set_pragmas)

    # Let SQLAlchemy, not the driver, emit BEGIN (SQLAlchemy's documented SQLite recipe).
    @event.listens_for(engine, "connect")
    def _no_driver_begin(dbapi_conn, _record):
        dbapi_conn.isolation_level = None

    event.listen(engine, "begin", _begin)
    return engine


def make_session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    bind = engine.execution_options(**{READ_ONLY_OPTION: True}) if read_only else engine
    return sessionmaker(bind, expire_on_commit=False)
