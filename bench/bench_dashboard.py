"""Dashboard figures on a big store (30,000 disputes, 300,000 journal entries).

    python bench/bench_dashboard.py [FOLDER]

Prints the time of `services.dashboard.stats()` (all time, and one quarter) and of the PDF
report, best of 3, and their ratio to a baseline measured in the same run: reading every
dispute row once (what any such summary must at least do).
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_big_store import build  # noqa: E402
from sqlalchemy import select  # noqa: E402
from timing import best  # noqa: E402

from disputedesk.models import DisputeRow  # noqa: E402
from disputedesk.paths import DataPaths  # noqa: E402
from disputedesk.services import Services  # noqa: E402
from disputedesk.storage.store import open_store  # noqa: E402


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/disputedesk-big-dashboard")
    build(folder, 10_000, 30_000, 300_000)
    store = open_store(DataPaths(folder), lock=False)
    services = Services.build(store)

    def baseline():
        with store.read() as s:
            return s.execute(select(DisputeRow)).all()

    base = best(baseline, 3)
    all_time = best(lambda: services.dashboard.stats(), 3)
    end = date.today()
    quarter = best(lambda: services.dashboard.stats(date_from=end - timedelta(91), date_to=end), 3)
    report = best(lambda: services.dashboard.report_pdf(lang="fr"), 2)
    st = services.dashboard.stats()
    store.close()
    print(f"disputes: {st.total:,}; open: {st.open_count:,}")
    print(f"baseline (read every dispute row): {base * 1000:.0f} ms")
    print(f"stats, all time:  {all_time * 1000:.0f} ms  ({all_time / base:.1f}x baseline)")
    print(f"stats, a quarter: {quarter * 1000:.0f} ms  ({quarter / base:.1f}x baseline)")
    print(f"PDF report:       {report * 1000:.0f} ms  ({report / base:.1f}x baseline)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
