"""Backups: one zip holding a consistent copy of the database (SQLite online backup API),
the attachment and document stores and the settings. Restoring first saves the current state.

Automatic backups (on closing, at most once a day while the app runs, before a migration and
before a restore) go to the data folder's `backups/` and are thinned by `rotate_backups`
(newest of each of the last N days, weeks and months). The app, the restore dialog and the
`disputedesk backup` / `restore` commands all use these functions.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from disputedesk import __version__
from disputedesk.domain.errors import StoreError
from disputedesk.i18n import N_
from disputedesk.paths import DB_NAME, DataPaths

MANIFEST = "disputedesk-backup.json"
PREFIX = "disputedesk-backup-"
SETTINGS_NAME = "settings.json"

# Why a backup was made (stored in the manifest, shown in the restore dialog).
MANUAL = "manual"
DAILY = "daily"
ON_CLOSE = "close"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"
PROTECTED_REASONS = (BEFORE_UPGRADE, BEFORE_RESTORE)
PROTECTED_DAYS = 30  # safety copies made before an upgrade or a restore stay at least this long
AUTO_INTERVAL = timedelta(days=1)

# Tables counted for the restore dialog ("what is in this backup").
COUNTED = ("customer", "dispute", "journal_entry", "attachment", "document", "invoice")
# Already-compressed files are stored as they are (deflating them only costs time).
_STORED_EXTENSIONS = (".pdf",)


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created_at: datetime
    app_version: str
    files: int
    size: int
    reason: str = MANUAL
    counts: dict[str, int] = field(default_factory=dict)
    database_sha256: str = ""


def _copy_database(src: Path, dest: Path) -> None:
    """A consistent copy even while the app writes (SQLite online backup API)."""
    source = sqlite3.connect(src)
    try:
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def _count_rows(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        counts = {}
        for table in COUNTED:
            try:
                counts[table] = int(con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            except sqlite3.DatabaseError:
                continue
        return counts
    finally:
        con.close()


# Attachments are stored under their hash, without extension: recognise already-compressed
# formats (photos, PDFs, archives, videos) by their first bytes.
_COMPRESSED_MAGIC = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG",
    b"%PDF",
    b"PK\x03\x04",  # zip, docx, odt…
    b"GIF8",
    b"RIFF",  # webp, avi, wav
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
    b"Rar!",
)


def _compressed(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
    except OSError:
        return False
    return head.startswith(_COMPRESSED_MAGIC) or head[4:8] == b"ftyp"  # heic, mp4, mov


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _store_files(paths: DataPaths) -> list[tuple[Path, str]]:
    found = []
    for folder in (paths.attachments, paths.documents):
        if folder.exists():
            for f in sorted(folder.rglob("*")):
                if f.is_file() and not f.name.startswith("."):
                    found.append((f, f.relative_to(paths.root).as_posix()))
    return found


def _os_error(exc: OSError, folder: Path) -> StoreError:
    return StoreError(
        N_("The backup could not be written in {folder}: {reason}"),
        folder=str(folder),
        reason=exc.strerror or str(exc),
    )


def create_backup(
    paths: DataPaths,
    dest: Path | None = None,
    *,
    reason: str = MANUAL,
    skip_if_unchanged: bool = False,
) -> BackupInfo | None:
    """Write a backup zip; `dest` may be a folder or a file name (default: the backups folder).

    With `skip_if_unchanged`, nothing is written (and None returned) when the database is
    identical to the newest backup's: the stores only change with the database.
    """
    name = f"{PREFIX}{timestamp()}.zip"
    if dest is None:
        dest = paths.backups / name
    elif dest.is_dir():
        dest = dest / name
    if not paths.database.exists():
        raise StoreError(N_("There is no database to back up in {folder}."), folder=str(paths.root))
    tmp_dest = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".backup-") as tmp:
            db_copy = Path(tmp) / DB_NAME
            try:
                _copy_database(paths.database, db_copy)
            except sqlite3.DatabaseError as exc:
                raise StoreError(
                    N_("The database cannot be backed up: {reason}"), reason=str(exc)
                ) from exc
            db_sha = _file_sha256(db_copy)
            if skip_if_unchanged:
                latest = list_backups(paths)
                if latest and latest[0].database_sha256 == db_sha:
                    return None
            files = _store_files(paths)
            manifest = {
                "app_version": __version__,
                "created_at": datetime.now(UTC).isoformat(),
                "reason": reason,
                "files": len(files),
                "counts": _count_rows(db_copy),
                "database_sha256": db_sha,
            }
            with zipfile.ZipFile(tmp_dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
                zf.write(db_copy, DB_NAME)
                if paths.settings_file.is_file():
                    zf.write(paths.settings_file, SETTINGS_NAME)
                for path, arcname in files:
                    kind = (
                        zipfile.ZIP_STORED
                        if path.suffix.lower() in _STORED_EXTENSIONS or _compressed(path)
                        else zipfile.ZIP_DEFLATED
                    )
                    zf.write(path, arcname, compress_type=kind)
            with open(tmp_dest, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp_dest, dest)
    except OSError as exc:
        tmp_dest.unlink(missing_ok=True)
        raise _os_error(exc, dest.parent) from exc
    except BaseException:
        tmp_dest.unlink(missing_ok=True)
        raise
    return read_backup_info(dest)


def read_backup_info(path: Path) -> BackupInfo:
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST))
            names = zf.namelist()
        if not isinstance(manifest, dict) or DB_NAME not in names:
            raise ValueError("no database")
        counts = manifest.get("counts") or {}
        return BackupInfo(
            path=path,
            created_at=datetime.fromisoformat(manifest["created_at"]),
            app_version=str(manifest.get("app_version", "?")),
            files=int(manifest.get("files", 0)),
            size=path.stat().st_size,
            reason=str(manifest.get("reason", MANUAL)),
            counts={str(k): int(v) for k, v in counts.items()},
            database_sha256=str(manifest.get("database_sha256", "")),
        )
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise StoreError(
            N_("{file} is not a DisputeDesk backup."), field="file", file=path.name
        ) from exc


def list_backups(paths: DataPaths) -> list[BackupInfo]:
    """Backups in the data folder, newest first (unreadable files are skipped)."""
    infos = []
    if not paths.backups.is_dir():
        return infos
    for f in paths.backups.glob(f"{PREFIX}*.zip"):
        try:
            infos.append(read_backup_info(f))
        except StoreError:
            continue
    infos.sort(key=lambda i: (i.created_at, i.path.name), reverse=True)
    return infos


def backup_due(paths: DataPaths, now: datetime | None = None) -> bool:
    """True when no backup was made in the last day (automatic daily backup)."""
    now = now or datetime.now(UTC)
    latest = list_backups(paths)
    return not latest or now - latest[0].created_at >= AUTO_INTERVAL


def rotation_keeps(
    infos: list[BackupInfo], *, daily: int, weekly: int, monthly: int, now: datetime
) -> set[Path]:
    """Which backups to keep: the newest of each of the last `daily` days, `weekly` ISO weeks
    and `monthly` months that have one, plus recent safety copies (before upgrade/restore)."""
    keep: set[Path] = set()
    newest_first = sorted(infos, key=lambda i: i.created_at, reverse=True)
    for limit, bucket in (
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ):
        seen: list = []
        for info in newest_first:
            key = bucket(info.created_at)
            if key in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(key)
            keep.add(info.path)
    for info in newest_first:
        if info.reason in PROTECTED_REASONS and now - info.created_at < timedelta(
            days=PROTECTED_DAYS
        ):
            keep.add(info.path)
    if newest_first:
        keep.add(newest_first[0].path)  # never delete the last backup
    return keep


def rotate_backups(
    paths: DataPaths, *, daily: int, weekly: int, monthly: int, now: datetime | None = None
) -> list[Path]:
    """Delete the backups the rotation does not keep; returns the deleted paths."""
    infos = list_backups(paths)
    keep = rotation_keeps(
        infos, daily=daily, weekly=weekly, monthly=monthly, now=now or datetime.now(UTC)
    )
    removed = []
    for info in infos:
        if info.path not in keep:
            try:
                info.path.unlink()
                removed.append(info.path)
            except OSError:
                continue
    return removed


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return (
        (
            name in (DB_NAME, SETTINGS_NAME)
            or (len(parts) >= 2 and parts[0] in ("attachments", "documents"))
        )
        and ".." not in parts
        and not name.startswith(("/", "\\"))
        and "\\" not in name
        and ":" not in name
        and not Path(name).is_absolute()
    )


def _database_ok(db: Path) -> bool:
    try:
        con = sqlite3.connect(db)
    except sqlite3.DatabaseError:
        return False
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def _schema_known(db: Path) -> bool:
    """False for a database written by a newer DisputeDesk (restoring it would leave a data
    folder this version refuses to open)."""
    from disputedesk.storage.migrate import known_revisions

    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return True  # no version table: an old backup, migrated at opening
    finally:
        con.close()
    return row is None or row[0] in known_revisions()


def set_aside_damaged(paths: DataPaths) -> Path | None:
    """Move a damaged database (and its WAL) into backups/damaged-<time>/: never deleted."""
    if not paths.database.exists():
        return None
    folder = paths.backups / f"damaged-{timestamp()}"
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(paths.database) + suffix)
        if src.exists():
            os.replace(src, folder / src.name)
    return folder


def restore_backup(
    paths: DataPaths,
    source: Path,
    *,
    progress: Callable[[str], None] | None = None,
) -> BackupInfo:
    """Replace the data with the backup's, after saving the current state as a backup (or, if
    the current database is too damaged to be backed up, moving it aside untouched).

    The caller holds the data-folder lock and has closed every connection to the database.
    Nothing is replaced unless the backup is complete and its database passes integrity_check.
    """
    info = read_backup_info(source)
    try:
        with tempfile.TemporaryDirectory(dir=paths.root, prefix=".restore-") as tmp:
            staging = Path(tmp)
            try:
                with zipfile.ZipFile(source) as zf:
                    for member in zf.infolist():
                        if member.filename == MANIFEST or member.is_dir():
                            continue
                        if not _safe_member(member.filename):
                            raise StoreError(
                                N_("{file} is not a DisputeDesk backup."),
                                field="file",
                                file=source.name,
                            )
                        zf.extract(member, staging)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
                raise StoreError(
                    N_("{file} is damaged or incomplete; nothing was restored."),
                    file=source.name,
                ) from exc
            if not _database_ok(staging / DB_NAME):
                raise StoreError(
                    N_("The database inside {file} is damaged; nothing was restored."),
                    file=source.name,
                )
            if not _schema_known(staging / DB_NAME):
                raise StoreError(
                    N_(
                        "{file} was made by a newer version of DisputeDesk. Install the latest "
                        "version to restore it; nothing was restored."
                    ),
                    file=source.name,
                )
            if progress:
                progress("saving-current")
            if paths.database.exists():
                try:
                    create_backup(paths, reason=BEFORE_RESTORE)
                except StoreError:
                    if _database_ok(paths.database):
                        raise  # a healthy database that cannot be saved: stop here
                    set_aside_damaged(paths)
            if progress:
                progress("replacing")
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
            if (staging / SETTINGS_NAME).is_file():
                os.replace(staging / SETTINGS_NAME, paths.settings_file)
    except OSError as exc:
        raise StoreError(
            N_("The backup could not be restored: {reason}"), reason=exc.strerror or str(exc)
        ) from exc
    return info


def latest_good_backup(paths: DataPaths) -> BackupInfo | None:
    """The newest backup whose database passes integrity_check (for a damaged database)."""
    for info in list_backups(paths):
        try:
            with tempfile.TemporaryDirectory() as tmp:
                with zipfile.ZipFile(info.path) as zf:
                    zf.extract(DB_NAME, tmp)
                if _database_ok(Path(tmp) / DB_NAME):
                    return info
        except (OSError, zipfile.BadZipFile, KeyError, EOFError):
            continue
    return None
