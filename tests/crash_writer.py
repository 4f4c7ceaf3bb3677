"""Writer process for the crash-safety harness (tests/test_crash_safety.py).

    python tests/crash_writer.py DATA_DIR SEED

Opens the store the way the app does, then makes real service calls forever: customers,
disputes, journal entries with attachments, stage changes. After each call RETURNS (the unit
of work is committed) it prints one line describing what must now be in the store, and
flushes. The harness kills it with SIGKILL at random moments and checks every reported line.

Lines:  READY
        C <customer_id> <last_name>
        D <dispute_id> <customer_id>
        J <entry_id> <dispute_id> <sha256>:<size>[,<sha256>:<size>...]
        S <dispute_id> <to_stage> <reason token>
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path


def main() -> int:
    data_dir, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)

    from disputedesk.domain.enums import Channel, Direction, DisputeCategory, DisputeStage
    from disputedesk.domain.errors import ValidationError
    from disputedesk.domain.money import Money
    from disputedesk.domain.records import CustomerDraft, DisputeDraft
    from disputedesk.paths import DataPaths
    from disputedesk.services import Services
    from disputedesk.services.journal_service import EntryDraft
    from disputedesk.storage.store import open_store

    store = open_store(DataPaths(data_dir))
    services = Services.build(store)
    out = sys.stdout
    out.write("READY\n")
    out.flush()

    customers = [c.customer.id for c in services.customers.search("", limit=50)]
    disputes = [d.id for d in services.disputes.list(limit=50)]
    src = Path(tempfile.mkdtemp(prefix=f"crash-src-{seed}-"))
    n = 0
    stages = list(DisputeStage)
    while True:
        n += 1
        op = rng.random()
        if not customers or op < 0.2:
            name = f"W{seed}x{n}"
            c = services.customers.create(CustomerDraft(last_name=name, first_name="Zoé"))
            customers.append(c.id)
            out.write(f"C {c.id} {name}\n")
        elif not disputes or op < 0.35:
            cid = rng.choice(customers)
            d = services.disputes.open(
                DisputeDraft(
                    customer_id=cid,
                    category=DisputeCategory.PRODUCT_QUALITY,
                    description=f"colis {n} abîmé",
                    amount=Money(rng.randint(1, 10**7)),
                )
            )
            disputes.append(d.id)
            out.write(f"D {d.id} {cid}\n")
        elif op < 0.8:
            files = []
            for k in range(rng.choice((1, 1, 2, 3))):
                # Mostly small files, sometimes a few MB (a longer window for the kill).
                size = rng.choice((200, 5_000, 80_000, 400_000, 3_000_000))
                path = src / f"piece-{n}-{k}.jpg"
                path.write_bytes(os.urandom(size))
                files.append(path)
            e = services.journal.add(
                EntryDraft(
                    rng.choice(disputes),
                    Channel.EMAIL,
                    Direction.INCOMING,
                    f"courriel {n}",
                    body="x" * rng.randint(0, 20_000),
                    attachments=tuple(files),
                )
            )
            atts = ",".join(f"{a.sha256}:{a.size}" for a in e.attachments)
            out.write(f"J {e.id} {e.dispute_id} {atts}\n")
            for path in files:
                path.unlink()
        else:
            did = rng.choice(disputes)
            target = rng.choice(stages)
            token = f"r{seed}x{n}"
            try:
                services.disputes.change_stage(did, target, reason=token)
            except ValidationError:
                continue  # already at that stage: nothing was saved, nothing reported
            out.write(f"S {did} {target.value} {token}\n")
        out.flush()


if __name__ == "__main__":
    sys.exit(main())
