"""Store benchmark: customers created through the services vs raw sqlite3 inserts (baseline),
and a name search over them. Prints absolute times and ratios; asserts nothing."""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from disputedesk.domain.records import CustomerDraft, PostalAddress
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.storage.store import open_store

N = 2000


def baseline(folder: Path) -> float:
    con = sqlite3.connect(folder / "raw.sqlite3")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, last TEXT, city TEXT)")
    t = time.perf_counter()
    for i in range(N):
        con.execute("INSERT INTO c (last, city) VALUES (?, ?)", (f"Nom{i}", "Lyon"))
        con.commit()  # one transaction per save, as the app does
    return time.perf_counter() - t


def through_services(folder: Path) -> tuple[float, float]:
    store = open_store(DataPaths(folder / "app"))
    sv = Services.build(store)
    t = time.perf_counter()
    for i in range(N):
        sv.customers.create(
            CustomerDraft(last_name=f"Nom{i}", address=PostalAddress("1 rue", "", "69002", "Lyon"))
        )
    create = time.perf_counter() - t
    t = time.perf_counter()
    for term in ("nom1", "nom19", "lyon", "zzz"):
        sv.customers.search(term, limit=200)
    search = (time.perf_counter() - t) / 4
    store.close()
    return create, search


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline(Path(tmp))
        create, search = through_services(Path(tmp))
    print(f"create {N} customers, one transaction each")
    print(f"  raw sqlite3 baseline : {base * 1000:8.1f} ms ({base / N * 1e6:6.0f} µs/save)")
    print(
        f"  services             : {create * 1000:8.1f} ms ({create / N * 1e6:6.0f} µs/save)"
        f"  ratio {create / base:4.2f}×"
    )
    print(f"search among {N} customers (first 200 rows): {search * 1000:6.1f} ms per query")
    return 0


if __name__ == "__main__":
    sys.exit(main())
