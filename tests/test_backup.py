"""Backups: consistent copy with attachments, exact round trip, rotation, damaged inputs."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from disputedesk.domain.errors import StoreError
from disputedesk.services import Services
from disputedesk.services.demo_service import seed_demo
from disputedesk.settings import Settings, save_settings
from disputedesk.storage import backup
from disputedesk.storage.backup import BackupInfo, rotation_keeps
from disputedesk.storage.lock import DataDirLock
from disputedesk.storage.store import open_store


def _snapshot(services: Services) -> tuple[dict, dict]:
    """Every table's rows and every stored file's bytes."""
    data = services.transfer.export_data()
    tables = data["tables"] if "tables" in data else data
    root = services.store.paths.root
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("attachments", "documents")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }
    return tables, files


def test_round_trip_is_exact(data_paths):
    store = open_store(data_paths)
    services = Services.build(store)
    seed_demo(services)
    save_settings(data_paths.settings_file, Settings().with_changes(backup_keep_daily=3))
    before = _snapshot(services)
    info = services.backups.create()
    assert info.counts["customer"] == 12 and info.counts["dispute"] == 15
    assert info.files == len(before[1]) > 0
    # Change everything after the backup: new rows, a deleted file, other settings.
    from disputedesk.domain.records import CustomerDraft

    services.customers.create(CustomerDraft(last_name="Après"))
    victim = next(p for p in data_paths.attachments.rglob("*") if p.is_file())
    victim.unlink()
    save_settings(data_paths.settings_file, Settings())
    store.close()

    with DataDirLock(data_paths.lock_file):
        restored = backup.restore_backup(data_paths, info.path)
    assert restored.path == info.path
    store = open_store(data_paths)
    try:
        services = Services.build(store)
        assert _snapshot(services) == before
        assert services.maintenance.check().ok
        # The state replaced by the restore was saved first, and is listed.
        reasons = [b.reason for b in services.backups.list()]
        assert backup.BEFORE_RESTORE in reasons
    finally:
        store.close()
    from disputedesk.settings import load_settings

    assert load_settings(data_paths.settings_file).backup_keep_daily == 3


def test_backup_is_consistent_while_a_writer_holds_uncommitted_changes(services, data_paths):
    from disputedesk.domain.records import CustomerDraft

    services.customers.create(CustomerDraft(last_name="Committed"))
    writer = sqlite3.connect(data_paths.database)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE customer SET last_name = 'Uncommitted' WHERE last_name = 'Committed'")
    info = services.backups.create()
    writer.rollback()
    writer.close()
    with zipfile.ZipFile(info.path) as zf, open(data_paths.root / "copy.db", "wb") as out:
        out.write(zf.read("disputedesk.sqlite3"))
    con = sqlite3.connect(data_paths.root / "copy.db")
    assert con.execute("SELECT last_name FROM customer").fetchall() == [("Committed",)]
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


def test_automatic_backup_once_a_day_and_only_when_changed(services):
    now = datetime.now(UTC)
    first = services.backups.automatic(now=now)
    assert first is not None and first.reason == backup.DAILY
    assert services.backups.automatic(now=now + timedelta(hours=3)) is None  # not due
    # Due again the next day, but nothing changed: no new file.
    assert services.backups.automatic(now=now + timedelta(days=1, minutes=1)) is None
    from disputedesk.domain.records import CustomerDraft

    services.customers.create(CustomerDraft(last_name="Neuf"))
    assert services.backups.automatic(now=now + timedelta(days=1, minutes=2)) is not None
    # On close: not limited to once a day, still skipped if nothing changed.
    assert services.backups.automatic(backup.ON_CLOSE) is None
    services.customers.create(CustomerDraft(last_name="Encore"))
    assert services.backups.automatic(backup.ON_CLOSE).reason == backup.ON_CLOSE


def _info(day: datetime, reason: str = backup.DAILY) -> BackupInfo:
    return BackupInfo(Path(f"b-{day.isoformat()}.zip"), day, "1", 0, 0, reason)


def test_rotation_keeps_7_daily_4_weekly_12_monthly():
    now = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    # Two backups a day for two years.
    infos = [_info(now - timedelta(days=d, hours=h)) for d in range(730) for h in (0, 6)]
    keep = rotation_keeps(infos, daily=7, weekly=4, monthly=12, now=now)
    kept = sorted((i for i in infos if i.path in keep), key=lambda i: i.created_at, reverse=True)
    days = {i.created_at.date() for i in kept}
    # The newest of each of the last 7 days...
    for d in range(7):
        assert (now - timedelta(days=d)).date() in days
    # ... one per week for 4 weeks and one per month for 12 months, nothing older.
    assert {i.created_at.isocalendar()[:2] for i in kept} >= {
        (now - timedelta(weeks=w)).isocalendar()[:2] for w in range(4)
    }
    months = {(i.created_at.year, i.created_at.month) for i in kept}
    assert len(months) == 12
    assert min(i.created_at for i in kept) > now - timedelta(days=366)
    assert len(kept) <= 7 + 4 + 12


def test_rotation_protects_recent_safety_copies_and_the_last_backup():
    now = datetime(2026, 11, 23, tzinfo=UTC)
    safety = _info(now - timedelta(days=3, hours=5), backup.BEFORE_RESTORE)
    old_safety = _info(now - timedelta(days=90), backup.BEFORE_UPGRADE)
    infos = [_info(now - timedelta(days=3)), safety, old_safety]
    keep = rotation_keeps(infos, daily=1, weekly=0, monthly=0, now=now)
    assert safety.path in keep and old_safety.path not in keep
    assert rotation_keeps(infos, daily=0, weekly=0, monthly=0, now=now) >= {infos[0].path}


def test_rotation_deletes_files(services, data_paths):
    from disputedesk.domain.records import CustomerDraft

    for n in range(4):
        services.customers.create(CustomerDraft(last_name=f"N{n}"))
        services.backups.create()
    save_settings(
        data_paths.settings_file,
        Settings().with_changes(backup_keep_daily=1, backup_keep_weekly=0, backup_keep_monthly=0),
    )
    removed = services.backups.rotate()
    assert len(removed) == 3 and len(services.backups.list()) == 1


def test_migration_makes_a_full_backup(tmp_path):
    from alembic import command

    from disputedesk.paths import DataPaths
    from disputedesk.storage import migrate
    from disputedesk.storage.engine import make_engine
    from disputedesk.storage.files import FileStore

    if len(migrate.known_revisions()) < 2:
        pytest.skip("needs two migrations")
    paths = DataPaths(tmp_path / "old")
    paths.ensure()
    engine = make_engine(paths.database)
    with engine.connect() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.commit()
    engine.dispose()
    FileStore(paths.attachments).put_bytes(b"evidence")
    open_store(paths).close()
    infos = backup.list_backups(paths)
    assert [(i.reason, i.files) for i in infos] == [(backup.BEFORE_UPGRADE, 1)]


@pytest.mark.parametrize(
    "damage",
    ["not-a-zip", "truncated", "no-database", "damaged-database", "traversal", "newer-version"],
)
def test_bad_backups_are_refused_and_nothing_changes(services, data_paths, tmp_path, damage):
    from disputedesk.domain.records import CustomerDraft

    services.customers.create(CustomerDraft(last_name="Gardé"))
    good = services.backups.create()
    bad = tmp_path / f"{backup.PREFIX}bad.zip"
    raw = good.path.read_bytes()
    if damage == "not-a-zip":
        bad.write_bytes(b"hello")
    elif damage == "truncated":
        bad.write_bytes(raw[: len(raw) // 2])
    else:
        with zipfile.ZipFile(good.path) as src, zipfile.ZipFile(bad, "w") as out:
            for item in src.infolist():
                data = src.read(item)
                if item.filename == "disputedesk.sqlite3":
                    if damage == "no-database":
                        continue
                    if damage == "damaged-database":
                        data = data[:4096] + b"\x00garbage" * 2000 + data[4096 + 16000 :]
                    if damage == "newer-version":
                        data = _with_revision(tmp_path, data, "ffff_from_the_future")
                out.writestr(item, data)
            if damage == "traversal":
                out.writestr("../../evil.txt", b"x")
    services.store.engine.dispose()
    before = data_paths.database.read_bytes()
    with pytest.raises(StoreError) as err:
        backup.restore_backup(data_paths, bad)
    if damage == "newer-version":
        assert "newer version" in str(err.value)
    assert data_paths.database.read_bytes() == before
    assert not (data_paths.root.parent / "evil.txt").exists()
    assert not list(data_paths.root.glob(".restore-*"))


def _with_revision(tmp_path: Path, db: bytes, revision: str) -> bytes:
    f = tmp_path / "rev.sqlite3"
    f.write_bytes(db)
    con = sqlite3.connect(f)
    con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.commit()
    con.close()
    return f.read_bytes()


def test_latest_good_backup_skips_damaged_ones(services, data_paths):
    good = services.backups.create()
    newer = data_paths.backups / f"{backup.PREFIX}29990101-000000-000000.zip"
    with zipfile.ZipFile(good.path) as src, zipfile.ZipFile(newer, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == backup.MANIFEST:
                data = data.replace(b'"created_at": "20', b'"created_at": "29')
            if item.filename == "disputedesk.sqlite3":
                data = b"SQLite format 3\x00" + b"\xff" * (len(data) - 16)
            out.writestr(item, data)
    assert services.backups.latest_good().path == good.path


def test_backup_failure_is_a_clear_store_error(services, data_paths, monkeypatch):
    import errno

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup.zipfile.ZipFile, "write", full)
    with pytest.raises(StoreError) as err:
        services.backups.create()
    assert "No space left" in str(err.value)
    assert not list(data_paths.backups.glob("*.part"))
    assert not list(data_paths.backups.glob(".backup-*"))
    assert services.backups.list() == []
