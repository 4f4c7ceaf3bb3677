"""A customer's personal data (RGPD / GDPR): export everything about them, erase it on
request, and the retention rule that proposes erasing long-closed customers.

- `export_customer(id)`: every record that links to the customer (found by following the
  foreign keys of the whole schema, so a table added later is included), with the files;
  `write_export(id, folder)` writes it as JSON and as a readable PDF (right of access and
  portability, RGPD art. 15 and 20).
- `erase_customer(id)`: right to erasure (RGPD art. 17). Names, contact details, free texts
  (every Text column of a linked record), journal entries, attachments, letters and other
  documents go; the figures stay (amounts, categories, stages, dates, outcomes, root-cause
  labels, satisfaction scores) so the statistics keep counting the dispute. The customer row
  itself stays, blank and archived, so those figures still add up per customer type.
  Deleted content is overwritten in the database file (secure_delete) and the full-text
  index is rebuilt; files no other record uses are deleted. Backups made before keep the
  data until the rotation removes them: the confirmation says so.
- Every export and erasure is logged in `privacy-log.jsonl` in the data folder, by customer
  number and counts only: never the erased data.
- Money still owed is a legal claim: RGPD art. 17-3-e lets the shop keep what it needs to
  pursue it, and a blank customer cannot be sent a reminder. `erase_customer` refuses while
  the customer owes something on an invoice (`unpaid(ids)` says what), unless the owner
  confirms giving the claim up (`give_up_claims=True`). The invoices themselves (number,
  dates, amounts, payments, the invoice file) are accounting records kept ten years (Code de
  commerce art. L123-22; RGPD art. 17-3-b): erasure blanks only their free description.
- `retention_candidates(years)`: customers whose disputes are all closed, the last one more
  than N years ago (default 5: the usual limitation period, Code civil art. 2224; RGPD art.
  5-1-e, storage limitation), and who owe nothing.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, Text, delete, func, select, text, update

from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import Customer
from disputedesk.i18n import N_
from disputedesk.models import Base, CustomerRow, DisputeRow, InvoiceRow
from disputedesk.services import convert
from disputedesk.services.customer_service import CLOSED
from disputedesk.services.receivables_service import paid_subquery
from disputedesk.settings import load_settings
from disputedesk.storage.store import Store

LOG_NAME = "privacy-log.jsonl"
EXPORT_FORMAT = "disputedesk-personal-data"

# Records that are the personal content itself: deleted on erasure (with what depends on them;
# a nullable link to them is cleared instead).
_DELETED_TABLES = ("journal_entry", "attachment", "document", "letter", "task")
# Short personal texts kept in String columns (Text columns are all blanked).
_PERSONAL_STRINGS = {
    "customer": (
        "title",
        "first_name",
        "last_name",
        "company",
        "sort_name",
        "siret",
        "address_line1",
        "address_line2",
        "postcode",
        "city",
        "email",
        "phone",
    ),
    "dispute": ("title",),
    "public_review": ("url",),
    "dispute_closure": ("satisfaction_word",),
}


@dataclass(frozen=True, slots=True)
class ErasureReport:
    customer_id: int
    disputes: int
    records_deleted: int
    records_blanked: int
    files_deleted: int


@dataclass(frozen=True, slots=True)
class UnpaidBalance:
    """What one customer still owes, per currency (invoices with something left to pay)."""

    customer_id: int
    invoices: int
    owed: tuple[Money, ...]


@dataclass(frozen=True, slots=True)
class RetentionCandidate:
    customer: Customer
    disputes: int
    last_closed_at: datetime


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def is_erased(customer: Customer) -> bool:
    return customer.archived and not (
        customer.first_name or customer.last_name or customer.company or customer.email
    )


class PrivacyService:
    def __init__(self, store: Store) -> None:
        self._store = store

    # --- what links to a customer ---------------------------------------------------------
    @staticmethod
    def _linked(s, customer_id: int) -> dict[str, set[int]]:
        """Primary keys of every row that links to the customer, directly or through others
        (disputes, their journal, its attachments, invoices, their payments, letters…)."""
        found: dict[str, set[int]] = {"customer": {customer_id}}
        tables = [t for t in Base.metadata.sorted_tables if "id" in t.c]
        changed = True
        while changed:  # a fixed point: links may point "upwards" (letter → journal entry)
            changed = False
            for table in tables:
                ids = found.setdefault(table.name, set())
                for fk in table.foreign_keys:
                    parents = found.get(fk.column.table.name)
                    if not parents:
                        continue
                    rows = s.execute(
                        select(table.c.id).where(fk.parent.in_(sorted(parents)))
                    ).scalars()
                    new = set(rows) - ids
                    if new:
                        ids |= new
                        changed = True
        return {k: v for k, v in found.items() if v}

    def _customer_row(self, s, customer_id: int) -> CustomerRow:
        row = s.get(CustomerRow, customer_id)
        if row is None:
            raise NotFoundError(N_("This customer does not exist (any more)."), field="customer")
        return row

    # --- export (right of access, portability) --------------------------------------------
    def export_customer(self, customer_id: int) -> dict[str, Any]:
        with self._store.read() as s:
            customer = convert.customer(self._customer_row(s, customer_id))
            linked = self._linked(s, customer_id)
            tables: dict[str, list[dict[str, Any]]] = {}
            for table in Base.metadata.sorted_tables:
                ids = linked.get(table.name)
                if not ids:
                    continue
                rows = s.execute(
                    select(table).where(table.c.id.in_(sorted(ids))).order_by(table.c.id)
                ).mappings()
                tables[table.name] = [{k: _encode(v) for k, v in r.items()} for r in rows]
        files: dict[str, dict[str, Any]] = {}
        for name, rows in tables.items():
            if name not in ("attachment", "document"):
                continue
            store = self._store.attachments if name == "attachment" else self._store.documents
            for row in rows:
                path = store.path_for(row["sha256"])
                if path.is_file():
                    files[row["sha256"]] = {
                        "name": row.get("original_name") or row.get("file_name"),
                        "base64": base64.b64encode(path.read_bytes()).decode("ascii"),
                    }
        return {
            "format": EXPORT_FORMAT,
            "exported_at": datetime.now(UTC).isoformat(),
            "customer": {k: _encode(v) for k, v in _record_dict(customer).items()},
            "records": tables,
            "files": files,
        }

    def write_export(self, customer_id: int, folder: Path) -> tuple[Path, Path]:
        """`<name>-personal-data.json` and `.pdf` in `folder` (written whole or not at all)."""
        from disputedesk.documents.privacy_pdf import render_personal_data
        from disputedesk.storage.files import safe_file_name, storage_error

        data = self.export_customer(customer_id)
        c = data["customer"]
        person = " ".join(p for p in (c["company"], c["first_name"], c["last_name"]) if p)
        stem = safe_file_name(f"{person or customer_id}-personal-data", max_len=80)
        json_path = Path(folder) / f"{stem}.json"
        pdf_path = Path(folder) / f"{stem}.pdf"
        pdf = render_personal_data(data)
        try:
            for path, payload in (
                (json_path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")),
                (pdf_path, pdf),
            ):
                tmp = path.with_name(path.name + ".part")
                with open(tmp, "wb") as fh:
                    fh.write(payload)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, path)
        except OSError as exc:
            for path in (json_path, pdf_path):
                path.with_name(path.name + ".part").unlink(missing_ok=True)
            raise storage_error(exc, Path(folder)) from exc
        self._log("export", customer_id, records=sum(len(r) for r in data["records"].values()))
        return json_path, pdf_path

    # --- money still owed (a legal claim) -------------------------------------------------
    @staticmethod
    def _unpaid(s, customer_ids: list[int]) -> list[UnpaidBalance]:
        paid = paid_subquery()
        left = InvoiceRow.amount_minor - func.coalesce(paid.c.paid, 0)
        rows = s.execute(
            select(InvoiceRow.customer_id, InvoiceRow.currency, func.count(), func.sum(left))
            .outerjoin(paid, paid.c.invoice_id == InvoiceRow.id)
            .where(InvoiceRow.customer_id.in_(customer_ids), left > 0)
            .group_by(InvoiceRow.customer_id, InvoiceRow.currency)
            .order_by(InvoiceRow.customer_id, InvoiceRow.currency)
        ).all()
        found: dict[int, tuple[int, list[Money]]] = {}
        for customer_id, currency, count, total in rows:
            n, owed = found.setdefault(customer_id, (0, []))
            owed.append(Money(int(total), currency))
            found[customer_id] = (n + int(count), owed)
        return [UnpaidBalance(cid, n, tuple(owed)) for cid, (n, owed) in found.items()]

    def unpaid(self, customer_ids: list[int]) -> list[UnpaidBalance]:
        """The customers among `customer_ids` who still owe money on an invoice."""
        with self._store.read() as s:
            return self._unpaid(s, list(customer_ids))

    # --- erasure (right to erasure) --------------------------------------------------------
    def erase_customer(self, customer_id: int, *, give_up_claims: bool = False) -> ErasureReport:
        tables = {t.name: t for t in Base.metadata.sorted_tables}
        deleted = blanked = 0
        with self._store.transaction() as s:
            s.execute(text("PRAGMA secure_delete = ON"))  # deleted text overwritten with zeros
            self._customer_row(s, customer_id)
            owing = self._unpaid(s, [customer_id])
            if owing and not give_up_claims:
                # RGPD art. 17-3-e: data needed to pursue a legal claim may be kept.
                raise ValidationError(
                    N_(
                        "This customer still owes {amount} (unpaid invoices: {count}). "
                        "Erasing their data would lose what you need to claim it: record the "
                        "payments first, or confirm that you give up the claim."
                    ),
                    field="unpaid",
                    amount=" + ".join(m.format() for m in owing[0].owed),
                    count=owing[0].invoices,
                )
            linked = self._linked(s, customer_id)
            disputes = len(linked.get("dispute", ()))
            hashes = {
                "attachments": self._hashes(s, tables["attachment"], linked.get("attachment")),
                "documents": self._hashes(s, tables["document"], linked.get("document")),
            }
            for name in _DELETED_TABLES:
                ids = linked.pop(name, set())
                if ids and name in tables:
                    deleted += _delete_rows(s, tables, tables[name], ids, linked)
            for name, ids in linked.items():
                table = tables[name]
                values = {
                    c.name: ("" if not c.nullable else None)
                    for c in table.columns
                    if isinstance(c.type, Text) and not c.primary_key
                }
                values.update({c: "" for c in _PERSONAL_STRINGS.get(name, ())})
                if name == "customer":
                    values["archived"] = True
                if values and ids:
                    s.execute(update(table).where(table.c.id.in_(sorted(ids))).values(**values))
                    blanked += len(ids)
            if s.execute(text("PRAGMA foreign_key_check")).fetchall():
                raise ValidationError(
                    N_("The erasure was stopped: the records would no longer link up.")
                )
            self._rebuild_search_indexes(s)
        self._checkpoint()
        files = self._remove_unused_files(hashes)
        self._log(
            "erase",
            customer_id,
            disputes=disputes,
            deleted=deleted,
            blanked=blanked,
            files=files,
        )
        return ErasureReport(customer_id, disputes, deleted, blanked, files)

    @staticmethod
    def _hashes(s, table: Table, ids: set[int] | None) -> set[str]:
        if not ids:
            return set()
        return set(s.execute(select(table.c.sha256).where(table.c.id.in_(sorted(ids)))).scalars())

    @staticmethod
    def _rebuild_search_indexes(s) -> None:
        """Full-text indexes keep deleted words in their segments until merged: merge now."""
        names = s.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND lower(sql) LIKE 'create virtual table%using fts5%'"
            )
        ).scalars()
        for name in list(names):
            s.execute(text(f'INSERT INTO "{name}"("{name}") VALUES (\'optimize\')'))

    def _checkpoint(self) -> None:
        """Copy the WAL into the database file and empty it: the erased content (zeroed by
        secure_delete) must not survive in the journal either."""
        try:
            con = sqlite3.connect(self._store.paths.database, isolation_level=None)
            try:
                con.execute("PRAGMA secure_delete = ON")
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                con.close()
        except sqlite3.Error:
            pass  # the next checkpoint (automatic) does it

    def _remove_unused_files(self, hashes: dict[str, set[str]]) -> int:
        from disputedesk.models import AttachmentRow, BusinessProfileRow, DocumentRow

        removed = 0
        with self._store.read() as s:
            used_att = set(s.execute(select(AttachmentRow.sha256)).scalars())
            profile = s.get(BusinessProfileRow, 1)
            if profile is not None:
                used_att |= {profile.logo_sha256, profile.signature_sha256}
            used_doc = set(s.execute(select(DocumentRow.sha256)).scalars())
        for kind, store, used in (
            ("attachments", self._store.attachments, used_att),
            ("documents", self._store.documents, used_doc),
        ):
            for sha in hashes[kind] - used:
                try:
                    removed += store.remove(sha)
                except (OSError, ValueError):
                    continue  # reported by `disputedesk check` as an unused file at worst
        return removed

    # --- retention ---------------------------------------------------------------------------
    def retention_years(self) -> int:
        return load_settings(self._store.paths.settings_file).retention_years

    def retention_candidates(
        self, years: int | None = None, *, now: datetime | None = None
    ) -> list[RetentionCandidate]:
        years = self.retention_years() if years is None else years
        now = now or datetime.now(UTC)
        limit = now - timedelta(days=round(365.25 * years))
        per_customer = (
            select(
                DisputeRow.customer_id,
                func.count(DisputeRow.id).label("n"),
                func.max(func.coalesce(DisputeRow.closed_at, DisputeRow.stage_changed_at)).label(
                    "last"
                ),
                func.sum(func.iif(DisputeRow.stage.in_(CLOSED), 0, 1)).label("open"),
            )
            .group_by(DisputeRow.customer_id)
            .subquery()
        )
        out = []
        with self._store.read() as s:
            rows = s.execute(
                select(CustomerRow, per_customer.c.n, per_customer.c.last)
                .join(per_customer, per_customer.c.customer_id == CustomerRow.id)
                .where(per_customer.c.open == 0)
                .order_by(per_customer.c.last, CustomerRow.id)
            ).all()
            for row, n, last in rows:
                customer = convert.customer(row)
                last_at = _aware(last)
                if is_erased(customer) or last_at is None or last_at >= limit:
                    continue
                out.append(RetentionCandidate(customer, int(n), last_at))
            # Who still owes money is not proposed: the claim may still be pursued.
            owing = {u.customer_id for u in self._unpaid(s, [c.customer.id for c in out])}
        return [c for c in out if c.customer.id not in owing]

    # --- the log -------------------------------------------------------------------------------
    @property
    def log_path(self) -> Path:
        return self._store.paths.root / LOG_NAME

    def _log(self, action: str, customer_id: int, **counts: int) -> None:
        line = {"at": datetime.now(UTC).isoformat(), "action": action, "customer": customer_id}
        line.update(counts)
        try:
            with open(self.log_path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(line) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        except OSError:
            pass  # the erasure itself is done; a log that cannot be written must not undo it

    def log(self) -> list[dict[str, Any]]:
        try:
            lines = self.log_path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        out = []
        for line in lines:
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out


def _aware(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _record_dict(record) -> dict[str, Any]:
    from dataclasses import asdict

    d = asdict(record)
    address = d.pop("address", None) or {}
    d.update({f"address_{k}": v for k, v in address.items()})
    d["kind"] = str(record.kind.value)
    return d


def _delete_rows(s, tables: dict[str, Table], table: Table, ids: set[int], linked) -> int:
    """Delete rows; a nullable link to them elsewhere is cleared, a required one is deleted
    too (recursively). Returns how many rows went."""
    if not ids:
        return 0
    count = 0
    for other in tables.values():
        for fk in other.foreign_keys:
            if fk.column.table is not table:
                continue
            if other is table:  # a self-reference (a correction of an entry): all go together
                continue
            if fk.parent.nullable:
                s.execute(update(other).where(fk.parent.in_(sorted(ids))).values({fk.parent: None}))
            elif "id" in other.c:
                child = set(
                    s.execute(select(other.c.id).where(fk.parent.in_(sorted(ids)))).scalars()
                )
                linked.get(other.name, set()).difference_update(child)
                count += _delete_rows(s, tables, other, child, linked)
            else:
                count += s.execute(delete(other).where(fk.parent.in_(sorted(ids)))).rowcount
    count += s.execute(delete(table).where(table.c.id.in_(sorted(ids)))).rowcount
    return count
