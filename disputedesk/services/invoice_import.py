"""Invoice import from CSV (spreadsheet export): each bad row reported with its line number
and reason, good rows imported, nothing duplicated on re-import (invoice numbers are unique).

Accepted: UTF-8 with or without BOM (else Windows-1252), separator `;`, `,` or tab, French
decimal commas ("1 234,50"), dates 31/12/2026 or 2026-12-31. Columns (English or French
header names, any order; see README "Importing invoices"):

    number*, customer*, customer_type (consumer|professional), siret, email,
    issue_date*, due_date*, amount* (incl. VAT), currency, paid, paid_on, penalty_rate,
    description
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from disputedesk.domain.enums import CustomerKind
from disputedesk.domain.errors import DisputeDeskError, ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.rates import parse_rate_bp
from disputedesk.domain.records import CustomerDraft
from disputedesk.i18n import N_, _
from disputedesk.models import CustomerRow, InvoiceRow
from disputedesk.services.invoice_service import InvoiceDraft

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000

TEMPLATE = (
    "number;customer;customer_type;siret;email;issue_date;due_date;amount;currency;"
    "paid;paid_on;penalty_rate;description\r\n"
    "F-2026-001;Boulangerie Martin;professional;73282932000074;;01/09/2026;01/10/2026;"
    "1 200,00;EUR;200,00;15/10/2026;;Vitrine réfrigérée\r\n"
    "F-2026-002;Claire Dubois;consumer;;claire@example.fr;05/09/2026;05/10/2026;"
    "349,90;EUR;;;;Réparation\r\n"
)

_ALIASES = {
    "number": ("number", "invoice", "invoice_number", "numero", "numero_facture", "facture"),
    "customer": ("customer", "customer_name", "client", "nom_client", "nom"),
    "customer_type": ("customer_type", "type", "type_client", "debtor", "debiteur"),
    "siret": ("siret", "siren"),
    "email": ("email", "e_mail", "courriel", "mail"),
    "issue_date": ("issue_date", "date", "invoice_date", "date_facture", "date_emission"),
    "due_date": ("due_date", "due", "echeance", "date_echeance"),
    "amount": ("amount", "total", "amount_ttc", "montant", "montant_ttc", "total_ttc"),
    "currency": ("currency", "devise"),
    "paid": ("paid", "amount_paid", "deja_paye", "paye", "regle", "montant_regle"),
    "paid_on": ("paid_on", "payment_date", "date_paiement", "date_reglement"),
    "penalty_rate": ("penalty_rate", "taux_penalites", "taux_penalite", "taux"),
    "description": ("description", "libelle", "objet"),
}
REQUIRED = ("number", "customer", "issue_date", "due_date", "amount")
_PRO = {"professional", "pro", "professionnel", "b2b", "entreprise", "company", "societe"}
_CONSUMER = {"consumer", "individual", "particulier", "consommateur", "b2c", ""}


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int  # line number in the file (the header is line 1)
    reason: str  # translated


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0  # already imported (same invoice number)
    customers_created: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower().lstrip("\ufeff"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "_".join(text.replace("-", " ").replace(".", " ").split())


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_date(text: str, field_name: str) -> date:
    raw = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        N_("{column}: not a date ({value}); write 31/12/2026."),
        field=field_name,
        column=field_name,
        value=raw,
    )


def _amount(text: str, currency: str, field_name: str) -> Money:
    try:
        return Money.parse(text, currency, locale="fr_FR")
    except ValidationError as err:
        raise ValidationError(
            N_("{column}: {problem}"), field=field_name, column=field_name, problem=str(err)
        ) from err


def import_csv_file(services, path: str | Path, *, dry_run: bool = False) -> ImportReport:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(N_("This file is too large to be a list of invoices."))
        data = p.read_bytes()
    except OSError as exc:
        raise ValidationError(
            N_("Cannot read {file}: {reason}"),
            field="file",
            file=p.name,
            reason=exc.strerror or str(exc),
        ) from exc
    return import_csv(services, data, dry_run=dry_run)


def import_csv(services, data: bytes, *, dry_run: bool = False) -> ImportReport:
    text = decode(data)
    if "\x00" in text:
        raise ValidationError(N_("This is not a CSV text file."), field="file")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise ValidationError(N_("The file is empty."), field="file") from exc
    except csv.Error as exc:  # e.g. a cell over the csv module's 128 KB limit
        raise ValidationError(N_("This is not a CSV text file."), field="file") from exc
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _norm(name)
        for canonical, aliases in _ALIASES.items():
            if key in aliases and canonical not in columns:
                columns[canonical] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ValidationError(
            N_("Missing columns: {columns}. Start from the template file."),
            field="file",
            columns=", ".join(missing),
        )
    report = ImportReport()
    seen: set[str] = set()
    cache: dict[tuple, int] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # A cell too large (over 128 KB) or a broken quote: the rows before it are
            # imported and reported; say where reading stopped.
            report.problems.append(
                RowProblem(
                    reader.line_num,
                    _("This line cannot be read (a cell is too long); the rest was not read."),
                )
            )
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if line > MAX_ROWS + 1:
            report.problems.append(RowProblem(line, _("Too many rows; the rest was not read.")))
            break
        try:
            if _import_row(services, row, columns, seen, cache, report, dry_run):
                report.imported += 1
        except DisputeDeskError as err:
            report.problems.append(RowProblem(line, str(err)))
    return report


def _import_row(services, row, columns, seen, cache, report, dry_run) -> bool:
    def cell(name: str) -> str:
        i = columns.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    number = cell("number")
    if not number:
        raise ValidationError(N_("The invoice number is empty."))
    if len(number) > 60:
        raise ValidationError(N_("The invoice number is too long (60 characters at most)."))
    if number in seen:
        raise ValidationError(N_("Invoice {number} appears twice in the file."), number=number)
    seen.add(number)
    name = cell("customer")
    if not name:
        raise ValidationError(N_("The customer name is empty."))
    kind_text = _norm(cell("customer_type"))
    if kind_text in _PRO:
        kind = CustomerKind.PROFESSIONAL
    elif kind_text in _CONSUMER:
        kind = CustomerKind.INDIVIDUAL
    else:
        raise ValidationError(
            N_("Customer type {value}: write consumer or professional."),
            value=cell("customer_type"),
        )
    currency = (cell("currency") or "EUR").upper()
    issue = parse_date(cell("issue_date"), "issue_date")
    due = parse_date(cell("due_date"), "due_date")
    if due < issue:
        raise ValidationError(N_("The due date cannot be before the issue date."))
    amount = _amount(cell("amount"), currency, "amount")
    if amount.minor <= 0:
        raise ValidationError(N_("An invoice amount must be more than zero."))
    paid = _amount(cell("paid"), currency, "paid") if cell("paid") else None
    paid_on = parse_date(cell("paid_on"), "paid_on") if cell("paid_on") else None
    if paid is not None and paid.minor > 0:
        if paid > amount:
            raise ValidationError(N_("The amount paid is more than the invoice."))
        if paid_on is None:
            raise ValidationError(N_("Give the payment date (paid_on) of the amount paid."))
        if paid_on < issue:
            raise ValidationError(N_("A payment cannot be dated before the invoice."))
    rate_bp = parse_rate_bp(cell("penalty_rate"), "penalty_rate") if cell("penalty_rate") else None

    with services.store.read() as s:
        if s.scalar(select(InvoiceRow.id).where(InvoiceRow.number == number)):
            report.skipped += 1
            return False
        customer_id = _match_customer(s, kind, name, cell("siret"), cell("email"), cache)
    if dry_run:
        return True
    if customer_id is None:
        customer_id = _create_customer(services, kind, name, cell("siret"), cell("email"))
        cache[(kind, name.lower())] = customer_id
        report.customers_created += 1
    inv = services.invoices.create(
        InvoiceDraft(
            customer_id=customer_id,
            number=number,
            issue_date=issue,
            due_date=due,
            amount=amount,
            description=cell("description"),
        )
    )
    if paid is not None and paid.minor > 0:
        services.invoices.add_payment(inv.id, paid, paid_on, note=_("Imported"))
    if rate_bp is not None and kind is CustomerKind.PROFESSIONAL:
        services.receivables.set_terms(
            inv.id,
            contract_rate_bp=rate_bp,
            notice_received_on=None,
            judgment_enforceable_on=None,
        )
    return True


def _match_customer(s, kind, name, siret, email, cache) -> int | None:
    key = (kind, name.lower())
    if key in cache:
        return cache[key]
    digits = "".join(ch for ch in siret if ch.isdigit())
    if digits:
        found = s.scalar(select(CustomerRow.id).where(CustomerRow.siret.like(digits[:9] + "%")))
        if found:
            return found
    if email:
        found = s.scalar(
            select(CustomerRow.id).where(func.lower(CustomerRow.email) == email.lower())
        )
        if found:
            return found
    lowered = name.lower()
    for row in s.execute(
        select(
            CustomerRow.id, CustomerRow.company, CustomerRow.first_name, CustomerRow.last_name
        ).where(CustomerRow.kind == kind.value)
    ):
        person = " ".join(p for p in (row.first_name, row.last_name) if p).lower()
        if lowered in (row.company.lower(), person, row.last_name.lower()):
            return row.id
    return None


def _create_customer(services, kind, name, siret, email) -> int:
    if kind is CustomerKind.PROFESSIONAL:
        draft = CustomerDraft(kind=kind, company=name, siret=siret, email=email)
    else:
        parts = name.split(None, 1)
        first, last = (parts[0], parts[1]) if len(parts) == 2 else ("", name)
        draft = CustomerDraft(kind=kind, first_name=first, last_name=last, email=email)
    return services.customers.create(draft).id
