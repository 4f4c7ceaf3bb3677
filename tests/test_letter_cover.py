"""The referral packet opens with a cover letter to its recipient, written by the letter
engine: page 1 of the packet."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from test_packet_support import NOW, demo_dispute, packet_service

from disputedesk.domain.packets import AmicableBasis, PacketKind, Recipient
from tests.support_letters import check_pdf_file, flat


@pytest.mark.parametrize(
    ("kind", "lang", "words"),
    [
        (PacketKind.MEDIATION, "fr", "notre dossier pour la médiation"),
        (PacketKind.CONCILIATION, "fr", "tentative de conciliation"),
        (PacketKind.PROOF, "en", "case file"),
    ],
)
def test_cover_letter_is_page_one(services, tmp_path, kind, lang, words):
    dispute = demo_dispute(services)
    ps = packet_service(services)
    flow = ps.flow(dispute.id, now=NOW)
    flow.language = lang
    flow.set_kind(kind)
    flow.recipient = Recipient("Maître Anne Lebrun", "3 quai Saint-Antoine\n69002 Lyon", "")
    if kind is PacketKind.PROOF:
        flow.basis = AmicableBasis.CONCILIATION
    ps.refill_summary(flow)
    request = flow.build()
    out = tmp_path / "packet.pdf"
    built = ps.generate(request, out)
    check_pdf_file(out)
    assert built.cover_pages == 1
    reader = PdfReader(out)
    assert len(reader.pages) == built.page_count == 1 + built.front_pages + sum(built.exhibit_pages)
    first = reader.pages[0].extract_text()
    assert "Maître Anne Lebrun" in first and "69002 Lyon" in first
    assert flat(words) in flat(first)
    assert dispute.reference in first
    assert ("Objet" if lang == "fr" else "Subject") in first
    # The summary follows the letter.
    assert "Cover letter" not in reader.pages[1].extract_text()[:30]


def test_no_recipient_no_cover(services, tmp_path):
    dispute = demo_dispute(services)
    ps = packet_service(services)
    flow = ps.flow(dispute.id, now=NOW)
    flow.set_kind(PacketKind.PROOF)
    flow.basis = AmicableBasis.CONCILIATION
    flow.recipient = Recipient()
    request = flow.build()
    built = ps.generate(request, tmp_path / "p.pdf")
    assert built.cover_pages == 0
