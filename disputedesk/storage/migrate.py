"""Schema migrations with Alembic, configured in code (no alembic.ini at run time).

Alembic is imported only when the stored schema differs from the code's (a quarter of a
second at every start otherwise): `plan()` reads `alembic_version` with plain SQL and the
head from the revision files' `revision =` / `down_revision =` lines, and asks Alembic only
when they differ or cannot be read that simply.

`python -m disputedesk.storage.migrate revision "message"` writes a new revision from the
models (developers only).
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from disputedesk.domain.errors import StoreError
from disputedesk.i18n import N_

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = "disputedesk.storage:migrations"


def script_location() -> str:
    """Where the revisions are (`package:folder` or a path); tests point it elsewhere."""
    return SCRIPT_LOCATION


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", script_location())
    cfg.set_main_option("path_separator", "os")
    # Revisions are named NNNN_message.py so their order reads at a glance.
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    return cfg


def include_name(name, type_, parent_names) -> bool:
    """Autogenerate filter: the full-text search index (FTS5 virtual tables and their shadow
    tables, migration 0005) is not in the models; never propose to drop it."""
    return not (type_ == "table" and name and name.startswith("search_"))


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {heads}")
    return heads[0]


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database (None for a new one)."""
    stored = _stored_revisions(engine)
    if stored is not None and len(stored) <= 1:
        return stored[0] if stored else None
    from alembic.runtime.migration import MigrationContext  # several rows: Alembic decides

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stored_revisions(engine: Engine) -> list[str] | None:
    """The rows of `alembic_version` with plain SQL ([] when there is no such table)."""
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        if found is None:
            return []
        return [str(r[0]) for r in conn.execute(text("SELECT version_num FROM alembic_version"))]


_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*['"]([^'"]+)['"]\s*$""", re.M)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(None|['"]([^'"]+)['"])\s*$""", re.M)


def _versions_folder(location: str) -> Path | None:
    if ":" in location and not Path(location).is_absolute():
        package, _sep, sub = location.partition(":")
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        return Path(next(iter(spec.submodule_search_locations))) / sub / "versions"
    return Path(location) / "versions"


def quick_head_revision() -> str | None:
    """The single head read from the revision files' own lines, without Alembic; None when
    that is not certain (no files, a merge, a branch, a line in another form): ask Alembic."""
    try:
        folder = _versions_folder(script_location())
        if folder is None:
            return None
        revisions: set[str] = set()
        parents: set[str] = set()
        for path in folder.glob("*.py"):
            if path.name.startswith("_"):
                continue
            source = path.read_text(encoding="utf-8")
            rev = _REVISION.findall(source)
            down = _DOWN.findall(source)
            if len(rev) != 1 or len(down) != 1 or rev[0] in revisions:
                return None
            revisions.add(rev[0])
            if down[0][0] != "None":
                parents.add(down[0][1])
    except (OSError, ValueError, ImportError):
        return None
    heads = revisions - parents
    if len(heads) != 1 or not parents <= revisions:
        return None
    return heads.pop()


@dataclass(frozen=True, slots=True)
class MigrationPlan:
    current: str | None
    head: str

    @property
    def needed(self) -> bool:
        return self.current != self.head


def plan(engine: Engine) -> MigrationPlan:
    stored = _stored_revisions(engine)
    if stored is not None and len(stored) == 1:
        head = quick_head_revision()
        if head is not None and stored[0] == head:
            return MigrationPlan(head, head)  # up to date: Alembic is not even imported
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
    from alembic import command

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

    from alembic import command

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
