"""Hostile text, dates and amounts through every document builder (letters of every kind,
referral packets with a hostile text exhibit, the customer's personal-data copy): a clear
ValidationError, or a valid PDF (pypdf reads every page; qpdf --check passes when qpdf is
installed) — never a traceback."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import event
from hypothesis import strategies as st
from pypdf import PdfReader
from support_safety import absurd_dates, fresh_folder, fuzz, hostile_text

from disputedesk.documents.privacy_pdf import render_personal_data
from disputedesk.domain.enums import Channel, CustomerKind, Direction, DisputeCategory
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.letters import LETTER_KINDS, LetterInputs, Remedy
from disputedesk.domain.money import Money
from disputedesk.domain.packets import AmicableBasis, PacketKind, Recipient, SummaryText
from disputedesk.domain.records import CustomerDraft, DisputeDraft, PostalAddress
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.services.demo_service import seed_demo
from disputedesk.services.invoice_service import InvoiceDraft
from disputedesk.services.journal_service import EntryDraft
from disputedesk.services.packet_service import ExhibitsRejected, PacketService
from disputedesk.storage.store import open_store

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
QPDF = shutil.which("qpdf")


@pytest.fixture(scope="module")
def shop(tmp_path_factory, migrated_template):
    root = fresh_folder(migrated_template, tmp_path_factory.mktemp("docs"), "data")
    store = open_store(DataPaths(root))
    services = Services.build(store)
    seed_demo(services, now=NOW)
    yield services
    store.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return tmp_path_factory.mktemp("exhibits")


def check_pdf(data: bytes) -> None:
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) >= 1
    for page in reader.pages:
        page.extract_text()
    if QPDF:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(data)
            fh.flush()
            res = subprocess.run([QPDF, "--check", fh.name], capture_output=True)
        assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]


def _soft(text: str, limit: int) -> str:
    """What a form lets through: hostile, but without NUL and within the field's length."""
    return text.replace("\x00", "")[:limit]


# Mostly dates a form accepts (the PDF is what is fuzzed), sometimes absurd ones.
_in_range = st.dates(date(1970, 1, 1), date(2200, 12, 31))
some_dates = st.one_of(_in_range, _in_range, _in_range, absurd_dates)


@st.composite
def cases(draw):
    t = lambda n=200: draw(hostile_text(n))  # noqa: E731
    return {
        "kind": draw(st.sampled_from(list(CustomerKind))),
        "language": draw(st.sampled_from(["fr", "en"])),
        "first": _soft(t(40), 100),
        "last": _soft(t(40), 100) or "Moreau",
        "company": _soft(t(60), 200) or "Société « R&D »",
        "line1": _soft(t(60), 200),
        "city": _soft(t(30), 100),
        "title": _soft(t(80), 200),
        "description": _soft(t(), 200_000) or "<b>",
        "request": _soft(t(), 100_000),
        "summary": _soft(t(80), 300) or "x",
        "body": _soft(t(2000), 100_000),
        "exhibit_name": _soft(t(60), 200),
        "exhibit_text": t(3000) or "vide",
        "minor": draw(st.integers(0, 10**13)),
        "issue": draw(some_dates),
        "days": draw(st.integers(0, 400)),
        "received_days": draw(st.integers(0, 3000)),
        "explanation": _soft(t(), 5000),
        "remedy_details": _soft(t(), 2000),
        "remedies": tuple(draw(st.sets(st.sampled_from(list(Remedy)), max_size=3))),
        "letter_date": draw(st.one_of(st.none(), st.none(), some_dates)),
        "summary_text": SummaryText(*(_soft(t(), 20_000) or "x" for _ in range(5))),
        "recipient": Recipient(
            _soft(t(60), 200) or "Médiateur", _soft(t(200), 1000), _soft(t(60), 200)
        ),
        "basis": draw(st.sampled_from(list(AmicableBasis))),
        "basis_details": _soft(t(), 2000),
        "cover": draw(st.booleans()),
    }


def _dispute(services: Services, c: dict, folder: Path):
    """The records a user could have typed; None when a form refuses them (clear error)."""
    try:
        customer = services.customers.create(
            CustomerDraft(
                kind=c["kind"],
                first_name=c["first"],
                last_name=c["last"],
                company=c["company"],
                address=PostalAddress(line1=c["line1"], postcode="75011", city=c["city"]),
                language=c["language"],
            )
        )
        dispute = services.disputes.open(
            DisputeDraft(
                customer.id,
                DisputeCategory.PRODUCT_QUALITY,
                c["description"],
                Money(c["minor"]),
                customer_request=c["request"],
                received_at=NOW - timedelta(days=c["received_days"]),
                title=c["title"],
            ),
            now=NOW,
        )
        name = (c["exhibit_name"].replace("/", "_") or "note") + ".txt"
        exhibit = folder / f"{dispute.id}" / "x.txt"
        exhibit.parent.mkdir()
        exhibit.write_text(c["exhibit_text"], encoding="utf-8", errors="surrogatepass")
        renamed = exhibit.with_name(services_safe(name))
        exhibit.rename(renamed)
        services.journal.add(
            EntryDraft(
                dispute.id,
                Channel.EMAIL,
                Direction.INCOMING,
                c["summary"],
                c["body"],
                occurred_at=NOW - timedelta(days=1),
                attachments=(renamed,),
            ),
            now=NOW,
        )
        issue = c["issue"]
        services.invoices.create(
            InvoiceDraft(
                customer.id,
                f"F-{dispute.id}",
                issue,
                min(issue + timedelta(days=c["days"]), date(2200, 12, 31))
                if issue < date(2200, 12, 31)
                else issue,
                Money(max(1, c["minor"])),
                description=c["title"],
                dispute_id=dispute.id,
            )
        )
    except ValidationError as err:
        event(f"records refused: {err.message[:40]}")
        return None
    return dispute


def services_safe(name: str) -> str:
    from disputedesk.storage.files import safe_file_name

    return safe_file_name(name)


def _letters(shop, files, c):
    d = _dispute(shop, c, files)
    if d is None:
        return
    for kind in LETTER_KINDS:
        try:
            draft = shop.letters.compose(
                d.id,
                LetterInputs(
                    kind,
                    letter_date=c["letter_date"],
                    remedies=c["remedies"],
                    remedy_details=c["remedy_details"],
                    explanation=c["explanation"],
                ),
            )
        except ValidationError as err:
            assert str(err)
            event(f"letter refused: {err.message[:40]}")
            continue
        check_pdf(shop.letters.render(draft))
        event("letter PDF checked")
    # The customer's copy of their personal data (RGPD) is a document built from it all too.
    check_pdf(render_personal_data(shop.privacy.export_customer(d.customer_id)))
    event("personal data PDF checked")


test_letters, test_letters_deep = fuzz(cases(), share=8)(_letters)


def _packets(shop, files, tmp_path_factory, c):
    d = _dispute(shop, c, files)
    if d is None:
        return
    ps = PacketService(shop)
    flow = ps.flow(d.id, now=NOW)
    flow.language = c["language"]
    for kind in (PacketKind.CONCILIATION, PacketKind.MEDIATION, PacketKind.PROOF):
        flow.set_kind(kind)
        flow.recipient = c["recipient"]
        flow.summary = c["summary_text"]
        flow.basis = c["basis"]
        flow.basis_details = c["basis_details"]
        try:
            request = flow.build()
        except ValidationError as err:
            assert str(err)
            event(f"packet refused: {err.message[:40]}")
            continue
        out = tmp_path_factory.mktemp("packet") / "packet.pdf"
        try:
            ps.generate(request, out, cover=c["cover"])
        except ExhibitsRejected as err:
            assert err.problems  # named, with a reason: the wizard shows them
            continue
        except ValidationError as err:
            assert str(err)
            continue
        check_pdf(out.read_bytes())
        event("packet PDF checked")
        out.unlink()


test_packets, test_packets_deep = fuzz(cases(), share=5)(_packets)


def test_business_profile_with_hostile_text_still_prints(shop, files, tmp_path):
    profile = shop.business.get()
    hostile = "<b>R&D</b> \u202eevil\u202c 🧾 مرحبا \x01"
    try:
        shop.business.save(
            dataclasses.replace(profile, trade_name=hostile.replace("\x01", ""), legal_form=hostile)
        )
    except ValidationError:
        shop.business.save(dataclasses.replace(profile, trade_name=hostile.replace("\x01", "")))
    # A demo dispute, never one the fuzz cases added to this shared shop: a hostile
    # customer's address may not fit the envelope window (a clear refusal, not this test's
    # subject), and which dispute lists first depends on the dates they drew.
    d = min(shop.disputes.list(), key=lambda dispute: dispute.id)
    for kind in LETTER_KINDS:
        try:
            draft = shop.letters.compose(d.id, LetterInputs(kind))
        except ValidationError:
            continue
        check_pdf(shop.letters.render(draft))
    shop.business.save(profile)
