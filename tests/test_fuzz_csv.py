"""Hostile CSV invoice files (services/invoice_import.py): a file-level ValidationError, or a
report whose count of imported rows is exactly what was added — never a traceback."""

from __future__ import annotations

import csv
import io

from hypothesis import strategies as st
from support_safety import amount_texts, fuzz, hostile_text

from disputedesk.domain.errors import ValidationError
from disputedesk.services.invoice_import import TEMPLATE, import_csv

HEADER = TEMPLATE.splitlines()[0].split(";")

date_texts = st.one_of(
    hostile_text(20),
    st.sampled_from(
        [
            "31/12/2026",
            "29/02/2025",
            "00/00/0000",
            "01/01/0001",
            "31/12/9999",
            "9999-12-31",
            "0001-01-01",
            "1/1/70",
            "31.12.2026",
            "2026-13-01",
            "",
        ]
    ),
)


def _cell(column: str):
    if column in ("issue_date", "due_date", "paid_on"):
        return date_texts
    if column in ("amount", "paid", "penalty_rate"):
        return amount_texts
    if column == "customer_type":
        return st.one_of(st.sampled_from(["consumer", "professional", "b2b", ""]), hostile_text(9))
    if column == "currency":
        return st.sampled_from(["EUR", "", "eur", "XXX", "€", "JPY", "EURO"])
    if column == "siret":
        return st.one_of(st.just("73282932000074"), hostile_text(16))
    return hostile_text(60)


rows = st.lists(
    st.fixed_dictionaries({c: _cell(c) for c in HEADER}),
    min_size=0,
    max_size=6,
)


def _csv_bytes(header, records, delimiter, encoding) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(header)
    for r in records:
        w.writerow([r.get(c, "") for c in header])
    return buf.getvalue().encode(encoding, errors="replace")


def _check(services, data: bytes) -> None:
    before = len(services.invoices.list())
    try:
        report = import_csv(services, data)
    except ValidationError as err:
        assert str(err)
        assert len(services.invoices.list()) == before
        return
    assert len(services.invoices.list()) == before + report.imported
    for p in report.problems:
        assert p.line >= 2 and p.reason


def _well_formed(services, records, delimiter, encoding, shuffle):
    header = list(HEADER)
    if shuffle:
        header.reverse()
    _check(services, _csv_bytes(header, records, delimiter, encoding))


test_well_formed_rows, test_well_formed_rows_deep = fuzz(
    rows,
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    st.booleans(),
    share=50,
)(_well_formed)


def _raw_bytes(services, data):
    _check(services, data)


test_raw_bytes, test_raw_bytes_deep = fuzz(
    st.one_of(
        st.binary(max_size=3000),
        st.builds(lambda b: TEMPLATE.encode() + b, st.binary(max_size=500)),
        st.builds(
            lambda n: TEMPLATE.encode()[:n], st.integers(0, len(TEMPLATE.encode()))
        ),  # truncated
    ),
    share=50,
)(_raw_bytes)


def test_huge_cell_and_unbalanced_quotes(services):
    head = ";".join(HEADER) + "\r\n"
    for body in (
        'F-1;"' + "x" * 300_000 + '";consumer;;;01/01/2026;01/02/2026;10;EUR;;;;\r\n',
        'F-2;"Dupont;consumer;;;01/01/2026;01/02/2026;10;EUR;;;;\r\n',
        "F-3;Dupont;consumer;;;01/01/2026;01/02/2026;" + "9" * 5000 + ";EUR;;;;\r\n",
        "F-4;Dupont\r;consumer;;;01/01/2026;01/02/2026;10;EUR;;;;\r\n",
    ):
        _check(services, (head + body).encode())
