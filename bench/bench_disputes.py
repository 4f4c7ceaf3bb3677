"""Disputes and journal at scale (issue 3): the big store of bench/make_big_store.py.

1. "All open disputes" (about 24,000 of 30,000): first page shown, header sort, next page;
2. the journal tab of the dispute with 5,000 entries: latest entries shown, then all of them;
3. the longest GUI-thread step seen in each (target: no block over 16 ms while scrolling,
   opening a dispute under 200 ms).

BENCH_SMALL=1 uses a small store (quick check). Medians of RUNS warm runs.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

RUNS = 5


def _wait(app, busy) -> None:
    while busy():
        app.processEvents()
        time.sleep(0.0005)
    app.processEvents()


def _timed_gui(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def bench_section(services, app) -> None:
    from PySide6.QtCore import Qt

    from disputedesk.ui.disputes.dispute_table_model import AMOUNT, OPENED
    from disputedesk.ui.disputes.disputes_section import DisputesSection

    shown, sort, more, gui = [], [], [], []
    for _ in range(RUNS):
        t = time.perf_counter()
        section = DisputesSection(services)
        section.resize(1200, 700)
        section.show()
        lst = section.list
        _wait(app, lambda lst=lst: lst.loader.busy)
        shown.append(time.perf_counter() - t)
        loaded = lst.model.rowCount()
        total = lst.model.total
        # GUI-thread share: putting a page into the model and painting it.
        lines = [lst.model.line(r) for r in range(lst.model.rowCount())]
        gui.append(
            _timed_gui(
                lambda lst=lst, lines=lines, total=total: (
                    lst.model.set_lines(lines, total),
                    lst.view.repaint(),
                )
            )
        )
        t = time.perf_counter()
        lst.view.sortByColumn(AMOUNT, Qt.SortOrder.DescendingOrder)
        _wait(app, lambda lst=lst: lst.loader.busy)
        sort.append(time.perf_counter() - t)
        lst.view.sortByColumn(OPENED, Qt.SortOrder.DescendingOrder)
        _wait(app, lambda lst=lst: lst.loader.busy)
        t = time.perf_counter()
        lst.view.scrollToBottom()
        app.processEvents()
        _wait(app, lambda lst=lst: lst.pager.busy)
        more.append(time.perf_counter() - t)
        section.close()
        section.deleteLater()
    print(f"1. All open disputes: {total:,} disputes, first page of {loaded} rows")
    print(f"   shown in median {statistics.median(shown) * 1000:.1f} ms")
    print(f"   header sort (by amount, in SQL) median {statistics.median(sort) * 1000:.1f} ms")
    print(f"   next page when scrolled to the end median {statistics.median(more) * 1000:.1f} ms")
    print(f"   GUI thread per page (model + paint) max {max(gui) * 1000:.1f} ms")


def bench_journal(services, app) -> None:
    from disputedesk.ui.journal.journal_panel import JournalPanel

    count = len(services.journal.list(1))
    first, full, gui = [], [], []
    panel = JournalPanel(services)
    panel.resize(900, 600)
    panel.show()
    for _ in range(RUNS):
        panel.show_dispute(2)
        _wait(app, lambda: panel.loader.busy)
        t = time.perf_counter()
        panel.show_dispute(1)
        while panel.model.rowCount() == 0:
            app.processEvents()
        panel.repaint()
        first.append(time.perf_counter() - t)
        _wait(app, lambda: panel.loader.busy)
        full.append(time.perf_counter() - t)
        entries = [panel.model.entry(r) for r in range(panel.model.rowCount())]
        gui.append(
            _timed_gui(
                lambda entries=entries: (
                    panel._on_loader_loaded((1, entries, True)),
                    panel.repaint(),
                )
            )
        )
    print(f"2. Journal tab of the dispute with {count:,} entries")
    print(
        f"   latest entries shown median {statistics.median(first) * 1000:.1f} ms "
        "(target <= 200 ms)"
    )
    print(f"   all entries shown median {statistics.median(full) * 1000:.1f} ms")
    print(f"   GUI thread for the full list (model + paint) max {max(gui) * 1000:.1f} ms")
    panel.close()


def main() -> int:
    import make_big_store

    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/disputedesk-big")
    if os.environ.get("BENCH_SMALL"):
        folder = folder.with_name(folder.name + "-small")
        make_big_store.build(folder, 2_000, 600, 20_000)
    else:
        make_big_store.build(folder, 100_000, 30_000, 1_000_000)

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from disputedesk.i18n import set_language
    from disputedesk.paths import DataPaths
    from disputedesk.services import Services
    from disputedesk.storage.store import open_store
    from disputedesk.ui.application import create_application

    set_language("en")
    app = QApplication.instance() or create_application(sys.argv[:1], "en")
    store = open_store(DataPaths(folder), lock=False)
    try:
        services = Services.build(store)
        bench_section(services, app)
        bench_journal(services, app)
    finally:
        QThreadPool.globalInstance().waitForDone()
        store.close()
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown of widgets still referenced by queued events


if __name__ == "__main__":
    raise SystemExit(main())
