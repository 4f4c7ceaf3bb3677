"""CSV invoice import: BOM, ';', decimal commas, French dates, broken rows, re-import."""

from __future__ import annotations

from datetime import date

import pytest

from disputedesk.cli import main
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.services.invoice_import import TEMPLATE, import_csv

CSV = (
    "\ufeffNuméro;Client;Type client;SIRET;Courriel;Date facture;Échéance;Montant TTC;"
    "Devise;Déjà payé;Date paiement;Taux pénalités;Libellé\r\n"
    "F-1;Boulangerie Martin;professionnel;;;01/09/2026;01/10/2026;1 234,50;EUR;;;;Four\r\n"
    "F-2;Claire Dubois;particulier;;claire@example.fr;05/09/2026;05/10/2026;349,90;;"
    "100,00;10/10/2026;;Réparation\r\n"
    "F-3;Boulangerie Martin;professionnel;;;31/02/2026;01/10/2026;10,00;;;;;\r\n"  # bad date
    "F-4;Claire Dubois;particulier;;;05/09/2026;05/08/2026;10,00;;;;;\r\n"  # due before
    "F-5;Boulangerie Martin;professionnel;;;05/09/2026;05/10/2026;dix euros;;;;;\r\n"
    "F-6;;particulier;;;05/09/2026;05/10/2026;10,00;;;;;\r\n"  # no customer
    "F-7;Boulangerie Martin;professionnel;;;05/09/2026;05/10/2026;10,00;;20,00;06/10/2026;;\r\n"
    "F-8;Boulangerie Martin;professionnel;;;05/09/2026;05/10/2026;99,99;;;;12,5;\r\n"
    ";;;\r\n"
    "F-1;Boulangerie Martin;professionnel;;;01/09/2026;01/10/2026;1 234,50;EUR;;;;Four\r\n"
).encode()


def test_good_rows_imported_bad_rows_reported_by_line(services):
    report = import_csv(services, CSV)
    assert report.imported == 3  # F-1, F-2, F-8
    assert report.customers_created == 2
    assert [p.line for p in report.problems] == [4, 5, 6, 7, 8, 11]
    reasons = {p.line: p.reason for p in report.problems}
    assert "not a date" in reasons[4]
    assert "due date" in reasons[5]
    assert "amount" in reasons[6]
    assert "customer" in reasons[7]
    assert "more than the invoice" in reasons[8]
    assert "twice" in reasons[11]
    invoices = {i.number: i for i in services.invoices.list()}
    assert invoices["F-1"].amount == Money(1234_50)
    assert invoices["F-1"].due_date == date(2026, 10, 1)
    assert invoices["F-2"].paid == Money(100_00)
    assert invoices["F-1"].customer_id == invoices["F-8"].customer_id
    assert services.receivables.terms(invoices["F-8"].id).contract_rate_bp == 1250
    customers = {c.customer.display_name: c.customer for c in services.customers.search()}
    assert customers["Claire Dubois"].kind.value == "individual"


def test_reimport_duplicates_nothing(services):
    import_csv(services, CSV)
    again = import_csv(services, CSV)
    assert again.imported == 0 and again.skipped == 3
    assert len(services.invoices.list()) == 3
    assert len(services.customers.search()) == 2


def test_comma_separated_english_template_and_windows_1252(services):
    data = (
        "number,customer,customer_type,issue_date,due_date,amount\n"
        "A-1,Hélène Café,consumer,2026-01-10,2026-02-10,12.50\n"
    ).encode("cp1252")
    report = import_csv(services, data)
    assert report.imported == 1 and not report.problems
    assert services.invoices.list()[0].amount == Money(12_50)
    assert import_csv(services, TEMPLATE.encode("utf-8-sig")).imported == 2


def test_missing_columns_and_empty_file_are_clear_errors(services):
    with pytest.raises(ValidationError) as err:
        import_csv(services, b"number;customer\nF;X\n")
    assert "Missing columns" in str(err.value)
    with pytest.raises(ValidationError):
        import_csv(services, b"")
    with pytest.raises(ValidationError):
        import_csv(services, b"\x00\x01PK")


def test_dry_run_imports_nothing(services):
    report = import_csv(services, CSV, dry_run=True)
    assert report.imported == 3 and services.invoices.list() == []


def test_cli_import_and_receivables(tmp_path, capsys):
    data = tmp_path / "d"
    f = tmp_path / "inv.csv"
    f.write_bytes(CSV)
    assert main(["--data-dir", str(data), "import-invoices", str(f)]) == 1  # rows refused
    out = capsys.readouterr()
    assert "3 imported" in out.out and "Line 4" in out.err
    assert main(["--data-dir", str(data), "receivables", "--as-of", "2026-10-31"]) == 0
    out = capsys.readouterr().out
    assert "F-1" in out and "F-2" in out
    assert main(["--data-dir", str(data), "receivables", "--as-of", "2026-10-31", "--json"]) == 0
    import json

    payload = json.loads(capsys.readouterr().out)
    by_number = {i["number"]: i for i in payload["invoices"]}
    assert by_number["F-1"]["debtor"] == "professional"
    assert by_number["F-1"]["recovery_indemnity"] == {"minor": 4000, "currency": "EUR"}
    assert by_number["F-2"]["recovery_indemnity"] is None
    assert "2026-07-01" in payload["missing_rates"]
    assert main(["--data-dir", str(data), "receivables", "--as-of", "31/10"]) == 1
