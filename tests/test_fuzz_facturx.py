"""Hostile Factur-X invoices (services/facturx_import.py): any value of the embedded XML
replaced by adversarial text, absurd dates or amounts, and damaged PDFs. The only outcomes:
a ValidationError with nothing added (no customer, no invoice, no stored PDF), or one
invoice imported that the screens can read."""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import event
from hypothesis import strategies as st
from support_safety import amount_texts, fuzz, hostile_text
from test_receivables_facturx import CII, DUE, facturx_pdf

from disputedesk.domain.errors import ValidationError
from disputedesk.services.facturx_import import import_facturx, parse_cii

FIELDS = {
    "number": "FX-1",
    "date": "20260901",
    "due": "20261001",
    "total": "1200.00",
    "prepaid": "200.00",
    "currency": "EUR",
    "buyer": "Boulangerie Martin &amp; Fils",
    "siret": "73282932000074",
    "city": "Lyon",
    "country": "FR",
}

# The reference invoice of the Factur-X tests, with every value a placeholder.
TEMPLATE = (
    CII.replace("{number}", "{number}")
    .replace("20260901", "{date}")
    .replace("<ram:GrandTotalAmount>1200.00", "<ram:GrandTotalAmount>{total}")
    .replace("<ram:InvoiceCurrencyCode>EUR", "<ram:InvoiceCurrencyCode>{currency}")
    .replace("Boulangerie Martin &amp; Fils", "{buyer}")
    .replace("73282932000074", "{siret}")
    .replace("<ram:CityName>Lyon", "<ram:CityName>{city}")
    .replace("<ram:CountryID>FR", "<ram:CountryID>{country}")
    .replace("{type_code}", "380")
    .replace("{terms}", DUE.replace("20261001", "{due}"))
)

_values = {
    "date": st.one_of(
        st.sampled_from(["99991231", "00010101", "19691231", "22010101", "20260230", "2026", ""]),
        st.dates().map(lambda d: d.strftime("%Y%m%d")),
        hostile_text(12),
    ),
    "total": st.one_of(
        amount_texts, st.sampled_from(["1e999999", "-5", "0", "NaN", "0.001", "1E+30"])
    ),
    "currency": st.sampled_from(["EUR", "", "XXX", "eur", "€", "EURO", "JPY", "BHD"]),
}


@st.composite
def invoices(draw):
    values = dict(FIELDS)
    values["number"] = f"FX-{draw(st.uuids()).hex[:12]}"  # a new invoice each time
    for key in draw(st.sets(st.sampled_from(sorted(FIELDS)), min_size=1, max_size=4)):
        strategy = _values.get(key)
        if strategy is None:
            strategy = hostile_text(80)
        if key == "due":
            strategy = _values["date"]
        if key == "prepaid":
            strategy = _values["total"]
        raw = draw(strategy)
        # XML 1.0 cannot carry control characters: keep the ones it allows.
        raw = "".join(ch for ch in raw if ch in "\t\n\r" or ord(ch) >= 0x20)
        raw = "".join(
            ch for ch in raw if not 0xD800 <= ord(ch) <= 0xDFFF and ch not in "\ufffe\uffff"
        )
        values[key] = escape(raw)
    return TEMPLATE.format(**values).encode("utf-8")


def _counts(services) -> tuple[int, int, int]:
    with services.store.read() as s:
        conn = s.connection()
        return tuple(
            conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
            for t in ("customer", "invoice", "attachment")
        )


def _hostile_invoice(services, xml):
    try:
        parse_cii(xml)
    except ValidationError:
        event("refused while reading")
    try:
        data = facturx_pdf_from_xml(xml)
    except Exception:  # the factur-x library itself refuses to build this test file
        event("test PDF not buildable")
        return
    before = _counts(services)
    try:
        result = import_facturx(services, data, file_name="facture.pdf")
    except ValidationError as err:
        assert str(err)
        assert _counts(services) == before, "a refused invoice left records behind"
        event("refused")
        return
    if result.invoice_id is None:
        event("already imported")
        return
    inv = services.invoices.get(result.invoice_id)
    services.customers.get(inv.customer_id)
    services.invoices.list()
    event("imported")


def facturx_pdf_from_xml(xml: bytes) -> bytes:
    from facturx import generate_from_binary
    from test_receivables_facturx import plain_pdf

    return generate_from_binary(
        plain_pdf(), xml, flavor="factur-x", level="minimum", check_xsd=False
    )


test_hostile_invoice, test_hostile_invoice_deep = fuzz(invoices(), share=40)(_hostile_invoice)


def _damaged_pdf(services, cut, flips):
    data = bytearray(facturx_pdf())
    for pos, byte in flips:
        data[pos % len(data)] ^= byte
    data = bytes(data[: max(0, len(data) - cut)])
    before = _counts(services)
    try:
        import_facturx(services, data)
    except ValidationError as err:
        assert str(err)
        assert _counts(services) == before


test_damaged_pdf, test_damaged_pdf_deep = fuzz(
    st.integers(0, 4000),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)), max_size=5),
    share=40,
)(_damaged_pdf)


def test_number_cut_at_60_characters_is_still_found_as_a_duplicate(services):
    """Found by the fuzzing: "mot mot … " cut at 60 characters ended with a space, passed the
    duplicate check, then the invoice service (which strips) refused it, leaving the stored
    PDF behind."""
    number = "mot " * 20
    xml = TEMPLATE.format(**{**FIELDS, "number": number}).encode()
    first = import_facturx(services, facturx_pdf_from_xml(xml))
    assert first.invoice_id
    before = _counts(services)
    again = import_facturx(services, facturx_pdf_from_xml(xml))
    assert again.invoice_id is None and _counts(services) == before
