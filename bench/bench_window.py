"""Main window scale figures (issue 3), on the big store of bench/make_big_store.py.

    QT_QPA_PLATFORM=offscreen python bench/bench_window.py [FOLDER]

1. Time to show the window (constructed, shown, first paint) against a bare QMainWindow with
   one empty QTableView, each in a fresh process (best of 5, alternating). Target: ≤ 1.5×.
2. Global search: service latency per query, and keystroke → results shown in the popup
   (debounce included). Target: ≤ 50 ms.
3. Opening the dispute with 5,000 journal entries until its header and visible tab are
   loaded. Target: ≤ 200 ms.

Builds the big store first when FOLDER does not hold it (about 5 minutes). BENCH_SMALL=1 uses
a small store (a smoke run).
"""

from __future__ import annotations

import faulthandler
import gc
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

RUNS = 5
QUERIES = ["ma", "mar", "martin", "remb", "remboursement", "l'atelier", "lyon", "n12345", "zz"]

CHILD_BARE = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtCore import QAbstractTableModel, QModelIndex
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
t1 = time.perf_counter()

class Empty(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()): return 0
    def columnCount(self, parent=QModelIndex()): return 3
    def data(self, index, role=0): return None

class W(QMainWindow):
    painted = False
    def paintEvent(self, e):
        super().paintEvent(e); W.painted = True

w = W(); table = QTableView(); table.setModel(Empty(table)); w.setCentralWidget(table)
w.resize(1180, 760); w.show()
while not W.painted:
    app.processEvents()
t2 = time.perf_counter()
print(f"{t2 - t1:.6f} {t2 - t0:.6f}")
"""

CHILD_APP = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
t1 = time.perf_counter()
from disputedesk.i18n import set_language
set_language("en")
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.storage.store import open_store
store = open_store(DataPaths(__import__("pathlib").Path(sys.argv[1])), lock=False)
services = Services.build(store)
t_store = time.perf_counter()
from disputedesk.ui.main_window import MainWindow

class W(MainWindow):
    painted = False
    def paintEvent(self, e):
        super().paintEvent(e); W.painted = True

w = W(services); w.show()
while not W.painted:
    app.processEvents()
t2 = time.perf_counter()
# "usable": the start-up read (is the store empty?) has come back too.
while w._start_loader.busy:
    app.processEvents()
t3 = time.perf_counter()
print(f"{t2 - t_store:.6f} {t2 - t0:.6f} {t3 - t_store:.6f} {t_store - t1:.6f}", flush=True)
from PySide6.QtCore import QThreadPool
QThreadPool.globalInstance().waitForDone()
w.close(); store.close()
import os; os._exit(0)
"""


def _child(code: str, *args: str) -> list[float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    )
    return [float(x) for x in out.stdout.split()]


def bench_show(folder: Path) -> None:
    bare, app, usable, store_open, bare_total, app_total = [], [], [], [], [], []
    for _ in range(RUNS):
        b = _child(CHILD_BARE)
        a = _child(CHILD_APP, str(folder))
        bare.append(b[0])
        bare_total.append(b[1])
        app.append(a[0])
        app_total.append(a[1])
        usable.append(a[2])
        store_open.append(a[3])
    print(f"1. Showing the window (best of {RUNS}, fresh process each)")
    print(f"   bare QMainWindow + empty QTableView, first paint: {min(bare) * 1000:7.1f} ms")
    print(f"   DisputeDesk main window, first paint:             {min(app) * 1000:7.1f} ms")
    print(f"   ratio: {min(app) / min(bare):.2f}x (target <= 1.5x)")
    print(f"   main window usable (start-up read back):          {min(usable) * 1000:7.1f} ms")
    print(
        f"   whole process incl. imports: bare {min(bare_total) * 1000:.0f} ms, "
        f"DisputeDesk {min(app_total) * 1000:.0f} ms "
        f"(store opening {min(store_open) * 1000:.0f} ms)"
    )


SEARCH_RUNS = 9  # part 2: queries taken in turn, so no query meets caches warmed by itself
TYPING_GAP = 0.03  # part 2: seconds between keystrokes when typing a query (a fast burst)


def _wait_for(popup, done, timeout: float) -> None:
    """Run the GUI event loop until done() (looked at as each result is shown) or `timeout`
    seconds. The GUI thread sleeps in between, as it does while a person types: no polling
    that would take the interpreter lock from the worker thread searching."""
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return
    loop = QEventLoop()
    QTimer.singleShot(round(timeout * 1000), loop.quit)
    check = popup.sig_results.connect(lambda _r: done() and loop.quit())
    loop.exec()
    popup.sig_results.disconnect(check)


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:6.1f} / {max(values) * 1000:6.1f} ms"


def bench_search(services, app) -> None:
    from disputedesk.ui.shell.search_popup import SearchPopup

    print(
        f"2. Global search: median / max over {SEARCH_RUNS} runs after a first one (its time in "
        "'first'), queries in turn. Target: keystroke -> results shown <= 50 ms"
    )
    services.search.ensure_index()
    services.search.warm_up()  # as the popup does when it opens (first runs: compiling)
    service = {q: [] for q in QUERIES}
    found = {}
    for _ in range(1 + SEARCH_RUNS):
        for q in QUERIES:
            t = time.perf_counter()
            result = services.search.search(q)
            service[q].append(time.perf_counter() - t)
            found[q] = len(result.customers), len(result.disputes), len(result.journal)

    popup = SearchPopup(services)
    popup.resize(700, 460)
    popup.show()
    shown: list[tuple[float, str]] = []
    popup.sig_results.connect(lambda r: shown.append((time.perf_counter(), r.query)))

    def shown_for(text: str) -> bool:
        return any(q == text for _t, q in shown)

    # One change of the text (the popup reopened on a query, a paste, the one keystroke that
    # completes a word), from the worker thread's search to the results in the view. The
    # first run also lays out the process's first text (fonts): the app's window has done
    # that before its popup opens.
    keystroke = {q: [] for q in QUERIES}
    for _ in range(1 + SEARCH_RUNS):
        for q in QUERIES:
            popup.field.clear()
            _wait_for(popup, lambda: shown_for(""), 5)
            shown.clear()
            t = time.perf_counter()
            popup.field.setText(q)
            _wait_for(popup, lambda q=q: shown_for(q), 10)
            keystroke[q].append(next(s for s, text in shown if text == q) - t)

    print(
        "   query            service (GUI thread)  first   "
        "keystroke -> shown   first   found (c, d, e)"
    )
    for q in QUERIES:
        first_s, *runs_s = service[q]
        first_k, *runs_k = keystroke[q]
        print(
            f"   {q!r:16} {_ms(runs_s)} {first_s * 1000:6.1f}   "
            f"{_ms(runs_k)} {first_k * 1000:6.1f}   {found[q]}"
        )

    # Typing a query one key per TYPING_GAP: a keystroke made while a search runs waits for
    # it. Per keystroke: until the results for its text, or for a newer one, are shown.
    typed = ["remboursement", "l'atelier", "martin", "n12345"]
    print(f"   typing, one key per {TYPING_GAP * 1000:.0f} ms, each keystroke -> results shown:")
    for q in typed:
        waits = []
        for _ in range(3):
            popup.field.clear()
            _wait_for(popup, lambda: shown_for(""), 5)
            shown.clear()
            keys = []
            for i in range(1, len(q) + 1):
                keys.append((time.perf_counter(), q[:i]))
                popup.field.setText(q[:i])
                _wait_for(popup, lambda: False, TYPING_GAP)
            _wait_for(popup, lambda q=q: shown_for(q), 10)
            for i, (t, _text) in enumerate(keys):
                newer = {text for _t, text in keys[i:]}
                waits.append(next(s for s, text in shown if s >= t and text in newer) - t)
        print(f"   {q!r:16} {len(waits):3} keystrokes  {_ms(waits)}")

    popup.close()
    # Delete it here, on the GUI thread: a parentless widget left to the garbage collector
    # may be collected on a worker thread, which crashes Qt.
    popup.deleteLater()
    app.processEvents()
    gc.collect()


def bench_open_dispute(services, app) -> None:
    from disputedesk.ui.main_window import MainWindow

    count = len(services.journal.list(1))
    window = MainWindow(services)
    window.show()
    while window._start_loader.busy:
        app.processEvents()
    times = []
    for _ in range(RUNS):
        window.show_section(window._registry.sections[0].key)
        app.processEvents()
        t = time.perf_counter()
        page = window.open_dispute(1)
        panel = page.tabs.currentWidget()
        loader = getattr(panel, "loader", None)
        while page.header is None or page.header.dispute.id != 1 or (loader and loader.busy):
            app.processEvents()
        window.repaint()
        times.append(time.perf_counter() - t)
        window.open_dispute(2)
        while page.header is None or page.header.dispute.id != 2:
            app.processEvents()
    tab = page.tabs.tabText(page.tabs.currentIndex())
    print(f"3. Opening the dispute with {count:,} journal entries (visible tab: {tab})")
    print(
        f"   median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms "
        "(target <= 200 ms)"
    )
    window.close()


def main() -> int:
    import make_big_store

    faulthandler.enable()

    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/disputedesk-big")
    if os.environ.get("BENCH_SMALL"):
        folder = folder.with_name(folder.name + "-small")
        make_big_store.build(folder, 2_000, 600, 20_000)
    else:
        make_big_store.build(folder, 100_000, 30_000, 1_000_000)
    bench_show(folder)

    from PySide6.QtWidgets import QApplication

    from disputedesk.i18n import set_language
    from disputedesk.paths import DataPaths
    from disputedesk.services import Services
    from disputedesk.storage.store import open_store

    set_language("en")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = open_store(DataPaths(folder), lock=False)
    try:
        services = Services.build(store)
        bench_search(services, app)
        bench_open_dispute(services, app)
    finally:
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone()
        store.close()
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown of the windows still held by the benchmarks


if __name__ == "__main__":
    raise SystemExit(main())
