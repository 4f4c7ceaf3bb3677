"""Export and import of everything (all tables, attachments, documents) as one JSON file.

Generic over the ORM metadata, so a table added later is carried without code here.
Import goes into an empty store only, and is all-or-nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.sqltypes import BigInteger

from disputedesk import __version__
from disputedesk.domain import business_hours as bh
from disputedesk.domain.errors import DisputeDeskError, ValidationError
from disputedesk.domain.guidance import STEPS_BY_KEY
from disputedesk.domain.money import Money
from disputedesk.i18n import N_
from disputedesk.models import (
    AttachmentRow,
    Base,
    BusinessProfileRow,
    CustomerRow,
    DisputeRow,
    DocumentRow,
    InvoiceRow,
    JournalEntryRow,
    PaymentRow,
    StageChangeRow,
    TaskRow,
)
from disputedesk.models.base import UTCDateTime
from disputedesk.models.guidance import GuidanceStepRow
from disputedesk.services import convert
from disputedesk.services import validate as v
from disputedesk.storage.files import FileStore
from disputedesk.storage.migrate import head_revision
from disputedesk.storage.store import Store

FORMAT = "disputedesk-export"
FORMAT_VERSION = 1


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
# Columns naming a stored file by its SHA-256 (attachments store, documents store).
_ATTACHMENT_SHA_COLUMNS = {
    ("attachment", "sha256"),
    ("business_profile", "logo_sha256"),
    ("business_profile", "signature_sha256"),
}
_DOCUMENT_SHA_COLUMNS = {("document", "sha256")}


def _invalid(where: str) -> ValidationError:
    return ValidationError(
        N_("Import refused: {where} has an invalid value."), field="file", where=where
    )


def _in_range(d: date) -> None:
    if not (v.MIN_DATE <= d <= v.MAX_DATE):
        raise ValueError("date out of range")


def _decode(column, value: Any, where: str) -> Any:
    """A JSON value checked against its column: the import stores nothing the services would
    refuse to write or fail to read (hostile or hand-edited files)."""
    if value is None:
        if not column.nullable and not column.primary_key:
            raise ValidationError(
                N_("Import refused: {where} is missing a value."), field="file", where=where
            )
        return None
    t = column.type
    try:
        if isinstance(t, UTCDateTime):
            if not isinstance(value, str):
                raise ValueError("datetime")
            dt = datetime.fromisoformat(value)
            if dt.tzinfo is None or dt.utcoffset() is None:
                raise ValueError("naive")
            dt = dt.astimezone(UTC)
            _in_range(dt.date())
            return dt
        if isinstance(t, Date):
            if not isinstance(value, str):
                raise ValueError("date")
            d = date.fromisoformat(value)
            _in_range(d)
            return d
        if isinstance(t, Boolean):
            if not isinstance(value, bool):
                raise ValueError("bool")
            return value
        if isinstance(t, (Integer, BigInteger)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError("int")
            if not _INT64_MIN <= value <= _INT64_MAX:
                raise ValueError("int64")
            return value
        if isinstance(t, Float):
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ValueError("float")
            if not math.isfinite(value):
                raise ValueError("finite")
            return float(value)
        if not isinstance(value, str):
            raise ValueError("str")
        value.encode("utf-8")  # a lone surrogate (valid JSON) cannot be stored
        if "\x00" in value:
            raise ValueError("NUL")
        if column.name == "currency":
            Money(0, value)
        return value
    except (TypeError, ValueError, OverflowError, ValidationError) as exc:
        raise _invalid(where) from exc


def _is_sha256(value: Any) -> bool:
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


def _check_readable(s) -> None:
    """Every core record converts to what the screens show (enumerations, amounts): a value
    the program never writes is refused here, not met later as a crash."""
    checks = (
        (BusinessProfileRow, convert.business),
        # The acknowledgement clock counts this many business hours: outside 1 h-30 days it
        # means nothing, and a huge value overflowed the guidance (found by the fuzzing).
        (BusinessProfileRow, lambda r: bh.check_response_hours(r.response_time_hours)),
        (CustomerRow, convert.customer),
        (DisputeRow, convert.dispute),
        (StageChangeRow, convert.stage_change),
        (JournalEntryRow, lambda r: convert.journal_entry(r, [], None)),
        (AttachmentRow, convert.attachment),
        (DocumentRow, convert.document),
        (InvoiceRow, lambda r: convert.invoice(r, [])),
        (PaymentRow, lambda r: convert.payment(r, "EUR")),
        (TaskRow, convert.task),
    )
    for model, to_record in checks:
        for row in s.scalars(select(model)):
            try:
                to_record(row)
            except (TypeError, ValueError, KeyError, ValidationError) as exc:
                raise _invalid(f"{model.__tablename__} #{row.id}") from exc
    for row in s.scalars(select(GuidanceStepRow)):
        if row.step_key not in STEPS_BY_KEY:
            raise _invalid(f"{GuidanceStepRow.__tablename__} #{row.id}")


class TransferService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def export_data(self) -> dict[str, Any]:
        tables: dict[str, list[dict[str, Any]]] = {}
        shas: dict[str, set[str]] = {"attachments": set(), "documents": set()}
        with self._store.read() as s:
            for table in Base.metadata.sorted_tables:
                pk = list(table.primary_key.columns)
                rows = s.execute(select(table).order_by(*pk)).mappings()
                out = []
                for row in rows:
                    out.append({k: _encode(v) for k, v in row.items()})
                tables[table.name] = out
        for name, rows in tables.items():
            for row in rows:
                if name == "document":
                    shas["documents"].add(row["sha256"])
                elif row.get("sha256"):
                    shas["attachments"].add(row["sha256"])
                for key in ("logo_sha256", "signature_sha256"):
                    if row.get(key):
                        shas["attachments"].add(row[key])
        files: dict[str, dict[str, str]] = {"attachments": {}, "documents": {}}
        for kind, store in (
            ("attachments", self._store.attachments),
            ("documents", self._store.documents),
        ):
            for sha in sorted(shas[kind]):
                path = store.path_for(sha)
                if path.is_file():
                    files[kind][sha] = base64.b64encode(path.read_bytes()).decode("ascii")
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_revision": head_revision(),
            "app_version": __version__,
            "exported_at": datetime.now(UTC).isoformat(),
            "tables": tables,
            "files": files,
        }

    def export_file(self, dest: Path) -> dict[str, int]:
        data = self.export_data()
        tmp = dest.with_name(dest.name + ".part")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
        tmp.replace(dest)
        return {name: len(rows) for name, rows in data["tables"].items()}

    def import_file(self, source: Path) -> dict[str, int]:
        try:
            with open(source, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError as exc:
            raise ValidationError(
                N_("{file} does not exist (any more)."), field="file", file=source.name
            ) from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValidationError(
                N_("{file} is not a valid DisputeDesk export (not JSON)."),
                field="file",
                file=source.name,
            ) from exc
        return self.import_data(data, source.name)

    def import_data(self, data: Any, name: str = "") -> dict[str, int]:
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or not isinstance(data.get("tables"), dict)
        ):
            raise ValidationError(
                N_("{file} is not a DisputeDesk export."), field="file", file=name
            )
        if (
            data.get("format_version") != FORMAT_VERSION
            or data.get("schema_revision") != head_revision()
        ):
            raise ValidationError(
                N_(
                    "{file} was exported by another version of DisputeDesk; "
                    "import it with that version."
                ),
                field="file",
                file=name,
            )
        known = {t.name: t for t in Base.metadata.sorted_tables}
        unknown = set(data["tables"]) - set(known)
        if unknown:
            raise ValidationError(
                N_("Import refused: unknown table {table}."), field="file", table=sorted(unknown)[0]
            )
        files = data.get("files") or {}
        if not isinstance(files, dict):
            raise ValidationError(
                N_("{file} is not a DisputeDesk export."), field="file", file=name
            )
        decoded: dict[str, dict[str, bytes]] = {}
        for kind in ("attachments", "documents"):
            group = files.get(kind) or {}
            if not isinstance(group, dict):
                raise ValidationError(
                    N_("{file} is not a DisputeDesk export."), field="file", file=name
                )
            decoded[kind] = {}
            for sha, b64 in group.items():
                try:
                    raw = base64.b64decode(b64, validate=True)
                except (TypeError, ValueError) as exc:
                    raise ValidationError(
                        N_("Import refused: file {sha} is damaged."),
                        field="file",
                        sha=str(sha)[:12],
                    ) from exc
                if hashlib.sha256(raw).hexdigest() != sha:
                    raise ValidationError(
                        N_("Import refused: file {sha} is damaged."),
                        field="file",
                        sha=str(sha)[:12],
                    )
                decoded[kind][sha] = raw
        counts: dict[str, int] = {}
        with self._store.transaction() as s:
            for table in known.values():
                if s.scalar(select(func.count()).select_from(table)):
                    raise ValidationError(
                        N_("Import goes into an empty data folder only; this one has data."),
                        field="file",
                    )
            for table in Base.metadata.sorted_tables:
                rows = data["tables"].get(table.name, [])
                if not isinstance(rows, list):
                    raise ValidationError(
                        N_("{file} is not a DisputeDesk export."), field="file", file=name
                    )
                prepared = []
                for i, row in enumerate(rows, start=1):
                    if not isinstance(row, dict):
                        raise ValidationError(
                            N_("{file} is not a DisputeDesk export."), field="file", file=name
                        )
                    extra = set(row) - set(table.columns.keys())
                    if extra:
                        raise ValidationError(
                            N_("Import refused: unknown column {column}."),
                            field="file",
                            column=f"{table.name}.{min(extra)}",
                        )
                    values = {
                        col.name: _decode(col, row.get(col.name), f"{table.name} #{i}.{col.name}")
                        for col in table.columns
                    }
                    for col_name, value in values.items():
                        key = (table.name, col_name)
                        kind = (
                            "attachments"
                            if key in _ATTACHMENT_SHA_COLUMNS
                            else "documents"
                            if key in _DOCUMENT_SHA_COLUMNS
                            else None
                        )
                        if kind is None or value in (None, ""):
                            continue
                        if not _is_sha256(value):
                            raise _invalid(f"{table.name} #{i}.{col_name}")
                        if value not in decoded[kind]:
                            raise ValidationError(
                                N_("Import refused: file {sha} is missing from the export."),
                                field="file",
                                sha=value[:12],
                            )
                    prepared.append(values)
                if prepared:
                    try:
                        s.execute(insert(table), prepared)
                    except IntegrityError as exc:
                        raise ValidationError(
                            N_(
                                "Import refused: the records of {table} conflict or do not link up."
                            ),
                            field="file",
                            table=table.name,
                        ) from exc
                counts[table.name] = len(prepared)
            if s.execute(text("PRAGMA foreign_key_check")).fetchall():
                raise ValidationError(
                    N_("Import refused: the file's records do not link up."), field="file"
                )
            _check_readable(s)
            # Files last, still inside the transaction: a failure rolls back every row.
            written: list[tuple[FileStore, str]] = []
            for kind, store in (
                ("attachments", self._store.attachments),
                ("documents", self._store.documents),
            ):
                target: FileStore = store
                for sha, raw in decoded[kind].items():
                    if not target.exists(sha):
                        written.append((target, sha))
                    target.put_bytes(raw)
        try:
            self._read_everything()
        except (TypeError, ValueError, KeyError, ArithmeticError, DisputeDeskError) as exc:
            # A value no screen can show (e.g. an unknown letter kind) got in: the folder was
            # empty before, so emptying it again undoes the import exactly.
            self._undo_import(written)
            raise ValidationError(
                N_("Import refused: {file} holds records DisputeDesk cannot read."),
                field="file",
                file=name,
            ) from exc
        return counts

    def _read_everything(self) -> None:
        """Every record through the services that show it (after the import's commit)."""
        from disputedesk.services import Services

        services = Services.build(self._store)
        services.business.get()
        services.customers.search("", include_archived=True)
        services.invoices.list()
        services.tasks.list()
        for d in services.disputes.list():
            services.disputes.history(d.id)
            services.journal.list(d.id)
            services.documents.list(d.id)
            services.guidance.guidance(d.id)
            services.timeline.timeline(d.id)
            services.letters.list(d.id)
            services.aftercare.closures(d.id)
        services.aftercare.gestures()
        services.aftercare.reviews()
        services.aftercare.policies()
        services.agenda.today()

    def _undo_import(self, written: list[tuple[FileStore, str]]) -> None:
        with self._store.transaction() as s:
            for table in reversed(Base.metadata.sorted_tables):
                s.execute(table.delete())
        for store, sha in written:
            try:
                store.remove(sha)
            except (OSError, ValueError):
                continue
