"""Crash safety: writer processes doing real service calls are killed (SIGKILL) at random
moments, many times, on the same data folder. After every kill the folder is opened the way
the app opens it, and we check:

- the database passes PRAGMA integrity_check (and foreign_key_check);
- every save the writer reported as committed is there, exactly;
- no attachment row points at a missing or truncated file (hashes are checked for the new
  ones every cycle and for all of them at the end);
- no temporary (half-written) file is left in the stores after opening.

Cycles and time: DISPUTEDESK_CRASH_CYCLES (default 60) and DISPUTEDESK_CRASH_SECONDS (default
150) whichever comes first, with at least 10 cycles; DISPUTEDESK_CRASH_SEED replays a run.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.storage.store import open_store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]

WRITER = Path(__file__).with_name("crash_writer.py")
MIN_CYCLES = 10


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class Reported:
    """Everything the writers said was committed."""

    def __init__(self) -> None:
        self.customers: dict[int, str] = {}
        self.disputes: dict[int, int] = {}
        self.entries: dict[int, tuple[int, list[tuple[str, int]]]] = {}
        self.stage_changes: list[tuple[int, str, str]] = []
        self.count = 0

    def take(self, line: str) -> None:
        parts = line.split()
        if not parts or parts[0] == "READY":
            return
        kind = parts[0]
        if kind == "C":
            self.customers[int(parts[1])] = parts[2]
        elif kind == "D":
            self.disputes[int(parts[1])] = int(parts[2])
        elif kind == "J":
            atts = [(a.split(":")[0], int(a.split(":")[1])) for a in parts[3].split(",")]
            self.entries[int(parts[1])] = (int(parts[2]), atts)
        elif kind == "S":
            self.stage_changes.append((int(parts[1]), parts[2], parts[3]))
        else:
            raise AssertionError(f"unexpected writer line {line!r}")
        self.count += 1


def _run_writer(paths: DataPaths, seed: int, rng: random.Random, env: dict) -> tuple[list, str]:
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(paths.root), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for raw in proc.stdout:
            text = raw.decode()
            if not text.endswith("\n"):
                break  # a line cut by the kill reports nothing
            if text == "READY\n":
                ready.set()
            lines.append(text)
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if rng.random() < 0.25:
        time.sleep(rng.uniform(0.0, 1.5))  # may hit start-up: opening, sweeping
    else:
        ready.wait(timeout=60)
        time.sleep(rng.uniform(0.0, 1.2))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    reader.join(timeout=60)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.stdout.close()
    if proc.returncode != -signal.SIGKILL:
        raise AssertionError(f"writer ended by itself ({proc.returncode}):\n{err}")
    return lines, err


def _check(paths: DataPaths, reported: Reported, fresh_hashes: set[str]) -> int:
    """Open like the app, verify; returns how many leftovers the opening swept."""
    con = sqlite3.connect(paths.database)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    store = open_store(paths)
    try:
        assert store.attachments.leftovers() == []
        assert store.documents.leftovers() == []
        assert list(paths.backups.glob("*.part")) == []
        with store.read() as s:
            sql = s.connection().exec_driver_sql
            customers = dict(sql("SELECT id, last_name FROM customer").fetchall())
            disputes = dict(sql("SELECT id, customer_id FROM dispute").fetchall())
            entries = dict(
                s.connection()
                .exec_driver_sql("SELECT id, dispute_id FROM journal_entry")
                .fetchall()
            )
            atts: dict[int, list[tuple[str, int]]] = {}
            for eid, sha, size in sql(
                "SELECT journal_entry_id, sha256, size FROM attachment ORDER BY id"
            ):
                atts.setdefault(eid, []).append((sha, size))
            changes = set(sql("SELECT dispute_id, to_stage, reason FROM stage_change"))
        for cid, name in reported.customers.items():
            assert customers.get(cid) == name, f"customer {cid} lost"
        for did, cid in reported.disputes.items():
            assert disputes.get(did) == cid, f"dispute {did} lost"
        for eid, (did, expected) in reported.entries.items():
            assert entries.get(eid) == did, f"journal entry {eid} lost"
            assert atts.get(eid) == expected, f"attachments of entry {eid} differ"
        for change in reported.stage_changes:
            assert change in changes, f"stage change {change} lost"
        # No attachment row (reported or not) points at a missing or truncated file.
        for rows in atts.values():
            for sha, size in rows:
                path = store.attachments.path_for(sha)
                assert path.is_file(), f"attachment file {sha} missing"
                assert path.stat().st_size == size, f"attachment file {sha} truncated"
                if sha in fresh_hashes:
                    assert _sha(path) == sha, f"attachment file {sha} damaged"
        return store.swept
    finally:
        store.close()


def test_killed_writers_lose_nothing(tmp_path):
    cycles = int(os.environ.get("DISPUTEDESK_CRASH_CYCLES", "60"))
    budget = float(os.environ.get("DISPUTEDESK_CRASH_SECONDS", "150"))
    seed = int(os.environ.get("DISPUTEDESK_CRASH_SEED", str(time.time_ns() % 1_000_000)))
    print(f"crash harness seed {seed}")
    rng = random.Random(seed)
    paths = DataPaths(tmp_path / "data")
    open_store(paths).close()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch), PYTHONUNBUFFERED="1")
    reported = Reported()
    swept_total = 0
    leftovers_seen = 0
    started = time.monotonic()
    done = 0
    for cycle in range(cycles):
        if done >= MIN_CYCLES and time.monotonic() - started > budget:
            break
        lines, _err = _run_writer(paths, seed * 1000 + cycle, rng, env)
        before = {e for e in reported.entries}
        for line in lines:
            reported.take(line)
        fresh = {
            sha for eid, (_d, a) in reported.entries.items() if eid not in before for sha, _ in a
        }
        leftovers_seen += len(list(paths.attachments.glob(".incoming-*")))
        swept = _check(paths, reported, fresh)
        swept_total += swept
        done += 1
    # Final full check: every hash of every stored file, the app's own check included.
    store = open_store(paths)
    try:
        report = Services.build(store).maintenance.check()
        assert report.ok, report.problems
    finally:
        store.close()
    print(
        f"crash harness: {done} kill cycles, {reported.count} committed saves verified "
        f"({len(reported.customers)} customers, {len(reported.disputes)} disputes, "
        f"{len(reported.entries)} journal entries, {len(reported.stage_changes)} stage "
        f"changes), {leftovers_seen} temporary files left by kills, {swept_total} swept"
    )
    assert done >= MIN_CYCLES
    assert reported.count > 0
