"""Bad exhibits, cancellation, saving and the command line of packets."""

from __future__ import annotations

import io
import itertools
import os
import shutil
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter
from test_packet_support import NOW, add_files, demo_dispute, multi_page_pdf, packet_service

from disputedesk.cli import main
from disputedesk.domain.enums import DisputeStage
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.packets import PacketKind
from disputedesk.services.packet_service import ExhibitsRejected, PacketCancelled


def _encrypted(path, user="secret", owner="owner"):
    src = PdfReader(multi_page_pdf(path.with_suffix(".src.pdf"), 2))
    w = PdfWriter()
    for p in src.pages:
        w.add_page(p)
    w.encrypt(user_password=user, owner_password=owner)
    buf = io.BytesIO()
    w.write(buf)
    path.write_bytes(buf.getvalue())
    return path


def _bad_files(folder):
    folder.mkdir()
    good = multi_page_pdf(folder / "good.pdf", 2)
    truncated = folder / "truncated.pdf"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    corrupt = folder / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\nthis is not a pdf at all\n%%EOF\n")
    broken = folder / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(300))
    word = folder / "contrat.docx"
    word.write_bytes(b"PK\x03\x04 not really")
    empty = folder / "vide.txt"
    empty.write_text("bientôt vide")
    gone = folder / "disparu.txt"
    gone.write_text("bientôt effacé")
    return [
        good,
        _encrypted(folder / "locked.pdf"),
        _encrypted(folder / "restricted.pdf", user=""),  # opens without a password: fine
        truncated,
        corrupt,
        broken,
        word,
        empty,
        gone,
    ]


def _store_file(services, entry, name):
    att = next(a for a in entry.attachments if a.original_name == name)
    path = services.journal.attachment_path(att)
    os.chmod(path, 0o644)
    return path


@pytest.fixture
def bad_setup(services, tmp_path):
    dispute = demo_dispute(services)
    entry = add_files(services, dispute.id, _bad_files(tmp_path / "files"))
    _store_file(services, entry, "vide.txt").write_bytes(b"")
    _store_file(services, entry, "disparu.txt").unlink()
    ps = packet_service(services)
    flow = ps.flow(dispute.id, now=NOW)
    flow.language = "en"
    ps.refill_summary(flow)
    return ps, flow, tmp_path


def test_missing_file_blocks_the_flow_by_name(bad_setup):
    _ps, flow, _tmp = bad_setup
    with pytest.raises(ValidationError) as err:
        flow.build()
    assert err.value.field == "exhibits"
    assert "disparu.txt" in str(err.value)


def test_bad_exhibits_are_named_with_the_reason_and_nothing_is_written(bad_setup):
    ps, flow, tmp = bad_setup
    flow.set_exhibits([k for k in flow.exhibit_keys if k != _key(flow, "disparu.txt")])
    request = flow.build()
    out = tmp / "out" / "packet.pdf"
    out.parent.mkdir()
    with pytest.raises(ExhibitsRejected) as rejected:
        ps.generate(request, out)
    reasons = {p.source.file_name: ps.describe(p) for p in rejected.value.problems}
    assert set(reasons) == {
        "locked.pdf",
        "truncated.pdf",
        "corrupt.pdf",
        "broken.jpg",
        "contrat.docx",
        "vide.txt",
    }
    assert "password" in reasons["locked.pdf"]
    assert "truncated" in reasons["truncated.pdf"]
    assert "damaged" in reasons["corrupt.pdf"]
    assert "image cannot be decoded" in reasons["broken.jpg"]
    assert "save it as PDF" in reasons["contrat.docx"]
    assert "0 bytes" in reasons["vide.txt"]
    assert list(out.parent.iterdir()) == []  # no packet, no temporary file

    kept = request.without_exhibits({p.source.key for p in rejected.value.problems})
    built = ps.generate(kept, out)
    names = [e.file_name for e in kept.exhibits]
    assert "good.pdf" in names and "restricted.pdf" in names
    assert len(PdfReader(out).pages) == built.page_count
    if shutil.which("qpdf"):
        assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0


def _key(flow, name):
    return next(e.key for e in flow.context.exhibits if e.file_name == name)


def test_cancelling_leaves_no_file(services, tmp_path):
    dispute = demo_dispute(services)
    ps = packet_service(services)
    flow = ps.flow(dispute.id, now=NOW)
    request = flow.build()
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2

    out = tmp_path / "out" / "p.pdf"
    out.parent.mkdir()
    with pytest.raises(PacketCancelled):
        ps.generate(request, out, cancelled=cancelled)
    assert list(out.parent.iterdir()) == []


def test_progress_reaches_the_end(services, tmp_path):
    dispute = demo_dispute(services)
    ps = packet_service(services)
    request = ps.flow(dispute.id, now=NOW).build()
    seen = []
    ps.generate(request, tmp_path / "p.pdf", progress=lambda d, t, m: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1]
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))


@pytest.mark.parametrize("move", [True, False])
def test_save_stores_records_and_moves_stage_only_if_confirmed(services, tmp_path, move):
    dispute = demo_dispute(services)
    ps = packet_service(services)
    flow = ps.flow(dispute.id, now=NOW)
    assert flow.kind is PacketKind.MEDIATION
    request = flow.build()
    built = ps.generate(request, tmp_path / "p.pdf")
    saved = ps.save(request, built, move_stage=move)
    stored = services.documents.path(saved.document).read_bytes()
    assert stored == (tmp_path / "p.pdf").read_bytes()
    assert saved.document.kind == "packet_mediation"
    assert saved.entry.document_id == saved.document.id
    expected = DisputeStage.MEDIATION if move else dispute.stage
    assert services.disputes.get(dispute.id).stage is expected
    # An earlier packet is not offered as an exhibit of the next one.
    assert all(not e.key.startswith("doc:") for e in ps.context(dispute.id).exhibits)


def test_cli_writes_the_packet(tmp_path, capsys):
    data = str(tmp_path / "data")
    assert main(["--lang", "en", "--data-dir", data, "seed-demo"]) == 0
    capsys.readouterr()
    from disputedesk.paths import DataPaths
    from disputedesk.services import Services
    from disputedesk.storage.store import open_store

    store = open_store(DataPaths(tmp_path / "data"))
    refs = {d.title: d.reference for d in Services.build(store).disputes.list()}
    store.close()
    out = tmp_path / "packet.pdf"
    ref = refs["Table rayée à la livraison"]
    code = main(
        [
            "--lang",
            "en",
            "--data-dir",
            data,
            "packet",
            ref,
            "--kind",
            "conciliation",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert "pages" in capsys.readouterr().out
    assert len(PdfReader(out).pages) > 4


def test_cli_refuses_consumer_mediation_for_the_shops_claim(tmp_path, capsys):
    from disputedesk.domain.enums import Channel, CustomerKind, DisputeCategory
    from disputedesk.domain.money import Money
    from disputedesk.domain.records import DisputeDraft
    from disputedesk.paths import DataPaths
    from disputedesk.services import Services
    from disputedesk.storage.store import open_store

    data = str(tmp_path / "data")
    main(["--lang", "en", "--data-dir", data, "seed-demo"])
    store = open_store(DataPaths(tmp_path / "data"))
    svc = Services.build(store)
    consumer = next(
        c.customer for c in svc.customers.search() if c.customer.kind is CustomerKind.INDIVIDUAL
    )
    claim = svc.disputes.open(
        DisputeDraft(
            customer_id=consumer.id,
            category=DisputeCategory.UNPAID_INVOICE,
            description="Solde de la facture non réglé.",
            amount=Money(45000),
            received_via=Channel.LETTER,
        )
    )
    store.close()
    capsys.readouterr()
    out = tmp_path / "m.pdf"
    code = main(
        [
            "--lang",
            "en",
            "--data-dir",
            data,
            "packet",
            claim.reference,
            "--kind",
            "mediation",
            "--out",
            str(out),
        ]
    )
    assert code == 1
    assert "L611-3" in capsys.readouterr().err
    assert not out.exists()
    code = main(
        [
            "--lang",
            "en",
            "--data-dir",
            data,
            "packet",
            claim.reference,
            "--kind",
            "conciliation",
            "--out",
            str(out),
        ]
    )
    assert code == 0 and out.exists()


def test_pdf_with_a_damaged_page_stream_is_refused(services, tmp_path):
    from pypdf.generic import NameObject

    dispute = demo_dispute(services)
    src = PdfReader(multi_page_pdf(tmp_path / "src.pdf", 2))
    w = PdfWriter()
    for p in src.pages:
        w.add_page(p)
    stream = w.pages[1]["/Contents"].get_object()
    stream._data = b"x\x9c this is not deflate data"
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    bad = tmp_path / "page-abimee.pdf"
    with open(bad, "wb") as fh:
        w.write(fh)
    add_files(services, dispute.id, [bad])
    ps = packet_service(services)
    request = ps.flow(dispute.id, now=NOW).build()
    with pytest.raises(ExhibitsRejected) as rejected:
        ps.generate(request, tmp_path / "p.pdf")
    assert [p.source.file_name for p in rejected.value.problems] == ["page-abimee.pdf"]
    assert "damaged" in ps.describe(rejected.value.problems[0])


def test_letters_already_sent_are_exhibits(services, tmp_path):
    dispute = demo_dispute(services)
    letter = multi_page_pdf(tmp_path / "lettre.pdf", 2).read_bytes()
    services.documents.record(
        letter,
        kind="letter_solution",
        language="fr",
        title="Proposition de solution",
        file_name="proposition.pdf",
        dispute_id=dispute.id,
    )
    ps = packet_service(services)
    request = ps.flow(dispute.id, now=NOW).build()
    titles = [e.title for e in request.exhibits]
    assert "Proposition de solution" in titles
    built = ps.generate(request, tmp_path / "p.pdf")
    n = titles.index("Proposition de solution")
    texts = [p.extract_text() for p in PdfReader(tmp_path / "p.pdf").pages]
    first = built.exhibit_first_pages[n]
    assert "Original page 1" in texts[first - 1] and f"Pièce n° {n + 1}" in texts[first - 1]
