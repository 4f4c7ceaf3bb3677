"""Factur-X import: a PDF with its XML built here, a plain PDF, a credit note, re-import."""

from __future__ import annotations

import io
from datetime import date

import pytest
from facturx import generate_from_binary
from reportlab.pdfgen import canvas

from disputedesk.cli import main
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.services.facturx_import import import_facturx, read_facturx

CII = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice
 xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
<ram:ID>urn:factur-x.eu:1p0:minimum</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
</rsm:ExchangedDocumentContext>
<rsm:ExchangedDocument><ram:ID>{number}</ram:ID><ram:TypeCode>{type_code}</ram:TypeCode>
<ram:IssueDateTime><udt:DateTimeString format="102">20260901</udt:DateTimeString>
</ram:IssueDateTime></rsm:ExchangedDocument>
<rsm:SupplyChainTradeTransaction>
<ram:ApplicableHeaderTradeAgreement>
<ram:SellerTradeParty><ram:Name>Atelier Dupré</ram:Name></ram:SellerTradeParty>
<ram:BuyerTradeParty><ram:Name>Boulangerie Martin &amp; Fils</ram:Name>
<ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">73282932000074</ram:ID>
</ram:SpecifiedLegalOrganization>
<ram:PostalTradeAddress><ram:PostcodeCode>69002</ram:PostcodeCode>
<ram:LineOne>3 rue des Lilas</ram:LineOne><ram:CityName>Lyon</ram:CityName>
<ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress></ram:BuyerTradeParty>
</ram:ApplicableHeaderTradeAgreement>
<ram:ApplicableHeaderTradeDelivery/>
<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
{terms}
<ram:SpecifiedTradeSettlementHeaderMonetarySummation>
<ram:TaxBasisTotalAmount>1000.00</ram:TaxBasisTotalAmount>
<ram:TaxTotalAmount currencyID="EUR">200.00</ram:TaxTotalAmount>
<ram:GrandTotalAmount>1200.00</ram:GrandTotalAmount>
<ram:TotalPrepaidAmount>{prepaid}</ram:TotalPrepaidAmount>
<ram:DuePayableAmount>1000.00</ram:DuePayableAmount>
</ram:SpecifiedTradeSettlementHeaderMonetarySummation>
</ram:ApplicableHeaderTradeSettlement>
</rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"""

DUE = (
    "<ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime>"
    '<udt:DateTimeString format="102">20261001</udt:DateTimeString>'
    "</ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>"
)


def plain_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(100, 750, "Facture")
    c.save()
    return buf.getvalue()


def facturx_pdf(number="FX-1", type_code="380", terms=DUE, prepaid="200.00") -> bytes:
    xml = CII.format(number=number, type_code=type_code, terms=terms, prepaid=prepaid)
    return generate_from_binary(
        plain_pdf(), xml.encode(), flavor="factur-x", level="minimum", check_xsd=False
    )


def test_read_the_embedded_invoice():
    inv = read_facturx(facturx_pdf())
    assert inv.number == "FX-1"
    assert (inv.issue_date, inv.due_date) == (date(2026, 9, 1), date(2026, 10, 1))
    assert inv.amount == Money(1200_00) and inv.prepaid == Money(200_00)
    assert inv.buyer_name == "Boulangerie Martin & Fils"
    assert inv.buyer_siret == "73282932000074" and inv.buyer_siren == "732829320"
    assert inv.buyer_address.city == "Lyon"


def test_import_creates_the_customer_keeps_the_pdf_and_never_twice(services):
    data = facturx_pdf()
    result = import_facturx(services, data, file_name="FX-1.pdf")
    assert result.customer_created and result.invoice_id
    inv = services.invoices.get(result.invoice_id)
    assert inv.amount == Money(1200_00) and inv.balance == Money(1000_00)
    assert inv.due_date == date(2026, 10, 1)
    attachment = services.journal.attachment(inv.attachment_id)
    assert services.journal.attachment_path(attachment).read_bytes() == data
    customer = services.customers.get(result.customer_id)
    assert customer.kind.value == "professional" and customer.siret == "73282932000074"
    again = import_facturx(services, data)
    assert again.invoice_id is None and len(services.invoices.list()) == 1
    # another invoice of the same company is matched by SIREN
    second = import_facturx(services, facturx_pdf(number="FX-2"))
    assert not second.customer_created and second.customer_id == result.customer_id


def test_missing_due_date_uses_the_30_day_default(services):
    result = import_facturx(services, facturx_pdf(terms="", prepaid="0.00"))
    assert result.due_date_assumed
    assert services.invoices.get(result.invoice_id).due_date == date(2026, 10, 1)


def test_plain_pdf_credit_note_and_non_pdf_are_refused_clearly(services):
    with pytest.raises(ValidationError) as err:
        read_facturx(plain_pdf())
    assert "no Factur-X data" in str(err.value)
    with pytest.raises(ValidationError) as err:
        read_facturx(facturx_pdf(type_code="381"))
    assert "credit note" in str(err.value)
    with pytest.raises(ValidationError):
        read_facturx(b"not a pdf")
    with pytest.raises(ValidationError):
        read_facturx(b"%PDF-1.4 broken")


def test_cli_imports_a_facturx_pdf(tmp_path, capsys):
    f = tmp_path / "fx.pdf"
    f.write_bytes(facturx_pdf())
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "import-invoices", str(f)]) == 0
    assert "FX-1 imported" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "import-invoices", str(f)]) == 0
    assert "already imported" in capsys.readouterr().out
    p = tmp_path / "plain.pdf"
    p.write_bytes(plain_pdf())
    assert main(["--data-dir", str(data), "import-invoices", str(p)]) == 1
    assert "no Factur-X data" in capsys.readouterr().err
