"""Backup and restore benchmark on a shop-sized store: the backup (SQLite online backup +
zip of the attachment store) and the restore (which first backs up the current state), against
a plain copy of the data folder measured in the same run (baseline). Also times a customer's
erasure. Prints absolute times and ratios; asserts only that the round trip is exact."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from disputedesk.domain.enums import Channel, Direction, DisputeCategory
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.services.journal_service import EntryDraft
from disputedesk.storage import backup
from disputedesk.storage.lock import DataDirLock
from disputedesk.storage.store import open_store

CUSTOMERS = 500
DISPUTES_PER_CUSTOMER = 2
ENTRIES_PER_DISPUTE = 5
FILES = 150  # photos/PDFs of 300 KB (incompressible, like real photos)
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def build(paths: DataPaths, scratch: Path) -> Services:
    store = open_store(paths)
    sv = Services.build(store)
    files = []
    for i in range(FILES):
        f = scratch / f"photo-{i}.jpg"
        f.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(300_000))  # a JPEG's first bytes
        files.append(f)
    n = 0
    for i in range(CUSTOMERS):
        c = sv.customers.create(CustomerDraft(first_name="Client", last_name=f"Nom{i}"))
        for _d in range(DISPUTES_PER_CUSTOMER):
            d = sv.disputes.open(
                DisputeDraft(
                    c.id,
                    DisputeCategory.PRODUCT_QUALITY,
                    "La table est rayée. " * 20,
                    Money(12_345),
                    received_at=NOW - timedelta(days=30),
                ),
                now=NOW,
            )
            for _e in range(ENTRIES_PER_DISPUTE):
                attach = (files[n],) if n < FILES else ()
                n += 1
                sv.journal.add(
                    EntryDraft(
                        d.id,
                        Channel.PHONE,
                        Direction.INCOMING,
                        "Appel",
                        "Le client a rappelé. " * 30,
                        occurred_at=NOW - timedelta(days=2),
                        attachments=attach,
                    ),
                    now=NOW,
                )
    store.close()
    return sv


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = DataPaths(root / "data")
        scratch = root / "scratch"
        scratch.mkdir()
        t_build, _sv = timed(lambda: build(paths, scratch))
        size = sum(f.stat().st_size for f in paths.root.rglob("*") if f.is_file())
        print(
            f"store: {CUSTOMERS} customers, {CUSTOMERS * DISPUTES_PER_CUSTOMER} disputes, "
            f"{CUSTOMERS * DISPUTES_PER_CUSTOMER * ENTRIES_PER_DISPUTE} journal entries, "
            f"{FILES} files; {size / 1e6:.1f} MB (built in {t_build:.1f} s)"
        )
        t_copy, _ = timed(lambda: shutil.copytree(paths.root, root / "copy"))
        t_backup, info = timed(lambda: backup.create_backup(paths))
        print(f"baseline: plain copy of the data folder   {t_copy:6.2f} s")
        print(
            f"backup (online API + zip):               {t_backup:6.2f} s  "
            f"x{t_backup / t_copy:.1f} baseline, zip {info.size / 1e6:.1f} MB"
        )
        store = open_store(paths)
        sv = Services.build(store)
        before = sv.transfer.export_data()["tables"]
        sv.customers.create(CustomerDraft(last_name="Après la sauvegarde"))
        store.close()

        def restore():
            with DataDirLock(paths.lock_file):
                return backup.restore_backup(paths, info.path)

        t_restore, _ = timed(restore)
        print(
            f"restore (saves current state first):    {t_restore:6.2f} s  "
            f"x{t_restore / t_copy:.1f} baseline"
        )
        store = open_store(paths)
        sv = Services.build(store)
        after = sv.transfer.export_data()["tables"]
        assert after == before, "the restore did not round-trip exactly"
        print("round trip: exact")
        victim = sv.customers.search("Nom7")[0].customer.id
        t_erase, report = timed(lambda: sv.privacy.erase_customer(victim))
        print(
            f"erasure of one customer:                 {t_erase:6.2f} s  "
            f"({report.records_deleted} records deleted, {report.files_deleted} files)"
        )
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
