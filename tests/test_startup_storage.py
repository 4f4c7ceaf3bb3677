"""The data folder in trouble: full disk, read-only, vanished, damaged database.

Every failure is a StoreError with a plain message, nothing partial is left, and the same
save works once the problem is gone.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from disputedesk.domain.enums import Channel, Direction, DisputeCategory
from disputedesk.domain.errors import StoreError
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.services.journal_service import EntryDraft
from disputedesk.storage import files as files_mod
from disputedesk.storage.store import DatabaseDamaged, open_store


def _dispute(services):
    c = services.customers.create(CustomerDraft(last_name="Martin"))
    return services.disputes.open(
        DisputeDraft(
            customer_id=c.id,
            category=DisputeCategory.PRODUCT_QUALITY,
            description="x",
            amount=Money(100),
        )
    )


def _rows(services, table: str) -> int:
    with services.store.read() as s:
        return s.connection().exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_full_disk_while_storing_an_attachment(services, tmp_path, monkeypatch, where):
    d = _dispute(services)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(os.urandom(300_000))
    draft = EntryDraft(
        d.id, Channel.EMAIL, Direction.INCOMING, "Mail du client", attachments=(photo,)
    )

    def no_space(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    if where == "fsync":
        monkeypatch.setattr(files_mod.os, "fsync", no_space)
    else:
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, f):
                self.f = f
                self.written = 0

            def write(self, b):
                n = self.f.write(b[:1000])  # part of it reaches the disk, then it is full
                self.written += n
                if self.written > 5000:
                    raise OSError(errno.ENOSPC, "No space left on device")
                return n

            def __getattr__(self, name):
                return getattr(self.f, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

        monkeypatch.setattr(files_mod.os, "fdopen", lambda *a, **k: Failing(real_fdopen(*a, **k)))
    with pytest.raises(StoreError) as err:
        services.journal.add(draft)
    text = str(err.value)
    assert "full" in text and "what you typed is still on screen" in text
    assert str(services.store.paths.root) in text
    # Nothing partial: no row, no temporary file, no stored file.
    assert _rows(services, "journal_entry") == 0
    assert services.store.attachments.leftovers() == []
    assert services.store.attachments.all_hashes() == set()
    # Space freed: the same draft saves.
    monkeypatch.undo()
    entry = services.journal.add(draft)
    assert entry.attachments[0].size == 300_000


def test_sqlite_full_disk_is_a_store_error(services, monkeypatch):
    import sqlite3

    from disputedesk.storage.store import translate_database_error

    exc = sqlite3.OperationalError("database or disk is full")
    err = translate_database_error(exc, services.store.paths)
    assert isinstance(err, StoreError) and "full" in str(err)
    exc = sqlite3.OperationalError("attempt to write a readonly database")
    assert "cannot be written" in str(translate_database_error(exc, services.store.paths))
    exc = sqlite3.DatabaseError("database disk image is malformed")
    assert isinstance(translate_database_error(exc, services.store.paths), DatabaseDamaged)
    assert translate_database_error(ValueError("x"), services.store.paths) is None


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB tmpfs (needs root and mount rights; skipped elsewhere)."""
    mnt = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mnt.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    res = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], capture_output=True
    )
    if res.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass
        try:
            while True:
                fh.write(b"\0" * 512)
        except OSError:
            pass
    return filler


def test_real_full_disk(tiny_disk, tmp_path):
    paths = DataPaths(tiny_disk / "data")
    store = open_store(paths)
    services = Services.build(store)
    try:
        d = _dispute(services)
        photo = tmp_path / "photo.jpg"
        photo.write_bytes(os.urandom(200_000))
        filler = _fill(tiny_disk)
        draft_text = "Le client a rappelé " * 2000
        with pytest.raises(StoreError) as err:
            services.journal.add(
                EntryDraft(d.id, Channel.PHONE, Direction.INCOMING, "Appel", body=draft_text)
            )
        assert "full" in str(err.value)
        with pytest.raises(StoreError):
            services.journal.add(
                EntryDraft(d.id, Channel.EMAIL, Direction.INCOMING, "Mail", attachments=(photo,))
            )
        assert store.attachments.leftovers() == []
        filler.unlink()
        entry = services.journal.add(
            EntryDraft(d.id, Channel.PHONE, Direction.INCOMING, "Appel", body=draft_text)
        )
        assert entry.body == draft_text.strip()
        assert services.maintenance.check().ok
    finally:
        store.close()


def test_read_only_data_folder_is_explained(tmp_path, monkeypatch):
    paths = DataPaths(tmp_path / "ro")
    open_store(paths).close()
    real_open = open

    def refuse(path, *a, **k):
        if str(path).startswith(str(paths.root)) and ".probe-" in str(path):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, *a, **k)

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(StoreError) as err:
        open_store(paths)
    assert "cannot write in its data folder" in str(err.value)


def test_vanished_drive_is_explained(tmp_path, monkeypatch):
    paths = DataPaths(tmp_path / "usb" / "data")

    def gone(self, *a, **k):
        raise OSError(errno.ENODEV, "No such device")

    monkeypatch.setattr(Path, "mkdir", gone)
    with pytest.raises(StoreError) as err:
        open_store(paths)
    assert "cannot be reached" in str(err.value)


def test_a_garbage_database_is_reported_as_damaged_and_left_untouched(tmp_path):
    paths = DataPaths(tmp_path / "bad")
    paths.ensure()
    paths.database.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseDamaged):
        open_store(paths)
    assert paths.database.read_bytes() == b"this is not sqlite" * 100


def write_damaged_database(data_paths: DataPaths) -> None:
    """A database of 300 customers whose pages from the fourth on have 200 random bytes
    each (the first pages stay, so SQLite may still open it)."""
    store = open_store(data_paths)
    services = Services.build(store)
    for n in range(300):
        services.customers.create(CustomerDraft(last_name=f"Client {n}", notes="x" * 500))
    store.close()
    raw = bytearray(data_paths.database.read_bytes())
    page = 4096
    for p in range(3, len(raw) // page):
        raw[p * page + 100 : p * page + 300] = os.urandom(200)
    data_paths.database.write_bytes(bytes(raw))


def test_a_corrupted_database_fails_the_quick_check(data_paths):
    write_damaged_database(data_paths)
    try:
        store = open_store(data_paths)
    except DatabaseDamaged:
        return
    try:
        assert store.quick_check() != []
    finally:
        store.close()


def test_leftover_temporary_files_are_swept_on_opening(data_paths):
    data_paths.attachments.mkdir(parents=True, exist_ok=True)
    (data_paths.attachments / ".incoming-abc").write_bytes(b"half")
    (data_paths.backups / "disputedesk-backup-x.zip.part").write_bytes(b"half")
    store = open_store(data_paths)
    try:
        assert store.swept == 2
        assert store.attachments.leftovers() == []
    finally:
        store.close()
