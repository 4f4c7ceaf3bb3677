"""Personal data (RGPD): a customer's export (JSON + readable PDF), erasure that leaves no
trace in the database file, the index or the files but keeps the figures, the log, and the
retention rule."""

from __future__ import annotations

import base64
import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from disputedesk.domain.enums import Channel, Direction, DisputeCategory, DisputeStage
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.letters import LetterInputs, LetterKind
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft, PostalAddress
from disputedesk.services.demo_service import seed_demo
from disputedesk.services.invoice_service import InvoiceDraft
from disputedesk.services.journal_service import EntryDraft

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
SECRETS = ("Quatrebarbes", "zephyrine@exemple.fr", "MARQUEURSECRET", "CORPSSECRET", "NOTESECRETE")
FILE_SECRET = b"FICHIERSECRET contenu de la photo"


@pytest.fixture
def shop(services, tmp_path):
    seed_demo(services, now=NOW)
    c = services.customers.create(
        CustomerDraft(
            first_name="Zéphyrine",
            last_name="Quatrebarbes",
            email="zephyrine@exemple.fr",
            phone="06 12 34 56 78",
            address=PostalAddress("12 rue des Lilas", "", "75011", "Paris", "FR"),
            notes="NOTESECRETE",
        )
    )
    d = services.disputes.open(
        DisputeDraft(
            c.id,
            DisputeCategory.PRODUCT_QUALITY,
            "MARQUEURSECRET la table est rayée",
            Money(45_000),
            customer_request="Un échange",
            received_at=NOW - timedelta(days=10),
        ),
        now=NOW,
    )
    photo = tmp_path / "photo-secrete.jpg"
    photo.write_bytes(FILE_SECRET)
    services.journal.add(
        EntryDraft(
            d.id,
            Channel.EMAIL,
            Direction.INCOMING,
            "Réclamation de Mme Quatrebarbes",
            "CORPSSECRET",
            occurred_at=NOW - timedelta(days=9),
            attachments=(photo,),
        ),
        now=NOW,
    )
    services.letters.issue(
        services.letters.compose(d.id, LetterInputs(LetterKind.ACKNOWLEDGEMENT)), now=NOW
    )
    inv = services.invoices.create(
        InvoiceDraft(
            c.id,
            "F-SECRET-1",
            NOW.date() - timedelta(days=40),
            NOW.date() - timedelta(days=10),
            Money(45_000),
            description="Table MARQUEURSECRET",
            dispute_id=d.id,
        )
    )
    services.invoices.add_payment(inv.id, Money(5_000), NOW.date(), note="CORPSSECRET")
    services.tasks.add("Rappeler Mme Quatrebarbes", NOW + timedelta(days=2), dispute_id=d.id)
    return services, c, d


def _all_bytes(services) -> bytes:
    """Everything on disk that could still hold the data: database, WAL, stored files."""
    services.privacy._checkpoint()
    paths = services.store.paths
    out = b""
    for f in [paths.database, *paths.root.glob("*.sqlite3-wal")]:
        if f.exists():
            out += f.read_bytes()
    for folder in (paths.attachments, paths.documents):
        for f in folder.rglob("*"):
            if f.is_file():
                out += f.read_bytes()
    return out


def test_export_holds_everything_about_the_customer_and_nothing_else(shop, tmp_path):
    services, c, d = shop
    data = services.privacy.export_customer(c.id)
    text = json.dumps(data, ensure_ascii=False)
    for secret in SECRETS:
        assert secret in text
    assert {"dispute", "journal_entry", "attachment", "document", "letter", "invoice"} <= set(
        data["records"]
    )
    assert [r["id"] for r in data["records"]["dispute"]] == [d.id]
    files = [base64.b64decode(f["base64"]) for f in data["files"].values()]
    assert FILE_SECRET in files and any(f.startswith(b"%PDF") for f in files)
    others = [s.customer for s in services.customers.search("") if s.customer.id != c.id]
    assert others and not any(o.last_name in text for o in others if len(o.last_name) > 3)

    json_path, pdf_path = services.privacy.write_export(c.id, tmp_path)
    assert json.loads(json_path.read_text(encoding="utf-8"))["customer"]["email"] == c.email
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "Quatrebarbes" in pdf_text and "MARQUEURSECRET" in pdf_text
    assert "Données personnelles" in pdf_text  # the customer's language (French)
    assert [e["action"] for e in services.privacy.log()] == ["export"]
    assert "Quatrebarbes" not in services.privacy.log_path.read_text(encoding="utf-8")


def test_erasure_leaves_no_trace_but_keeps_the_figures(shop):
    services, c, d = shop
    before_customers = services.customers.count(include_archived=True)
    disputes_before = {x.id: (x.amount, x.category, x.stage) for x in services.disputes.list()}
    other = next(s.customer for s in services.customers.search("") if s.customer.id != c.id)
    other_export = services.privacy.export_customer(other.id)
    before = _all_bytes(services).lower()
    assert FILE_SECRET.lower() in before and b"marqueursecret" in before  # the check can fail

    # 450 € invoiced, 50 € paid: the 400 € still owed is a claim (RGPD art. 17-3-e).
    [owing] = services.privacy.unpaid([c.id, other.id])
    assert owing.customer_id == c.id and owing.invoices == 1 and owing.owed == (Money(40_000),)
    with pytest.raises(ValidationError) as refused:
        services.privacy.erase_customer(c.id)
    assert refused.value.field == "unpaid" and "400,00" in str(refused.value.translated())
    assert _all_bytes(services).lower() == before  # nothing was touched

    report = services.privacy.erase_customer(c.id, give_up_claims=True)

    assert report.disputes == 1 and report.files_deleted >= 2  # the photo and the letter PDF
    data = _all_bytes(services).lower()
    for secret in (*SECRETS, "Zéphyrine", "Lilas"):
        assert secret.lower().encode() not in data, secret
    assert FILE_SECRET.lower() not in data
    # Figures kept: the customer still counts, the dispute keeps amount, category and stage.
    assert services.customers.count(include_archived=True) == before_customers
    after = {x.id: (x.amount, x.category, x.stage) for x in services.disputes.list()}
    assert after == disputes_before
    # The invoice is an accounting record (Code de commerce L123-22): number, amounts and
    # payments stay; only its free description is blanked.
    [invoice] = services.invoices.list(dispute_id=d.id)
    assert invoice.amount == Money(45_000) and invoice.number == "F-SECRET-1"
    assert invoice.balance == Money(40_000) and not invoice.description
    assert services.journal.list(d.id) == []
    erased = services.customers.get(c.id)
    assert erased.archived and not (erased.last_name or erased.email or erased.notes)
    assert services.customers.search("Quatrebarbes", include_archived=True) == []
    # Everything else is untouched and consistent.
    assert services.privacy.export_customer(other.id)["records"] == other_export["records"]
    assert services.maintenance.check().ok
    services.dashboard.stats()  # the statistics still compute
    log = services.privacy.log()
    assert log[-1]["action"] == "erase" and log[-1]["customer"] == c.id
    assert "Quatrebarbes" not in services.privacy.log_path.read_text(encoding="utf-8")


def test_retention_proposes_customers_closed_long_ago(shop):
    services, c, d = shop
    services.disputes.change_stage(d.id, DisputeStage.RESOLVED, reason="Échange fait")
    assert c.id not in {x.customer.id for x in services.privacy.retention_candidates(now=NOW)}
    later = datetime.now(UTC) + timedelta(days=365 * 5 + 30)
    ids = {x.customer.id for x in services.privacy.retention_candidates(now=later)}
    assert c.id not in ids  # still owes 400 €: the claim may still be pursued
    [invoice] = services.invoices.list(dispute_id=d.id)
    services.invoices.add_payment(invoice.id, Money(40_000), NOW.date())
    ids = {x.customer.id for x in services.privacy.retention_candidates(now=later)}
    assert c.id in ids
    # A customer with an open dispute is never proposed.
    open_ids = {x.customer_id for x in services.disputes.list() if not x.stage.is_closed}
    assert not ids & open_ids
    assert services.privacy.retention_candidates(years=50, now=later) == []
    services.privacy.erase_customer(c.id)
    assert c.id not in {x.customer.id for x in services.privacy.retention_candidates(now=later)}


def test_unknown_customer(services):
    from disputedesk.domain.errors import NotFoundError

    with pytest.raises(NotFoundError):
        services.privacy.erase_customer(999)
    with pytest.raises(NotFoundError):
        services.privacy.export_customer(999)


def test_database_stays_valid_after_erasing_every_demo_customer(services):
    seed_demo(services, now=NOW)
    for s in services.customers.search("", include_archived=True):
        services.privacy.erase_customer(s.customer.id, give_up_claims=True)
    con = sqlite3.connect(services.store.paths.database)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM journal_entry").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM dispute").fetchone()[0] == 15
    finally:
        con.close()
    assert services.maintenance.check().ok
    assert services.transfer.export_data()["tables"]["dispute"]


# --- the dialog (Tools › Personal data) ------------------------------------------------------


class FakePrompts:
    def __init__(self, answer=True, folder=None):
        self.answer = answer
        self._folder = folder
        self.shown: list[tuple[str, str]] = []

    def ask(self, title, text):
        self.shown.append(("ask", text))
        return self.answer

    def inform(self, title, text):
        self.shown.append(("inform", text))

    def warn(self, title, text):
        self.shown.append(("warn", text))

    def folder(self, title):
        return self._folder


def _select(dialog, name):
    for i in range(dialog.customers.count()):
        if name in dialog.customers.item(i).text():
            dialog.customers.setCurrentRow(i)
            return
    raise AssertionError(name)


def test_dialog_exports_then_erases(shop, qtbot, tmp_path):
    from disputedesk.ui.safety.privacy_dialog import PrivacyDialog

    services, c, _d = shop
    prompts = FakePrompts(answer=True, folder=tmp_path)
    dialog = PrivacyDialog(services, None, prompts, synchronous=True)
    qtbot.addWidget(dialog)
    assert not dialog.export_button.isEnabled()
    dialog.search.setText("quatre")
    assert dialog.customers.count() == 1
    _select(dialog, "Quatrebarbes")
    dialog.export_button.click()
    assert prompts.shown[-1][0] == "inform" and ".pdf" in prompts.shown[-1][1]
    assert list(tmp_path.glob("*Quatrebarbes-personal-data.pdf"))
    dialog.grab().save(str(tmp_path / "privacy.png"))

    prompts.answer = False
    dialog.erase_button.click()
    assert "cannot be undone" in prompts.shown[-1][1]
    # The money still owed is named, and what erasing it means.
    assert "400,00" in prompts.shown[-1][1] or "400.00" in prompts.shown[-1][1]
    assert "gives up these claims" in prompts.shown[-1][1]
    assert services.customers.get(c.id).last_name == "Quatrebarbes"  # refused: unchanged
    prompts.answer = True
    changed = []
    from disputedesk.ui.events import data_events

    data_events().changed.connect(lambda kind, i: changed.append((kind, i)))
    dialog.erase_button.click()
    assert services.customers.get(c.id).last_name == ""
    assert ("customer", c.id) in changed
    assert "was erased" in prompts.shown[-1][1]
    assert dialog.customers.count() == 0  # erased customers are not listed


def test_dialog_retention_tab(shop, qtbot):
    from disputedesk.ui.safety.privacy_dialog import PrivacyDialog

    services, _c, _d = shop
    dialog = PrivacyDialog(services, None, FakePrompts(), synchronous=True)
    qtbot.addWidget(dialog)
    assert dialog.years.value() == 5
    # The demo's closed disputes closed weeks ago: nothing to propose at 5 years…
    assert dialog.candidates.rowCount() == 0 and not dialog.none_label.isHidden()
    assert not dialog.erase_old_button.isEnabled()


def test_dialog_failure_is_a_message(shop, qtbot, tmp_path, monkeypatch):
    from disputedesk.domain.errors import StoreError
    from disputedesk.ui.safety.privacy_dialog import PrivacyDialog

    services, _c, _d = shop
    prompts = FakePrompts(folder=tmp_path)
    dialog = PrivacyDialog(services, None, prompts, synchronous=True)
    qtbot.addWidget(dialog)

    def full(*a, **k):
        raise StoreError("The disk holding your data ({folder}) is full.", folder="X")

    monkeypatch.setattr(services.privacy, "write_export", full)
    _select(dialog, "Quatrebarbes")
    dialog.export_button.click()
    assert prompts.shown[-1] == ("warn", "The disk holding your data (X) is full.")
    assert dialog.export_button.isEnabled()


def test_privacy_action_is_in_the_tools_menu():
    from disputedesk.ui.extensions import Menu, load_registry

    actions = {a.key: a for a in load_registry().menu_actions}
    assert actions["personal_data"].menu == Menu.TOOLS


def test_command_line(tmp_path, capsys):
    from disputedesk.cli import main

    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "seed-demo"]) == 0
    assert main(["--data-dir", data, "personal-data", "1", str(tmp_path / "out")]) == 0
    assert len(list((tmp_path / "out").glob("*-personal-data.*"))) == 2
    assert main(["--data-dir", data, "erase-customer", "1", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "records deleted" in out
    assert main(["--data-dir", data, "retention", "--years", "1"]) == 0
    assert main(["--data-dir", data, "erase-customer", "999", "--yes"]) == 1
    assert "does not exist" in capsys.readouterr().err
    # A customer who still owes money: refused, unless the claim is given up.
    from disputedesk.paths import DataPaths
    from disputedesk.services import Services
    from disputedesk.storage.store import open_store

    store = open_store(DataPaths(tmp_path / "data"), lock=False)
    try:
        services = Services.build(store)
        everyone = [x.customer.id for x in services.customers.search("", include_archived=True)]
        owing = services.privacy.unpaid(everyone)[0].customer_id
    finally:
        store.close()
    assert main(["--data-dir", data, "erase-customer", str(owing), "--yes"]) == 1
    assert "still owes" in capsys.readouterr().err
    args = ["--data-dir", data, "erase-customer", str(owing), "--yes", "--give-up-claims"]
    assert main(args) == 0
