"""Health of the store: integrity check, attachment hashes, backups and restore."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text

from disputedesk.models import AttachmentRow, BusinessProfileRow, DocumentRow
from disputedesk.storage import backup
from disputedesk.storage.store import Store


@dataclass(frozen=True, slots=True)
class CheckProblem:
    kind: str  # "database", "missing_file", "damaged_file", "leftover_file"
    detail: str


@dataclass(frozen=True, slots=True)
class CheckReport:
    database_ok: bool
    files_checked: int
    problems: tuple[CheckProblem, ...]

    @property
    def ok(self) -> bool:
        return self.database_ok and not self.problems


class MaintenanceService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def check(self) -> CheckReport:
        problems: list[CheckProblem] = []
        with self._store.read() as s:
            results = [r[0] for r in s.execute(text("PRAGMA integrity_check")).fetchall()]
            db_ok = results == ["ok"]
            if not db_ok:
                problems.extend(CheckProblem("database", r) for r in results[:20])
            fk = s.execute(text("PRAGMA foreign_key_check")).fetchall()
            if fk:
                db_ok = False
                problems.append(CheckProblem("database", f"{len(fk)} broken links"))
            att = {
                (sha, name)
                for sha, name in s.execute(
                    select(AttachmentRow.sha256, AttachmentRow.original_name)
                )
            }
            profile = s.get(BusinessProfileRow, 1)
            if profile is not None:
                for sha in (profile.logo_sha256, profile.signature_sha256):
                    if sha:
                        att.add((sha, "logo/signature"))
            docs = {
                (sha, name)
                for sha, name in s.execute(select(DocumentRow.sha256, DocumentRow.file_name))
            }
        checked = 0
        for store, items in ((self._store.attachments, att), (self._store.documents, docs)):
            seen: set[str] = set()
            for sha, name in sorted(items):
                if sha in seen:
                    continue
                seen.add(sha)
                checked += 1
                if not store.path_for(sha).is_file():
                    problems.append(CheckProblem("missing_file", name))
                elif not store.verify(sha):
                    problems.append(CheckProblem("damaged_file", name))
            problems.extend(CheckProblem("leftover_file", p.name) for p in store.leftovers())
        return CheckReport(db_ok, checked, tuple(problems))

    def backup(self, dest: Path | None = None) -> backup.BackupInfo:
        return backup.create_backup(self._store.paths, dest)

    def list_backups(self) -> list[backup.BackupInfo]:
        return backup.list_backups(self._store.paths)
