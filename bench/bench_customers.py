"""Customer list benchmark on a big store (100,000 customers, 30,000 disputes).

Measures, off and on the GUI thread:
- the service queries the list runs in its worker (first page of 200, count, search, every
  sort order), against a bare `SELECT … LIMIT 200` on the same file as the baseline;
- a page deep in the list (row 90,000), found by counting rows (OFFSET) and by seeking after
  the row before it (what the list does);
- how long the GUI thread is blocked while the list scrolls and fetches pages (a 1 ms timer
  probe in C++: `_Probe`), next to a bare QTableView over a QStandardItemModel scrolled the
  same way, both measured 3 times in alternation (the machine is shared: the best and the
  median of the three worst blocks are printed, with our worst minus the bare one);
- the GUI-thread cost of delivering a page into the item model, and of showing the section;
- search-as-you-type latency: from the debounce firing to the rows in the model.
Prints absolute times and ratios; asserts nothing. `--keep DIR` keeps the generated store;
`--no-queries` and `--no-widget` leave out one half (without the queries, the section opens on a
cold store: its time to show is not comparable).
"""

from __future__ import annotations

import gc
import inspect
import itertools
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from timing import best_ms

from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.services.customer_service import CustomerQuery, CustomerSort
from disputedesk.storage.store import open_store

N_CUSTOMERS = 100_000
N_DISPUTES = 30_000
FIRST = ["Élise", "Jean", "Marie", "Luc", "Chloé", "Hugo", "Inès", "Paul", "Léa", "Noah"]
LAST = ["Moreau", "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit"]
CITIES = ["Lyon", "Paris", "Marseille", "Lille", "Nantes", "Brest", "Caen", "Rennes", "Dijon"]
OPEN_STAGES = ["received", "acknowledged", "under_analysis", "negotiation", "mediation"]


def build_store(root: Path) -> DataPaths:
    """A migrated store filled with raw inserts (the services would take minutes)."""
    paths = DataPaths(root)
    open_store(paths, lock=False).close()
    rnd = random.Random(7)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.000000")
    con = sqlite3.connect(paths.database)
    cols = {r[1] for r in con.execute("PRAGMA table_info(customer)")}
    customers = []
    for i in range(1, N_CUSTOMERS + 1):
        first, last = rnd.choice(FIRST), f"{rnd.choice(LAST)}{i}"
        company = f"Société {i}" if i % 5 == 0 else ""
        row = dict(
            id=i,
            kind="professional" if company else "individual",
            title="",
            first_name=first,
            last_name=last,
            company=company,
            sort_name=" ".join(p for p in (company, last, first) if p).casefold(),
            siret="",
            address_line1=f"{i} rue de la Paix",
            address_line2="",
            postcode=f"{rnd.randint(1000, 95999):05d}",
            city=rnd.choice(CITIES),
            country="FR",
            email=f"client{i}@example.fr",
            phone=f"06{i:08d}",
            language="fr",
            notes="",
            archived=i % 50 == 0,
            created_at=now,
            updated_at=now,
        )
        customers.append({k: v for k, v in row.items() if k in cols})
    names = list(customers[0])
    con.executemany(
        f"INSERT INTO customer ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [tuple(c[n] for n in names) for c in customers],
    )
    dcols = {r[1] for r in con.execute("PRAGMA table_info(dispute)")}
    disputes = []
    for i in range(1, N_DISPUTES + 1):
        stage = rnd.choice([*OPEN_STAGES, "resolved", "abandoned"])
        row = dict(
            id=i,
            reference=f"L-2026-{i:05d}",
            customer_id=rnd.randint(1, N_CUSTOMERS),
            title="Litige",
            category="other",
            description="Description",
            amount_minor=rnd.randint(1000, 500000),
            currency="EUR",
            customer_request="",
            received_via="email",
            received_at=now,
            stage=stage,
            stage_changed_at=now,
            outcome=None,
            root_cause="",
            shop_at_fault=None,
            lessons_learned="",
            policy_change="",
            created_at=now,
            closed_at=now if stage in ("resolved", "abandoned") else None,
        )
        disputes.append({k: v for k, v in row.items() if k in dcols})
    names = list(disputes[0])
    con.executemany(
        f"INSERT INTO dispute ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [tuple(d[n] for n in names) for d in disputes],
    )
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return paths


def bench_queries(sv: Services, db: Path) -> None:
    con = sqlite3.connect(db)
    base = best_ms(lambda: con.execute("SELECT * FROM customer LIMIT 200").fetchall())
    con.close()
    print(f"baseline: bare SELECT * FROM customer LIMIT 200: {base:7.2f} ms")
    cs = sv.customers
    # What the list's worker runs for a page (list_rows since the list stopped loading whole
    # customers; page() on older code).
    rows = getattr(cs, "list_rows", cs.page)
    for sort in CustomerSort:
        for desc in (False, True):
            q = CustomerQuery(sort=sort, descending=desc)
            ms = best_ms(lambda q=q: rows(q, 0, 200), 3)
            print(
                f"  page 1 sorted by {sort.value:<14}{' desc' if desc else '     '}: {ms:7.1f} ms"
            )
    q = CustomerQuery()
    count = best_ms(lambda: cs.count_matching(q))
    # A page deep in the list: counted from the top (OFFSET), and as the list asks for it,
    # after the place of the row before it (keyset paging, since November 2026).
    for sort in CustomerSort:
        for desc in (False, True):
            q = CustomerQuery(sort=sort, descending=desc)
            by_offset = best_ms(lambda q=q: rows(q, 90_000, 200), 3)
            line = f"  row 90,000 by {sort.value:<14}{' desc' if desc else '     '}: "
            line += f"by offset {by_offset:6.1f} ms"
            if "after" in inspect.signature(rows).parameters:
                place = rows(q, 89_999, 1)[0].place
                after = best_ms(lambda q=q, place=place: rows(q, 0, 200, after=place), 3)
                line += f", after the row before it {after:6.1f} ms"
            print(line)
    q = CustomerQuery()
    print(f"  count of all non-archived                 : {count:7.1f} ms")
    for text in ("m", "mor", "moreau123", "lyon", "client4242@", "L-2026-01234", "zzzz"):
        q = CustomerQuery(text=text)
        page = best_ms(lambda q=q: rows(q, 0, 200), 3)
        count = best_ms(lambda q=q: cs.count_matching(q), 3)
        print(f"  search {text!r:<16}: first page {page:6.1f} ms, count {count:6.1f} ms")


class _Probe:
    """Longest time the GUI thread's event loop went without serving a 1 ms timer (= longest
    block), and how many times it went more than 16 ms (a missed frame).

    The timer and what it records are Qt's own C++: a QTimeLine whose frame counts the
    milliseconds, and a QSignalSpy that keeps every frame it reached. Until November 2026 the
    probe was a Python slot on a 1 ms timer. That slot needs the GIL a thousand times a
    second, and while a worker thread runs Python each of its waits stalls the very event
    loop it measures: with a Python thread spinning beside, such a slot cut this probe's ticks
    from 938 to 183 a second. It measured our list's fetching worker and its own waits
    together, a cost the application, which has no such timer, does not pay.
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QEasingCurve, QTimeLine

        self._line = QTimeLine(_PROBE_SPAN_MS)
        self._line.setFrameRange(0, _PROBE_SPAN_MS)  # one frame a millisecond
        self._line.setEasingCurve(QEasingCurve.Type.Linear)
        self._line.setUpdateInterval(1)
        self._spy = None
        self.worst = 0
        self.missed = 0

    def start(self) -> None:
        from PySide6.QtTest import QSignalSpy

        self._spy = QSignalSpy(self._line.frameChanged)
        self._line.start()

    def stop(self) -> int:
        self._line.stop()
        spy = self._spy
        frames = [spy.at(i)[0] for i in range(spy.count())]
        gaps = [b - a for a, b in itertools.pairwise(frames)] or [0]
        self.worst = max(gaps)
        self.missed = sum(gap > 16 for gap in gaps)
        return self.worst


_PROBE_SPAN_MS = 3_600_000  # a probe run never lasts an hour


def _spin(app, ms: int) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.0005)


def _wait(app, done) -> None:
    """Run the event loop until `done()`, sleeping like an idle event loop would (a busy
    processEvents() loop would hold the GIL and starve the worker threads)."""
    while not done():
        app.processEvents()
        time.sleep(0.0005)


def _bare_table_ms(app) -> float:
    """Baseline: a bare QTableView over 100,000 in-memory rows, shown and painted."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    class Bare(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: B008
            return 0 if parent.isValid() else N_CUSTOMERS

        def columnCount(self, parent=QModelIndex()):  # noqa: B008
            return 0 if parent.isValid() else 7

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{index.row()}-{index.column()}"
            return None

    t = time.perf_counter()
    view = QTableView()
    model = Bare(view)
    view.setModel(model)
    view.resize(1280, 800)
    view.show()
    view.repaint()
    app.processEvents()
    elapsed = (time.perf_counter() - t) * 1000
    view.close()
    return elapsed


def _scroll(app, view, probe) -> tuple[int, int]:
    """Scroll fast, like a user dragging the scroll bar's thumb down: its position moves 90
    rows (the view scrolls per item, so a scroll-bar unit is a row; about three screens)
    every 16 ms for 4 seconds, so every step repaints every visible row. A paged model's
    view calls fetchMore by itself when it reaches the last loaded row; as the position
    runs ahead of the rows loaded, the list stays at its end and fetches page after page.

    The position comes from a QTimeLine connected straight to the scroll bar's setValue
    slot: C++ from end to end, as a mouse drag is. Until December 2026 a Python slot on a
    16 ms timer added 90 to the position: it needed the GIL at every step, so it waited on
    the page worker, and it loaded fewer rows (16,600 against 22,400 in 4 s).
    Returns the GUI thread's longest block and the number of blocks over 16 ms."""
    from PySide6.QtCore import QEasingCurve, QEventLoop, QTimeLine

    steps = 250
    drag = QTimeLine(steps * 16)
    drag.setFrameRange(0, steps * 90)
    drag.setEasingCurve(QEasingCurve.Type.Linear)
    drag.setUpdateInterval(16)
    drag.frameChanged.connect(view.verticalScrollBar().setValue)
    loop = QEventLoop()
    drag.finished.connect(loop.quit)
    probe.start()
    drag.start()
    loop.exec()
    return probe.stop(), probe.missed


def _bare_scroll(app, probe, texts=None, like=None) -> tuple[int, int]:
    """The same scrolling over a QStandardItemModel (C++ data(), no Python per cell): empty
    cells, or `texts` (rows of 7 strings) in a view set up and sized like `like`."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QHeaderView, QTableView

    view = QTableView()
    if texts is None:
        model = QStandardItemModel(N_CUSTOMERS, 7, view)
        view.resize(1280, 800)
    else:
        model = QStandardItemModel(len(texts), 7, view)
        for row, cells in enumerate(texts):
            for column, text in enumerate(cells):
                model.setData(model.index(row, column), text)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.resize(like.size())
    view.setModel(model)
    if like is not None:
        for column in range(7):
            view.setColumnWidth(column, like.columnWidth(column))
    view.show()
    app.processEvents()
    result = _scroll(app, view, probe)
    view.close()
    view.deleteLater()
    # Delete it now: left to the next event loop, freeing its items would land in the
    # middle of the next run.
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return result


def _median(values):
    return sorted(values)[len(values) // 2]


def bench_widget(sv: Services) -> None:
    from PySide6.QtWidgets import QApplication

    from disputedesk.ui.application import create_application
    from disputedesk.ui.collector import GuiThreadCollector
    from disputedesk.ui.customers.customers_section import CustomersSection

    app = QApplication.instance() or create_application(sys.argv[:1], "en")
    bare = _bare_table_ms(app)
    t = time.perf_counter()
    section = CustomersSection(sv, None)
    section.resize(1280, 800)
    section.show()
    model = section.model
    _wait(app, lambda: model.rowCount() > 0)
    shown = (time.perf_counter() - t) * 1000
    print(
        f"section shown with its first page: {shown:6.0f} ms (bare table of 100,000 rows: "
        f"{bare:5.0f} ms, ratio {shown / bare:4.2f}x)"
    )

    # The application collects once and freezes what start-up made, 1.5 s after launch
    # (ui/collector.py): let that happen before measuring, not inside the first run.
    _spin(app, GuiThreadCollector.SETTLE_AFTER_MS)
    probe = _Probe()
    probe.start()
    _spin(app, 1000)
    print(f"idle event loop: longest gap {probe.stop()} ms (machine noise)")
    ours, bare_runs, text_runs = [], [], []
    filled_while = 0
    texts: list[tuple[str, ...]] = []
    for _ in range(3):
        bare_runs.append(_bare_scroll(app, probe))
        if texts:
            text_runs.append(_bare_scroll(app, probe, texts, section.table))
        model.set_query(model.query)  # back to the first page: every run fetches as it goes
        _wait(app, lambda: not model.loading and model.rowCount() > 0)
        section.table.scrollToTop()
        ours.append((*_scroll(app, section.table, probe), model.rowCount()))
        filled_while = model.filled_rows
        if not texts:  # what we showed, repeated to as many rows as the scrolling passes
            shown = [model.line(r).cells for r in range(model.rowCount())]
            texts = [shown[i % len(shown)] for i in range(250 * 90 + 100)]
    text_runs.append(_bare_scroll(app, probe, texts, section.table))
    loaded = model.rowCount()
    _spin(app, 2 * model.TRIM_DELAY_MS)  # the scrolling pauses: far rows give their items back
    filled_after = model.filled_rows
    worst_ours = [w for w, _m, _r in ours]
    worst_bare = [w for w, _m in bare_runs]
    worst_text = [w for w, _m in text_runs]
    print(
        f"scrolling 4 s, 90 rows every 16 ms, 3 runs (ours fetching pages of {model.PAGE} as it "
        f"goes, {_median([r for _w, _m, r in ours])} rows loaded); GUI thread blocked at most "
        "(budget 16 ms):"
    )
    for label, fn in (("best run", min), ("median run", _median)):
        o, b, t = fn(worst_ours), fn(worst_bare), fn(worst_text)
        print(
            f"  {label:<10}: ours {o:4d} ms, bare table {b:4d} ms, difference {o - b:+4d} ms "
            f"(bare table showing our texts in our view's size: {t:4d} ms, {o - t:+4d} ms)"
        )
    print(
        f"  every run: ours {worst_ours} ms, bare {worst_bare} ms, "
        f"bare with our texts {worst_text} ms"
    )
    print(
        f"  blocks over 16 ms per run (median): ours {_median([m for _w, m, _r in ours])}, "
        f"bare {_median([m for _w, m in bare_runs])}, bare with our texts "
        f"{_median([m for _w, m in text_runs])}; GUI time to insert the last page "
        f"{model.last_insert_ms:4.2f} ms"
    )
    print(
        f"  rows with Qt items (0.6 KB a cell): {filled_while} of {loaded} loaded while "
        f"scrolling, {filled_after} once it paused"
    )

    # Typing like a user (one key every 120 ms), then waiting for the rows.
    results = []
    for word in ("moreau12", "lyon", "client99", "0600001234", "L-2026-01"):
        section.search_edit.clear()
        section.apply_search_now()
        _wait(app, lambda: not model.loading)
        probe.start()
        for i in range(1, len(word) + 1):
            section.search_edit.setText(word[:i])
            _spin(app, 120)
        t = time.perf_counter()
        section.apply_search_now()  # what the debounce timer does after the last key
        _wait(app, lambda: not model.loading and model.total is not None)
        latency = (time.perf_counter() - t) * 1000
        results.append((word, latency, model.total, probe.stop()))
    print(f"search as you type (debounce {section.SEARCH_DELAY_MS} ms, then):")
    for word, latency, total, worst in results:
        print(
            f"  {word!r:<14}: rows and count in {latency:6.1f} ms ({total} matches); GUI thread "
            f"blocked at most {worst} ms while typing"
        )
    section.close()


def main() -> int:
    keep = None
    if "--keep" in sys.argv:
        keep = Path(sys.argv[sys.argv.index("--keep") + 1])
    with tempfile.TemporaryDirectory() as tmp:
        root = keep or Path(tmp) / "big"
        t = time.perf_counter()
        if not (root / "disputedesk.sqlite3").exists():
            build_store(root)
            # Building leaves cyclic garbage the application never has; a full collection
            # of it (74-118 ms, measured with gc.callbacks) otherwise lands in a scroll run.
            gc.collect()
        print(
            f"store of {N_CUSTOMERS} customers, {N_DISPUTES} disputes ready in "
            f"{time.perf_counter() - t:5.1f} s"
        )
        store = open_store(DataPaths(root), lock=False)
        sv = Services.build(store)
        if "--no-queries" not in sys.argv:
            bench_queries(sv, DataPaths(root).database)
        if "--no-widget" not in sys.argv:
            bench_widget(sv)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
