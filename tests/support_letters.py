"""Fixtures for the letter tests: a seeded demo shop (copied per test), PDF text helpers."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from disputedesk.domain.enums import CustomerKind
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, PostalAddress
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.services.demo_service import seed_demo
from disputedesk.services.invoice_service import InvoiceDraft
from disputedesk.storage.store import open_store


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, migrated_template):
    root = tmp_path_factory.mktemp("letters-demo") / "data"
    shutil.copytree(migrated_template, root, ignore=shutil.ignore_patterns("*.lock"))
    store = open_store(DataPaths(root), lock=False)
    seed_demo(Services.build(store))
    store.close()
    return root


@pytest.fixture
def demo(tmp_path, demo_template):
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root, ignore=shutil.ignore_patterns("*.lock"))
    store = open_store(DataPaths(root))
    yield Services.build(store)
    store.close()


def letters(services: Services):
    from disputedesk.services.letter_service import LetterService

    return getattr(services, "letters", None) or LetterService(services.store)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """Text without any kind of space or line break: extraction may re-flow lines."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "\u202f\u00a0")


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def check_pdf_file(path) -> None:
    """qpdf --check passes and every font is embedded (pdffonts)."""
    if shutil.which("qpdf"):
        res = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr
    if shutil.which("pdffonts"):
        res = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True)
        assert res.returncode == 0
        rows = res.stdout.splitlines()[2:]
        assert rows, "no font at all"
        for row in rows:
            cols = row.split()
            # name type [type2] encoding emb sub uni object ID: "emb" is the 5th from the end
            assert cols[-5] == "yes", row


def consumer_debtor(services: Services, *, language: str = "fr"):
    """A consumer with an overdue invoice and an open dispute about it."""
    from disputedesk.domain.enums import Channel, DisputeCategory
    from disputedesk.domain.records import DisputeDraft

    customer = services.customers.create(
        CustomerDraft(
            kind=CustomerKind.INDIVIDUAL,
            first_name="Zoé",
            last_name="D'Arcy",
            title="Madame",
            address=PostalAddress("5 place Bellecour", "", "69002", "Lyon", "FR"),
            language=language,
        )
    )
    dispute = services.disputes.open(
        DisputeDraft(
            customer_id=customer.id,
            category=DisputeCategory.UNPAID_INVOICE,
            description="Facture non réglée",
            amount=Money(125_000, "EUR"),
            received_via=Channel.EMAIL,
            title="Facture FC-9001 impayée",
        )
    )
    today = date.today()
    invoice = services.invoices.create(
        InvoiceDraft(
            customer_id=customer.id,
            number="FC-9001",
            issue_date=today - timedelta(days=60),
            due_date=today - timedelta(days=30),
            amount=Money(125_000, "EUR"),
            dispute_id=dispute.id,
        )
    )
    return customer, dispute, invoice
