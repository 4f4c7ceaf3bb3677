"""Schema migrations with Alembic, configured in code (no alembic.ini at run time).

`python -m disputedesk.storage.migrate revision "message"` writes a new revision from the
models (developers only).
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from disputedesk.domain.errors import StoreError
from disputedesk.i18n import N_


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "disputedesk.storage:migrations")
    cfg.set_main_option("path_separator", "os")
    # Revisions are named NNNN_message.py so their order reads at a glance.
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    return cfg


def include_name(name, type_, parent_names) -> bool:
    """Autogenerate filter: the full-text search index (FTS5 virtual tables and their shadow
    tables, migration 0005) is not in the models; never propose to drop it."""
    return not (type_ == "table" and name and name.startswith("search_"))


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {heads}")
    return heads[0]


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True, slots=True)
class MigrationPlan:
    current: str | None
    head: str

    @property
    def needed(self) -> bool:
        return self.current != self.head


def plan(engine: Engine) -> MigrationPlan:
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        # Never touch a database a newer DisputeDesk wrote: we cannot know its rules.
        raise StoreError(
            N_(
                "This data was saved by a newer version of DisputeDesk. "
                "Install the latest version to open it; nothing was changed."
            )
        )
    return MigrationPlan(current, head_revision())


def upgrade(engine: Engine, cfg: Config | None = None) -> None:
    """Upgrade to head with foreign keys off, checking them before commit (PITFALLS 4)."""
    with engine.connect() as conn:
        # foreign_keys can only change outside a transaction: use the raw driver connection,
        # before SQLAlchemy begins one.
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg = cfg or alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                problems = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if problems:
                    raise StoreError(
                        N_("The upgrade found broken links in the data; nothing was changed.")
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def backup_before_upgrade(db_path: Path, backups_dir: Path, current: str | None) -> Path | None:
    """Copy the database aside (SQLite online backup API) before any schema change."""
    if current is None or not db_path.exists():
        return None
    from disputedesk.storage.backup import timestamp

    backups_dir.mkdir(parents=True, exist_ok=True)
    dest = backups_dir / f"before-upgrade-{current}-{timestamp()}.sqlite3"
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return dest


def _next_rev_id() -> str:
    versions = Path(__file__).parent / "migrations" / "versions"
    numbers = [int(p.name[:4]) for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py")]
    return f"{max(numbers, default=0) + 1:04d}"


def _revision(message: str) -> None:
    import tempfile

    from disputedesk.storage.engine import make_engine

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "db.sqlite3")
        upgrade(engine)
        with engine.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True, rev_id=_next_rev_id())
            conn.commit()
        engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "revision":
        _revision(sys.argv[2])
    else:
        print('usage: python -m disputedesk.storage.migrate revision "message"')
        sys.exit(2)
