"""Opening attachments: never executes anything, names missing or damaged files, safe names."""

from __future__ import annotations

import stat

import pytest

from disputedesk.domain.enums import Channel, Direction, DisputeCategory
from disputedesk.domain.errors import NotFoundError, StoreError, ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft
from disputedesk.services.journal_service import EntryDraft
from disputedesk.storage.files import safe_file_name
from disputedesk.ui import open_file
from disputedesk.ui.open_file import open_attachment, prepare_attachment_copy

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attach(services, tmp_path, name: str, data: bytes):
    c = services.customers.create(CustomerDraft(last_name="Moreau", first_name="Élise"))
    d = services.disputes.open(
        DisputeDraft(
            customer_id=c.id,
            category=DisputeCategory.PRODUCT_QUALITY,
            description="Table rayée",
            amount=Money(89000),
        )
    )
    src_dir = tmp_path / "src"
    src_dir.mkdir(exist_ok=True)
    src = src_dir / "upload.bin"
    src.write_bytes(data)
    # The service keeps the user's file name for display; here we give it a hostile one.
    entry = services.journal.add(
        EntryDraft(d.id, Channel.EMAIL, Direction.INCOMING, "Mail", attachments=(src,))
    )
    att = entry.attachments[0]
    from disputedesk.models import AttachmentRow

    with services.store.transaction() as s:
        s.get(AttachmentRow, att.id).original_name = name
    return att


@pytest.fixture
def opened(monkeypatch):
    """Record what would be handed to the system viewer and every warning shown."""
    calls = {"urls": [], "warnings": []}
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: calls["urls"].append(url) or True)
    )
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda parent, title, text, *a: calls["warnings"].append(text)),
    )
    return calls


def test_pdf_opens_from_a_read_only_copy_with_its_name(services, tmp_path, opened, qtbot):
    att = _attach(services, tmp_path, "Facture n°12 (signée).pdf", PDF)
    assert open_attachment(None, services, att.id) is True
    assert not opened["warnings"]
    path = opened["urls"][0].toLocalFile()
    assert path.endswith("Facture n°12 (signée).pdf")
    store_path = services.journal.attachment_path(att)
    assert str(store_path) != path
    with open(path, "rb") as fh:
        assert fh.read() == PDF
    import os

    assert not os.stat(path).st_mode & stat.S_IWUSR


@pytest.mark.parametrize(
    "name, data",
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("invoice.pdf.exe", PDF),
        ("facture.pdf", b"MZ\x90\x00 disguised program"),
        ("photo.jpg", b"#!/bin/sh\nrm -rf ~\n"),
        ("run.bat", b"@echo off\r\ndel *.*\r\n"),
        ("script.ps1", b"Remove-Item C:\\ -Recurse"),
        ("page.html", b"<script>alert(1)</script>"),
        ("raccourci.lnk", b"L\x00\x00\x00\x01\x14\x02\x00" + b"\x00" * 60),
        ("macro.docm", b"PK\x03\x04"),
        ("prog", b"\x7fELF\x02\x01\x01"),
        ("app.jar", b"PK\x03\x04"),
        ("x.vbs", b"MsgBox 1"),
        ("x.desktop", b"[Desktop Entry]\nExec=rm -rf ~\n"),
    ],
)
def test_programs_scripts_and_shortcuts_are_refused(services, tmp_path, opened, qtbot, name, data):
    att = _attach(services, tmp_path, name, data)
    assert open_attachment(None, services, att.id) is False
    assert opened["urls"] == []
    assert len(opened["warnings"]) == 1
    with pytest.raises(ValidationError):
        prepare_attachment_copy(services, att.id, tmp_path)


def test_file_without_extension_opens_by_content(services, tmp_path):
    att = _attach(services, tmp_path, "scan", PDF)
    path = prepare_attachment_copy(services, att.id, tmp_path)
    assert path.name == "scan.pdf"


def test_missing_file_is_named(services, tmp_path, opened, qtbot):
    att = _attach(services, tmp_path, "contrat.pdf", PDF)
    services.journal.attachment_path(att).unlink()
    with pytest.raises(NotFoundError) as err:
        prepare_attachment_copy(services, att.id, tmp_path)
    assert "contrat.pdf" in str(err.value)
    assert open_attachment(None, services, att.id) is False
    assert "contrat.pdf" in opened["warnings"][0] and "missing" in opened["warnings"][0]


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty"])
def test_damaged_file_is_named_and_not_opened(services, tmp_path, opened, qtbot, damage):
    att = _attach(services, tmp_path, "photo.png", b"\x89PNG\r\n\x1a\n" + b"x" * 5000)
    path = services.journal.attachment_path(att)
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[100] ^= 0xFF
    elif damage == "truncate":
        data = data[:2000]
    else:
        data = b""
    path.chmod(0o644)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as err:
        prepare_attachment_copy(services, att.id, tmp_path)
    assert "photo.png" in str(err.value) and "damaged" in str(err.value)
    assert open_attachment(None, services, att.id) is False
    assert opened["urls"] == []
    # No damaged copy left lying around for someone to open by hand.
    assert not any(p.is_file() for p in tmp_path.glob(open_file.TEMP_PREFIX + "*/*"))


def test_unknown_attachment(services, opened, qtbot):
    assert open_attachment(None, services, 999_999) is False
    assert opened["warnings"]


def test_hostile_names_never_choose_the_path(services, tmp_path):
    for hostile in ["../../../etc/cron.d/evil.pdf", "..\\..\\Windows\\evil.pdf", "CON.pdf"]:
        att = _attach(services, tmp_path, hostile, PDF)
        path = prepare_attachment_copy(services, att.id, tmp_path)
        assert path.parent.parent == tmp_path
        assert path.parent.name.startswith(open_file.TEMP_PREFIX)
        assert path.name in ("evil.pdf", "_CON.pdf")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Windows\\system32\\x.pdf", "x.pdf"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("nul.tar.gz", "_nul.tar.gz"),
        ("Lpt1.doc", "_Lpt1.doc"),
        ("COM10.txt", "COM10.txt"),
        ("...", "file"),
        ("", "file"),
        ("  . ", "file"),
        ("a\x00b.txt", "a_b.txt"),
        ("photo:1?.jpg", "photo_1_.jpg"),
        ("\u202eexe.pdf", "exe.pdf"),
        ("rapport.pdf  ..", "rapport.pdf"),
        ("Fiche «client» — Éloïse.pdf", "Fiche «client» — Éloïse.pdf"),
    ],
)
def test_safe_file_name(name, expected):
    assert safe_file_name(name) == expected


def test_safe_file_name_length_keeps_extension():
    out = safe_file_name("a" * 500 + ".pdf")
    assert out.endswith(".pdf") and len(out) <= 120
