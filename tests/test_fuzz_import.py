"""Hostile import files: random bytes, truncated exports, and valid exports with one value
(or row, or key) replaced by something absurd. The only outcomes allowed: a ValidationError
with nothing imported (no row, no file), or a complete import that every screen can read."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import shutil
import sqlite3
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import strategies as st
from support_safety import fresh_folder, fuzz, hostile_text

from disputedesk.domain.errors import ValidationError
from disputedesk.models import Base
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.storage.store import open_store

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
_counter = iter(range(10**9))


def _small_shop(services: Services, folder: Path) -> None:
    """One of each record kind (small, so that hypothesis can shrink a failing file)."""
    from disputedesk.domain.enums import Channel, Direction, DisputeCategory, DisputeStage
    from disputedesk.domain.guidance import STEPS
    from disputedesk.domain.money import Money
    from disputedesk.domain.records import CustomerDraft, DisputeDraft
    from disputedesk.services.invoice_service import InvoiceDraft
    from disputedesk.services.journal_service import EntryDraft

    profile = services.business.get()
    services.business.save(
        dataclasses.replace(profile, trade_name="Atelier Dupré", legal_name="Dupré SARL")
    )
    c = services.customers.create(CustomerDraft(first_name="Élise", last_name="Moreau"))
    services.customers.create(
        CustomerDraft(kind="professional", company="Café « Le Zinc »", last_name="Roux")
    )
    d = services.disputes.open(
        DisputeDraft(c.id, DisputeCategory.PRODUCT_QUALITY, "Table rayée", Money(45_000)),
        now=NOW - timedelta(days=10),
    )
    note = folder / "note.txt"
    note.write_text("Photo et bon de livraison", encoding="utf-8")
    services.journal.add(
        EntryDraft(
            d.id,
            Channel.EMAIL,
            Direction.INCOMING,
            "Réclamation",
            "Bonjour,",
            occurred_at=NOW - timedelta(days=9),
            attachments=(note,),
        ),
        now=NOW,
    )
    services.disputes.change_stage(d.id, DisputeStage.ACKNOWLEDGED, reason="Appel")
    inv = services.invoices.create(
        InvoiceDraft(
            c.id, "F-2026-001", date(2026, 9, 1), date(2026, 10, 1), Money(45_000), dispute_id=d.id
        )
    )
    services.invoices.add_payment(inv.id, Money(10_000), date(2026, 10, 5))
    services.tasks.add("Rappeler", NOW + timedelta(days=1), dispute_id=d.id)
    services.guidance.set_step(d.id, STEPS[0].key, True, at=NOW)
    services.guidance.start_wait(d.id, "Attend les photos", at=NOW)
    from disputedesk.domain.letters import LetterInputs, LetterKind

    services.letters.issue(
        services.letters.compose(d.id, LetterInputs(LetterKind.ACKNOWLEDGEMENT)), now=NOW
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory, migrated_template) -> dict:
    """A real export of a small shop, with its file."""
    tmp = tmp_path_factory.mktemp("ref")
    root = fresh_folder(migrated_template, tmp, "data")
    store = open_store(DataPaths(root))
    try:
        services = Services.build(store)
        _small_shop(services, tmp)
        data = services.transfer.export_data()
    finally:
        store.close()
    return data


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """Hundreds of data folders: in memory when the machine has /dev/shm (fsync is what
    costs time, not what is tested here), each removed after its example."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="disputedesk-fuzz-", dir=shm))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("imports")


def _everything_readable(services: Services) -> None:
    """What the screens do after an import: any failure here means bad data got in."""
    services.business.get()
    for summary in services.customers.search("", include_archived=True):
        services.customers.get(summary.customer.id)
    for d in services.disputes.list():
        services.disputes.get(d.id)
        services.disputes.history(d.id)
        services.journal.list(d.id)
        services.documents.list(d.id)
        services.timeline.timeline(d.id, now=NOW)
        services.guidance.guidance(d.id, now=NOW)
        services.letters.list(d.id)
        services.aftercare.closures(d.id)
        services.aftercare.gestures(dispute_id=d.id)
    services.disputes.lines()
    services.invoices.list()
    services.tasks.list()
    services.agenda.today(now=NOW)
    services.guidance.unacknowledged_clocks(now=NOW)
    services.transfer.export_data()


def _row_counts(paths: DataPaths) -> dict[str, int]:
    con = sqlite3.connect(paths.database)
    try:
        counts = {
            t.name: con.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
            for t in Base.metadata.sorted_tables
        }
    finally:
        con.close()
    return {k: n for k, n in counts.items() if n}


def _import(template: Path, parent: Path, data, *, raw: bytes | None = None) -> None:
    root = fresh_folder(template, parent, f"f{next(_counter)}")
    paths = DataPaths(root)
    store = open_store(paths, migrate_db=False)  # the template is migrated already
    services = Services.build(store)
    try:
        try:
            if raw is not None:
                src = root.parent / f"{root.name}.json"
                src.write_bytes(raw)
                services.transfer.import_file(src)
            else:
                services.transfer.import_data(data, "fuzz.json")
        except ValidationError as err:
            assert str(err)
            # All or nothing: no record, no file.
            assert _row_counts(paths) == {}, err
            assert not [p for p in paths.attachments.rglob("*") if p.is_file()]
            assert not [p for p in paths.documents.rglob("*") if p.is_file()]
            return
        _everything_readable(services)
        assert services.maintenance.check().ok
    finally:
        store.close()
        shutil.rmtree(root, ignore_errors=True)


# --- values that a hand-edited or malicious export could hold -----------------------------

weird_values = st.one_of(
    hostile_text(80),
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            -1,
            2**63,
            -(2**63) - 1,
            10**40,
            1.5,
            float("nan"),
            float("inf"),
            [],
            {},
            [1, 2],
            {"a": 1},
            "\ud800",  # a lone surrogate: valid JSON, not encodable
            "0001-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59+00:00",
            "9999-12-31T23:59:59+14:00",
            "0001-01-01T00:00:00-14:00",
            "2026-02-30",
            "2026-11-20T10:00:00",
            "0001-01-01",
            "9999-12-31",
            "+275760-09-13",
            "bogus-stage",
            "EUR",
            "XXX",
            "",
            "x" * 100_000,
        ]
    ),
    st.integers(),
    st.floats(),
)


def _paths(data: dict) -> list[tuple]:
    """Every row key of every table, and the top-level keys."""
    out: list[tuple] = [(k,) for k in data if k != "tables"]
    for table, rows in data["tables"].items():
        for i, row in enumerate(rows):
            for key in row:
                out.append(("tables", table, i, key))
    return out


@st.composite
def mutated(draw, reference):
    data = copy.deepcopy(reference)
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["value", "value", "value", "drop-key", "drop-row", "dup-row"]))
        path = draw(st.sampled_from(_paths(data)))
        if len(path) == 1:
            data[path[0]] = draw(weird_values)
            continue
        _t, table, i, key = path
        rows = data["tables"][table]
        if i >= len(rows):
            continue
        if how == "value":
            rows[i][key] = draw(weird_values)
        elif how == "drop-key":
            rows[i].pop(key, None)
        elif how == "drop-row":
            rows.pop(i)
        else:
            rows.append(copy.deepcopy(rows[i]))
    return data


def _mutated_exports(reference, migrated_template, folders, data):
    _import(migrated_template, folders, data.draw(mutated(reference)))


test_mutated_exports, test_mutated_exports_deep = fuzz(st.data(), share=30)(_mutated_exports)


def _mutated_file_section(reference, migrated_template, folders, data):
    d = copy.deepcopy(reference)
    d["files"] = data.draw(
        st.one_of(
            weird_values,
            st.dictionaries(st.sampled_from(["attachments", "documents", "x"]), weird_values),
            st.builds(
                lambda sha, v: {"attachments": {sha: v}},
                st.one_of(st.just("0" * 64), hostile_text(70)),
                weird_values,
            ),
        )
    )
    _import(migrated_template, folders, d)


test_mutated_file_section, test_mutated_file_section_deep = fuzz(st.data(), share=15)(
    _mutated_file_section
)


def test_the_reference_itself_imports(reference, migrated_template, folders):
    _import(migrated_template, folders, copy.deepcopy(reference))


def _truncated_or_damaged_files(reference, migrated_template, folders, data):
    raw = json.dumps(reference, ensure_ascii=False).encode("utf-8")
    how = data.draw(st.sampled_from(["truncate", "flip", "garbage", "encoding"]))
    if how == "truncate":
        cut = data.draw(st.integers(0, len(raw) - 1))
        raw = raw[:cut]
    elif how == "flip":
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw = raw[:pos] + bytes([raw[pos] ^ data.draw(st.integers(1, 255))]) + raw[pos + 1 :]
    elif how == "garbage":
        raw = data.draw(st.binary(max_size=2000))
    else:
        raw = json.dumps(reference, ensure_ascii=False).encode(
            data.draw(st.sampled_from(["utf-16", "latin-1", "utf-8-sig"])), errors="replace"
        )
    _import(migrated_template, folders, None, raw=raw)


test_truncated_or_damaged_files, test_truncated_or_damaged_files_deep = fuzz(st.data(), share=15)(
    _truncated_or_damaged_files
)


_json_documents = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), hostile_text(20)),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(["format", "format_version", "schema_revision", "tables", "files"])
            | hostile_text(10),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


def _random_json_documents(reference, migrated_template, folders, doc):
    _import(migrated_template, folders, doc)
    header = {k: reference[k] for k in ("format", "format_version", "schema_revision")}
    _import(migrated_template, folders, {**header, "tables": doc, "files": doc})


test_random_json_documents, test_random_json_documents_deep = fuzz(_json_documents, share=15)(
    _random_json_documents
)


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("letter", "kind", "bogus"),
        ("journal_entry", "channel", "fax"),
        ("dispute", "stage", "lost"),
        # Found by the deep fuzzing (CI, November 2026): the guidance clock overflowed.
        ("business_profile", "response_time_hours", -23_999_999_977),
        ("business_profile", "response_time_hours", 0),
    ],
)
def test_values_no_screen_can_read_are_refused_and_undone(
    reference, migrated_template, folders, table, column, value
):
    """Found by the fuzzing: an unknown letter kind imported fine, then the letters tab
    crashed. Now every record is read back through the services and the import undone."""
    d = copy.deepcopy(reference)
    d["tables"][table][0][column] = value
    root = fresh_folder(migrated_template, folders, f"f{next(_counter)}")
    store = open_store(DataPaths(root), migrate_db=False)
    try:
        with pytest.raises(ValidationError):
            Services.build(store).transfer.import_data(d, "hostile.json")
        assert _row_counts(DataPaths(root)) == {}
        assert not [p for p in DataPaths(root).attachments.rglob("*") if p.is_file()]
    finally:
        store.close()
