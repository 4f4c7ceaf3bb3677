"""Invoice import from Factur-X / ZUGFeRD PDFs (France's e-invoicing format).

The XML embedded in the PDF (UN/CEFACT Cross Industry Invoice) gives the number, dates,
amount including VAT and the buyer (our customer): matched by SIREN/SIRET, else by name, or
created. The PDF itself is kept as the invoice's exhibit. Re-importing the same invoice
number imports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from facturx import get_facturx_xml_from_pdf
from lxml import etree
from sqlalchemy import select

from disputedesk.domain import identifiers as ids
from disputedesk.domain.enums import CustomerKind
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, PostalAddress
from disputedesk.i18n import N_
from disputedesk.models import AttachmentRow, CustomerRow, InvoiceRow
from disputedesk.services import validate as v
from disputedesk.services.invoice_import import _match_customer
from disputedesk.services.invoice_service import InvoiceDraft

MAX_PDF_BYTES = 50 * 1024 * 1024
DEFAULT_TERM_DAYS = 30  # no due date in the XML: Code de commerce L441-10 I default term
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
_CREDIT_NOTE_CODES = {"381", "261", "262", "296", "308", "396", "420", "458", "532"}


@dataclass(frozen=True)
class FacturXInvoice:
    number: str
    issue_date: date
    due_date: date
    due_date_assumed: bool  # True: not in the XML, issue date + 30 days (L441-10 I)
    amount: Money  # grand total including VAT
    prepaid: Money
    buyer_name: str
    buyer_siren: str  # 9 digits, or ""
    buyer_siret: str  # 14 digits, or ""
    buyer_vat: str
    buyer_address: PostalAddress


@dataclass(frozen=True)
class FacturXResult:
    invoice_id: int | None  # None when already imported
    number: str
    customer_id: int
    customer_created: bool
    due_date_assumed: bool


def read_facturx(data: bytes) -> FacturXInvoice:
    """Read the invoice in a Factur-X PDF; a clear ValidationError for anything else."""
    if not data.startswith(b"%PDF-"):
        raise ValidationError(N_("This file is not a PDF."), field="file")
    try:
        # factur-x wants bytes or an open file, not a path (PITFALLS 13).
        _name, xml = get_facturx_xml_from_pdf(data, check_xsd=False)
    except Exception as exc:  # a damaged PDF raises anything from pypdf
        raise ValidationError(
            N_("This PDF cannot be read: {reason}"), field="file", reason=str(exc)[:200]
        ) from exc
    if not xml:
        raise ValidationError(
            N_(
                "This PDF has no Factur-X data: it is a plain PDF. Enter the invoice by hand "
                "or import a CSV file."
            ),
            field="file",
        )
    return parse_cii(xml)


def parse_cii(xml: bytes) -> FacturXInvoice:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise ValidationError(
            N_("The Factur-X data of this PDF is damaged."), field="file"
        ) from exc
    if etree.QName(root).localname != "CrossIndustryInvoice":
        raise ValidationError(
            N_("This e-invoice format is not supported (only Factur-X / ZUGFeRD)."),
            field="file",
        )

    def text(path: str) -> str:
        found = root.find(path, NS)
        return (found.text or "").strip() if found is not None else ""

    type_code = text("rsm:ExchangedDocument/ram:TypeCode")
    if type_code in _CREDIT_NOTE_CODES:
        raise ValidationError(N_("This is a credit note, not an invoice."), field="file")
    number = text("rsm:ExchangedDocument/ram:ID")
    if not number:
        raise ValidationError(N_("The invoice number is missing in the Factur-X data."))
    issue = _cii_date(text("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString"))
    if issue is None:
        raise ValidationError(N_("The invoice date is missing in the Factur-X data."))
    v.check_date(issue, "issue_date")  # 9999-12-31 + the default term would overflow
    trade = "rsm:SupplyChainTradeTransaction/"
    settlement = trade + "ram:ApplicableHeaderTradeSettlement/"
    due = _cii_date(
        text(settlement + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString")
    )
    currency = text(settlement + "ram:InvoiceCurrencyCode") or "EUR"
    totals = settlement + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
    amount = _amount(text(totals + "ram:GrandTotalAmount"), currency)
    if amount is None or amount.minor <= 0:
        raise ValidationError(N_("The invoice total is missing in the Factur-X data."))
    prepaid = _amount(text(totals + "ram:TotalPrepaidAmount"), currency) or Money.zero(currency)
    buyer = trade + "ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty/"
    legal_id = root.find(buyer + "ram:SpecifiedLegalOrganization/ram:ID", NS)
    digits = ids.digits_only(legal_id.text or "") if legal_id is not None else ""
    siret = digits if len(digits) == 14 else ""
    siren = digits[:9] if len(digits) in (9, 14) else ""
    address = buyer + "ram:PostalTradeAddress/"
    return FacturXInvoice(
        number=number[:60].strip(),  # as the invoice service stores it (duplicate check)
        issue_date=issue,
        due_date=due or issue + timedelta(days=DEFAULT_TERM_DAYS),
        due_date_assumed=due is None,
        amount=amount,
        prepaid=prepaid,
        buyer_name=text(buyer + "ram:Name")[:200],
        buyer_siren=siren,
        buyer_siret=siret,
        buyer_vat=text(buyer + "ram:SpecifiedTaxRegistration/ram:ID"),
        buyer_address=PostalAddress(
            line1=text(address + "ram:LineOne")[:200],
            line2=text(address + "ram:LineTwo")[:200],
            postcode=text(address + "ram:PostcodeCode")[:20],
            city=text(address + "ram:CityName")[:100],
            country=(text(address + "ram:CountryID") or "FR")[:2].upper(),
        ),
    )


def _cii_date(value: str) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value[:8], "%Y%m%d").date()
    except ValueError as exc:
        raise ValidationError(
            N_("A date in the Factur-X data is not valid: {value}"), value=value
        ) from exc


def _amount(value: str, currency: str) -> Money | None:
    if not value:
        return None
    try:
        return Money.from_decimal(Decimal(value), currency)
    except (InvalidOperation, ValidationError) as exc:
        raise ValidationError(
            N_("An amount in the Factur-X data is not valid: {value}"), value=value
        ) from exc


def import_facturx_file(services, path: str | Path) -> FacturXResult:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_PDF_BYTES:
            raise ValidationError(N_("This file is too large for an invoice."), field="file")
        data = p.read_bytes()
    except OSError as exc:
        raise ValidationError(
            N_("Cannot read {file}: {reason}"),
            field="file",
            file=p.name,
            reason=exc.strerror or str(exc),
        ) from exc
    return import_facturx(services, data, file_name=p.name)


def import_facturx(services, data: bytes, *, file_name: str = "invoice.pdf") -> FacturXResult:
    inv = read_facturx(data)
    if not inv.buyer_name:
        raise ValidationError(N_("The customer's name is missing in the Factur-X data."))
    # What the invoice service would refuse, refused before anything is written: an import
    # is all or nothing (no customer or stored PDF left behind by a refused invoice).
    v.clean(inv.number, "number", max_len=60, required=True)
    v.check_date(inv.issue_date, "issue_date")
    v.check_date(max(inv.due_date, inv.issue_date), "due_date")
    # Factur-X is the format of invoices between businesses; a buyer with no company
    # identifier is taken as a consumer.
    pro = bool(inv.buyer_siren or inv.buyer_vat)
    kind = CustomerKind.PROFESSIONAL if pro else CustomerKind.INDIVIDUAL
    with services.store.read() as s:
        existing = s.scalar(select(InvoiceRow).where(InvoiceRow.number == inv.number))
        if existing is not None:
            return FacturXResult(None, inv.number, existing.customer_id, False, False)
        customer_id = None
        if inv.buyer_siren:
            customer_id = s.scalar(
                select(CustomerRow.id).where(CustomerRow.siret.like(inv.buyer_siren + "%"))
            )
        if customer_id is None:
            customer_id = _match_customer(s, kind, inv.buyer_name, "", "", {})
    created = False
    if customer_id is None:
        siret = inv.buyer_siret if inv.buyer_siret and ids.is_valid_siret(inv.buyer_siret) else ""
        draft = (
            CustomerDraft(kind=kind, company=inv.buyer_name, siret=siret, address=inv.buyer_address)
            if pro
            else CustomerDraft(kind=kind, last_name=inv.buyer_name, address=inv.buyer_address)
        )
        customer_id = services.customers.create(draft).id
        created = True
    attachment_id = _keep_pdf(services.store, data, file_name)
    row = services.invoices.create(
        InvoiceDraft(
            customer_id=customer_id,
            number=inv.number,
            issue_date=inv.issue_date,
            due_date=max(inv.due_date, inv.issue_date),
            amount=inv.amount,
            attachment_id=attachment_id,
        )
    )
    if inv.prepaid.minor > 0:
        services.invoices.add_payment(
            row.id, min(inv.prepaid, inv.amount), inv.issue_date, note="Factur-X"
        )
    return FacturXResult(row.id, inv.number, customer_id, created, inv.due_date_assumed)


def _keep_pdf(store, data: bytes, file_name: str) -> int:
    from disputedesk.storage.files import safe_file_name

    stored = store.attachments.put_bytes(data)
    with store.transaction() as s:
        att = AttachmentRow(
            journal_entry_id=None,
            sha256=stored.sha256,
            original_name=safe_file_name(file_name, default="invoice.pdf"),
            size=stored.size,
            media_type="application/pdf",
        )
        s.add(att)
        s.flush()
        return att.id
