"""Customer list benchmark on a big store (100,000 customers, 30,000 disputes).

Measures, off and on the GUI thread:
- the service queries the list runs in its worker (first page of 200, count, search, every
  sort order), against a bare `SELECT … LIMIT 200` on the same file as the baseline;
- the GUI-thread cost of delivering a page into the item model (what blocks scrolling),
  and of showing the section;
- search-as-you-type latency: from the debounce firing to the rows in the model.
Prints absolute times and ratios; asserts nothing. `--keep DIR` keeps the generated store.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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


def best_ms(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def bench_queries(sv: Services, db: Path) -> None:
    con = sqlite3.connect(db)
    base = best_ms(lambda: con.execute("SELECT * FROM customer LIMIT 200").fetchall())
    con.close()
    print(f"baseline: bare SELECT * FROM customer LIMIT 200: {base:7.2f} ms")
    cs = sv.customers
    for sort in CustomerSort:
        for desc in (False, True):
            q = CustomerQuery(sort=sort, descending=desc)
            ms = best_ms(lambda q=q: cs.page(q, 0, 200), 3)
            print(
                f"  page 1 sorted by {sort.value:<14}{' desc' if desc else '     '}: {ms:7.1f} ms"
            )
    q = CustomerQuery()
    deep = best_ms(lambda: cs.page(q, 19800, 200))
    count = best_ms(lambda: cs.count_matching(q))
    print(f"  page 100 by name (offset 19,800)          : {deep:7.1f} ms")
    print(f"  count of all non-archived                 : {count:7.1f} ms")
    for text in ("m", "mor", "moreau123", "lyon", "client4242@", "L-2026-01234", "zzzz"):
        q = CustomerQuery(text=text)
        page = best_ms(lambda q=q: cs.page(q, 0, 200), 3)
        count = best_ms(lambda q=q: cs.count_matching(q), 3)
        print(f"  search {text!r:<16}: first page {page:6.1f} ms, count {count:6.1f} ms")


def bench_widget(sv: Services) -> None:
    from PySide6.QtCore import QElapsedTimer
    from PySide6.QtWidgets import QApplication

    from disputedesk.ui.customers.customers_section import CustomersSection

    app = QApplication.instance() or QApplication(sys.argv)
    timer = QElapsedTimer()
    timer.start()
    section = CustomersSection(sv, None)
    section.resize(1280, 800)
    section.show()
    model = section.model
    while model.rowCount() == 0:
        app.processEvents()
    print(f"section shown with first page: {timer.elapsed():6d} ms")

    # GUI-thread time spent inserting each page (what can block scrolling).
    gui_ms = []
    for _ in range(20):
        before = model.rowCount()
        model.fetchMore(model.index(-1, -1))
        while model.rowCount() == before and model.canFetchMore(model.index(-1, -1)):
            app.processEvents()
        gui_ms.append(model.last_insert_ms)
    print(
        f"GUI thread per page of {model.PAGE} rows inserted: "
        f"median {statistics.median(gui_ms):5.2f} ms, max {max(gui_ms):5.2f} ms"
        f" (budget 16 ms); rows now {model.rowCount()}"
    )
    # Scrolling: the view asks data() for the visible rows.
    view = section.table
    t = time.perf_counter()
    steps = 0
    worst = 0.0
    while steps < 200:
        s = time.perf_counter()
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 30)
        view.viewport().repaint()
        app.processEvents()
        worst = max(worst, time.perf_counter() - s)
        steps += 1
    print(
        f"scrolling 200 steps of 30 rows: {(time.perf_counter() - t) * 1000 / steps:5.2f} ms"
        f" per step, worst {worst * 1000:5.2f} ms; rows loaded {model.rowCount()}"
    )

    lat = []
    for text in ("m", "mo", "mor", "more", "morea", "moreau", "moreau7", "lyon", "client99"):
        section.search_edit.setText(text)
        timer.restart()
        section.apply_search_now()
        while model.loading:
            app.processEvents()
        lat.append((text, timer.elapsed(), model.total))
    for text, ms, total in lat:
        print(f"  search {text!r:<12}: rows in the model after {ms:4d} ms ({total} matches)")
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
        print(
            f"store of {N_CUSTOMERS} customers, {N_DISPUTES} disputes ready in "
            f"{time.perf_counter() - t:5.1f} s"
        )
        store = open_store(DataPaths(root), lock=False)
        sv = Services.build(store)
        bench_queries(sv, DataPaths(root).database)
        if "--no-widget" not in sys.argv:
            bench_widget(sv)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
