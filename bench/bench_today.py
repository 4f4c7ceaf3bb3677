"""The Today view's fill on a big store (30,000 disputes, 1,000,000 journal entries).

    python bench/bench_today.py [FOLDER] [--walk]

Prints, best of 5, the time of `services.agenda.today()` (the acknowledgement clock of every
complaint not acknowledged yet, the tasks due today) and of each registered TodaySource, and
their ratio to a baseline measured in the same run: reading every open dispute row with one
SELECT. `--walk` also times today() with each deadline found by the old walk over every
opening range (`add_business_time`), for the before/after comparison.

The store (default /tmp/disputedesk-big, shared with other benchmarks) is only read: opened
without lock nor migration. When its schema is behind the code it is copied first and the
copy upgraded (FOLDER-today), never the original.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402
from timing import best  # noqa: E402

from disputedesk.domain import business_hours as bh  # noqa: E402
from disputedesk.domain.enums import DisputeStage  # noqa: E402
from disputedesk.models import DisputeRow  # noqa: E402
from disputedesk.paths import DataPaths  # noqa: E402
from disputedesk.services import Services  # noqa: E402
from disputedesk.storage import migrate  # noqa: E402
from disputedesk.storage.store import open_store  # noqa: E402

OPEN_STAGES = [s.value for s in DisputeStage if not s.is_closed]


def open_read_only(folder: Path):
    store = open_store(DataPaths(folder), lock=False, migrate_db=False)
    if not migrate.plan(store.engine).needed:
        return store
    store.close()
    copy = folder.with_name(folder.name + "-today")
    if not copy.exists():
        print(f"schema behind the code: copying {folder} to {copy} and upgrading the copy")
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    return open_store(DataPaths(copy), lock=False)


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = Path(args[0] if args else "/tmp/disputedesk-big")
    if not folder.exists():
        print(f"{folder} is missing: build it with bench/make_big_store.py")
        return 1
    store = open_read_only(folder)
    services = Services.build(store)
    now = datetime.now(UTC)

    def baseline():
        with store.read() as s:
            return s.execute(select(DisputeRow).where(DisputeRow.stage.in_(OPEN_STAGES))).all()

    open_rows = len(baseline())
    base = best(baseline)
    lines = services.agenda.today(now=now)
    today = best(lambda: services.agenda.today(now=now))
    print(f"open disputes: {open_rows:,}; Today lines from the agenda: {len(lines)}")
    print(f"baseline (read every open dispute row): {base * 1000:.0f} ms")
    print(f"agenda.today():            {today * 1000:.0f} ms  ({today / base:.1f}x baseline)")
    if "--walk" in sys.argv:
        fast = bh.business_deadline
        bh.business_deadline = bh.add_business_time
        try:
            assert services.agenda.today(now=now) == lines
            walk = best(lambda: services.agenda.today(now=now), 3)
        finally:
            bh.business_deadline = fast
        print(f"agenda.today(), walk:      {walk * 1000:.0f} ms  ({walk / base:.1f}x baseline)")

    from disputedesk.ui.extensions import load_registry

    total = 0.0
    for source in load_registry().today_sources:
        items = list(source.collect(services, now))
        took = best(lambda source=source: list(source.collect(services, now)))
        total += took
        print(
            f"TodaySource {source.key + ':':15s}{took * 1000:5.0f} ms  "
            f"({took / base:.1f}x baseline, {len(items)} items)"
        )
    print(f"whole Today fill:          {total * 1000:.0f} ms  ({total / base:.1f}x baseline)")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
