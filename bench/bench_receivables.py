"""Receivables benchmark: 10,000 open invoices (some part-paid, some dunned, some paused).

Measures the aging view (target 200 ms), the dunning worklist (target 1 s), the per-invoice
claims of the `receivables` command, and, as a baseline in the same run, a raw sqlite3 scan
of the same invoices with their payment sums. Prints absolute times; asserts nothing."""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from disputedesk.models import CustomerRow, InvoiceRow, PaymentRow
from disputedesk.models.receivables import ReceivableRow
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.storage.store import open_store

N = 10_000
CUSTOMERS = 800
TODAY = date(2026, 6, 30)


def seed(store) -> None:
    rnd = random.Random(5)
    now = datetime.now(UTC)
    with store.transaction() as s:
        s.add_all(
            CustomerRow(
                id=c + 1,
                kind="professional" if c % 3 else "individual",
                last_name=f"Client{c}",
                company=f"Société {c}" if c % 3 else "",
                sort_name=f"client{c}",
                created_at=now,
                updated_at=now,
            )
            for c in range(CUSTOMERS)
        )
        s.flush()
        for i in range(N):
            due = TODAY - timedelta(days=rnd.randint(-40, 400))
            s.add(
                InvoiceRow(
                    id=i + 1,
                    customer_id=rnd.randint(1, CUSTOMERS),
                    number=f"B-{i:06d}",
                    issue_date=due - timedelta(days=30),
                    due_date=due,
                    amount_minor=rnd.randint(1_000, 500_000),
                    currency="EUR",
                    created_at=now,
                )
            )
        s.flush()
        for i in range(0, N, 4):
            s.add(
                PaymentRow(
                    invoice_id=i + 1,
                    paid_on=TODAY - timedelta(days=5),
                    amount_minor=500,
                    created_at=now,
                )
            )
        for i in range(0, N, 7):
            s.add(
                ReceivableRow(
                    invoice_id=i + 1,
                    level=1,
                    level_done_on=TODAY - timedelta(days=3),
                    paused=(i % 21 == 0),
                    pause_reason="promise",
                    paused_until=TODAY + timedelta(days=5),
                    updated_at=now,
                )
            )


def best(fn, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def baseline(db: Path) -> float:
    con = sqlite3.connect(db)
    sql = (
        "SELECT i.id, i.amount_minor, i.due_date, c.kind, COALESCE(p.paid, 0) FROM invoice i "
        "JOIN customer c ON c.id = i.customer_id LEFT JOIN (SELECT invoice_id, SUM(amount_minor)"
        " AS paid FROM payment WHERE paid_on <= ? GROUP BY invoice_id) p ON p.invoice_id = i.id"
    )
    t, _ = best(lambda: con.execute(sql, (TODAY.isoformat(),)).fetchall())
    con.close()
    return t


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        store = open_store(paths)
        seed(store)
        sv = Services.build(store)
        t_aging, report = best(lambda: sv.receivables.aging(TODAY))
        t_work, items = best(lambda: sv.dunning.worklist(TODAY))
        t_claims, claims = best(lambda: sv.receivables.claims(TODAY), runs=1)
        t_base = baseline(paths.database)
        store.close()
    print(f"{N} invoices, {CUSTOMERS} customers (open: {report.count})")
    print(f"  raw sqlite3 scan (baseline) : {t_base * 1000:7.1f} ms")
    print(
        f"  aging view                  : {t_aging * 1000:7.1f} ms (target 200 ms)"
        f"  ratio {t_aging / t_base:4.1f}x"
    )
    print(f"  dunning worklist ({len(items)} items): {t_work * 1000:7.1f} ms (target 1000 ms)")
    print(f"  claims of every open invoice: {t_claims * 1000:7.1f} ms ({len(claims)} claims)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
