"""Backups: one zip holding a consistent copy of the database (SQLite online backup API)
plus the attachment and document stores. Restoring first backs up the current state."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from disputedesk import __version__
from disputedesk.domain.errors import StoreError
from disputedesk.i18n import N_
from disputedesk.paths import DB_NAME, DataPaths

MANIFEST = "disputedesk-backup.json"


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created_at: datetime
    app_version: str
    files: int
    size: int


def _copy_database(src: Path, dest: Path) -> None:
    source = sqlite3.connect(src)
    try:
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def _store_files(paths: DataPaths) -> list[tuple[Path, str]]:
    found = []
    for folder in (paths.attachments, paths.documents):
        if folder.exists():
            for f in sorted(folder.rglob("*")):
                if f.is_file() and not f.name.startswith(".incoming-"):
                    found.append((f, f.relative_to(paths.root).as_posix()))
    return found


def create_backup(paths: DataPaths, dest: Path | None = None) -> BackupInfo:
    """Write a backup zip; `dest` may be a folder or a file name (default: the backups folder)."""
    name = f"disputedesk-backup-{timestamp()}.zip"
    if dest is None:
        dest = paths.backups / name
    elif dest.is_dir():
        dest = dest / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not paths.database.exists():
        raise StoreError(N_("There is no database to back up in {folder}."), folder=str(paths.root))
    files = _store_files(paths)
    tmp_dest = dest.with_name(dest.name + ".part")
    with tempfile.TemporaryDirectory() as tmp:
        db_copy = Path(tmp) / DB_NAME
        _copy_database(paths.database, db_copy)
        manifest = {
            "app_version": __version__,
            "created_at": datetime.now(UTC).isoformat(),
            "files": len(files),
        }
        with zipfile.ZipFile(tmp_dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
            zf.write(db_copy, DB_NAME)
            for path, arcname in files:
                zf.write(path, arcname)
    with open(tmp_dest, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp_dest, dest)
    return read_backup_info(dest)


def read_backup_info(path: Path) -> BackupInfo:
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST))
            names = zf.namelist()
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise StoreError(
            N_("{file} is not a DisputeDesk backup."), field="file", file=path.name
        ) from exc
    if DB_NAME not in names:
        raise StoreError(N_("{file} is not a DisputeDesk backup."), field="file", file=path.name)
    return BackupInfo(
        path=path,
        created_at=datetime.fromisoformat(manifest["created_at"]),
        app_version=str(manifest.get("app_version", "?")),
        files=int(manifest.get("files", 0)),
        size=path.stat().st_size,
    )


def list_backups(paths: DataPaths) -> list[BackupInfo]:
    infos = []
    for f in sorted(paths.backups.glob("disputedesk-backup-*.zip"), reverse=True):
        try:
            infos.append(read_backup_info(f))
        except StoreError:
            continue
    return infos


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return (
        (name == DB_NAME or (len(parts) >= 2 and parts[0] in ("attachments", "documents")))
        and ".." not in parts
        and not Path(name).is_absolute()
    )


def restore_backup(paths: DataPaths, source: Path) -> BackupInfo:
    """Replace the data with the backup's, after saving the current state as a backup.

    The caller holds the data-folder lock and has closed every connection to the database.
    """
    info = read_backup_info(source)
    with tempfile.TemporaryDirectory(dir=paths.root) as tmp:
        staging = Path(tmp)
        with zipfile.ZipFile(source) as zf:
            for member in zf.namelist():
                if member == MANIFEST:
                    continue
                if not _safe_member(member):
                    raise StoreError(
                        N_("{file} is not a DisputeDesk backup."), field="file", file=source.name
                    )
                zf.extract(member, staging)
        con = sqlite3.connect(staging / DB_NAME)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            ok = False
        finally:
            con.close()
        if not ok:
            raise StoreError(
                N_("The database inside {file} is damaged; nothing was restored."),
                file=source.name,
            )
        if paths.database.exists():
            create_backup(paths)
        for suffix in ("-wal", "-shm"):
            Path(str(paths.database) + suffix).unlink(missing_ok=True)
        os.replace(staging / DB_NAME, paths.database)
        for folder in ("attachments", "documents"):
            target = paths.root / folder
            if target.exists():
                shutil.rmtree(target)
            if (staging / folder).exists():
                os.replace(staging / folder, target)
            else:
                target.mkdir(parents=True, exist_ok=True)
    return info
