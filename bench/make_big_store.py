"""Build a big DisputeDesk data folder for the scale targets of issue 3.

    python bench/make_big_store.py [FOLDER] [--customers N] [--disputes N] [--entries N]

Default: 100,000 customers, 30,000 disputes, 1,000,000 journal entries in
/tmp/disputedesk-big. Dispute 1 gets 5,000 journal entries (the "long dispute" of the
benchmark). The folder is created with the real migrations, then filled with executemany
in the real schema (the search index is kept by its triggers, as in the app). An existing
folder with the same counts is reused.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from disputedesk.paths import DataPaths  # noqa: E402
from disputedesk.storage.store import open_store  # noqa: E402

LONG_DISPUTE_ENTRIES = 5_000
FIRST = (
    "Marie Jean Pierre Anne Louis Camille Léa Hugo Chloé Lucas Emma Jules Inès Nathan Zoé".split()
)
LAST = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier"
).split()
COMPANY = ["", "", "", "SARL Dupont", "L'Atelier Fleuri", "Boulangerie du Parc", "SAS Horizon"]
CITY = ["Lyon", "Paris", "Marseille", "Lille", "Nantes", "Bordeaux", "Toulouse", "Rennes"]
WORDS = (
    "bonjour client colis abîmé livraison retard remboursement facture commande produit "
    "défectueux échange magasin garantie réparation appel téléphone courrier recommandé "
    "médiateur accord proposition geste commercial avoir délai réponse réclamation photo "
    "preuve devis acompte rendez-vous technicien installation panne retour"
).split()
CATEGORIES = ["product_quality", "delivery_failure", "unpaid_invoice", "service_not_as_agreed"]
STAGES = ["received", "acknowledged", "under_analysis", "solution_proposed", "resolved"]
CHANNELS = ["phone", "email", "letter", "in_person", "sms", "internal_note"]
DIRECTIONS = {"internal_note": "internal"}


def _ts(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _text(rnd: random.Random, n: int) -> str:
    return " ".join(rnd.choices(WORDS, k=n))


def counts(db: Path) -> tuple[int, int, int]:
    con = sqlite3.connect(db)
    try:
        return tuple(  # type: ignore[return-value]
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("customer", "dispute", "journal_entry")
        )
    finally:
        con.close()


def build(folder: Path, n_customers: int, n_disputes: int, n_entries: int) -> Path:
    paths = DataPaths(folder)
    if paths.database.exists():
        if counts(paths.database) == (n_customers, n_disputes, n_entries):
            print(f"reusing {paths.database}")
            return paths.database
        raise SystemExit(f"{folder} holds another store: choose an empty folder")
    open_store(paths, lock=False).close()  # the real schema, through the real migrations
    rnd = random.Random(42)
    now = datetime.now(UTC)
    con = sqlite3.connect(paths.database)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-400000")
    started = time.perf_counter()
    with con:
        con.executemany(
            "INSERT INTO customer (id, kind, title, first_name, last_name, company, sort_name, "
            "siret, address_line1, address_line2, postcode, city, country, email, phone, "
            "language, notes, archived, created_at, updated_at) "
            "VALUES (?, ?, '', ?, ?, ?, ?, '', ?, '', ?, ?, 'FR', ?, ?, 'fr', '', ?, ?, ?)",
            (_customer(rnd, i, now) for i in range(1, n_customers + 1)),
        )
    print(f"customers: {time.perf_counter() - started:.1f} s")
    t = time.perf_counter()
    with con:
        con.executemany(
            "INSERT INTO dispute (id, reference, customer_id, title, category, description, "
            "amount_minor, currency, customer_request, received_via, received_at, stage, "
            "stage_changed_at, outcome, root_cause, shop_at_fault, lessons_learned, "
            "policy_change, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'EUR', ?, ?, ?, "
            "?, ?, NULL, '', NULL, '', '', ?, NULL)",
            (_dispute(rnd, i, n_customers, now) for i in range(1, n_disputes + 1)),
        )
        con.executemany(
            "INSERT INTO stage_change (dispute_id, from_stage, to_stage, at, reason) "
            "VALUES (?, NULL, 'received', ?, '')",
            ((i, _ts(now - timedelta(days=400))) for i in range(1, n_disputes + 1)),
        )
    print(f"disputes: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    batch = 50_000
    for start in range(1, n_entries + 1, batch):
        end = min(n_entries, start + batch - 1)
        with con:
            con.executemany(
                "INSERT INTO journal_entry (id, dispute_id, occurred_at, channel, direction, "
                "summary, body, corrects_id, document_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
                (_entry(rnd, i, n_disputes, now) for i in range(start, end + 1)),
            )
        print(f"  journal {end:,} / {n_entries:,}: {time.perf_counter() - t:.0f} s", flush=True)
    con.execute("PRAGMA optimize")
    con.close()
    print(f"total {time.perf_counter() - started:.0f} s, {paths.database.stat().st_size >> 20} MB")
    return paths.database


def _customer(rnd: random.Random, i: int, now: datetime):
    first, last = rnd.choice(FIRST), f"{rnd.choice(LAST)}{i % 97 or ''}"
    company = rnd.choice(COMPANY)
    kind = "professional" if company else "individual"
    sort_name = " ".join(p for p in (company, last, first) if p).casefold()
    created = _ts(now - timedelta(days=rnd.randint(0, 2000)))
    return (
        i,
        kind,
        first,
        last,
        company,
        sort_name,
        f"{rnd.randint(1, 120)} rue de la République",
        f"{rnd.randint(10, 95)}0{rnd.randint(0, 9)}0",
        rnd.choice(CITY),
        f"client{i}@example.fr",
        f"06 {rnd.randint(10, 99)} {rnd.randint(10, 99)} {rnd.randint(10, 99)} {i % 100:02d}",
        int(i % 50 == 0),
        created,
        created,
    )


def _dispute(rnd: random.Random, i: int, n_customers: int, now: datetime):
    received = now - timedelta(days=rnd.randint(0, 700), minutes=rnd.randint(0, 1440))
    return (
        i,
        f"LIT-{received.year}-{i:05d}",
        rnd.randint(1, n_customers),
        _text(rnd, 4).capitalize(),
        rnd.choice(CATEGORIES),
        _text(rnd, 30),
        rnd.randint(1_000, 500_000),
        _text(rnd, 8),
        rnd.choice(CHANNELS[:5]),
        _ts(received),
        rnd.choice(STAGES),
        _ts(received + timedelta(days=2)),
        _ts(received),
    )


def _entry(rnd: random.Random, i: int, n_disputes: int, now: datetime):
    # Dispute 1 holds the first LONG_DISPUTE_ENTRIES entries; the rest are spread out.
    dispute = 1 if i <= LONG_DISPUTE_ENTRIES else rnd.randint(2, n_disputes)
    channel = rnd.choice(CHANNELS)
    at = _ts(now - timedelta(minutes=rnd.randint(0, 700 * 1440)))
    return (
        i,
        dispute,
        at,
        channel,
        DIRECTIONS.get(channel, rnd.choice(("incoming", "outgoing"))),
        _text(rnd, 5).capitalize(),
        _text(rnd, rnd.randint(8, 30)) + f" n{i}",
        at,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="/tmp/disputedesk-big")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--disputes", type=int, default=30_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    build(Path(args.folder), args.customers, args.disputes, args.entries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
