"""Opening a stored attachment for the user, safely.

The one way the app opens a file from the store (contract shared by every area):
`open_attachment(parent, services, attachment_id)`.

- The stored file is checked against its SHA-256 while it is copied: a missing or damaged
  file is named to the user, never opened.
- Nothing is ever executed: only documents, images, audio and video whose extension is in an
  allow-list open, and a file whose content looks like a program or a script is refused
  whatever its name says.
- The viewer gets a read-only temporary copy named after the original (sanitised) file name,
  never the store's own file (evidence must not be modified by a viewer).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

from disputedesk.domain.errors import DisputeDeskError, NotFoundError, StoreError, ValidationError
from disputedesk.i18n import N_, _
from disputedesk.storage.files import CHUNK, safe_file_name

# Extensions handed to the system viewer. Anything else is refused (allow-list, not deny-list:
# a new dangerous type must not slip through). Macro-enabled Office files (.docm, .xlsm) and
# web pages/scripts are deliberately absent.
OPENABLE = frozenset(
    {
        # documents
        "pdf", "txt", "rtf", "csv", "odt", "ods", "odp", "doc", "docx", "xls", "xlsx",
        "ppt", "pptx", "eml", "msg", "xml",
        # images
        "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp", "heic", "heif",
        # audio / video (voicemails, video of a defect)
        "mp3", "m4a", "wav", "ogg", "opus", "aac", "amr", "mp4", "mov", "m4v", "3gp",
        "avi", "mkv", "webm",
    }
)  # fmt: skip

# Content signatures of programs and scripts: refused even when the name looks harmless.
_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows .exe/.dll/.scr
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # Mach-O 64
    b"\xce\xfa\xed\xfe",  # Mach-O 32
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # shell/python scripts
    b"L\x00\x00\x00\x01\x14\x02\x00",  # Windows shortcut (.lnk)
)

# What to call a file whose name has no usable extension, by its first bytes.
_SNIFF = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)

TEMP_PREFIX = "disputedesk-open-"
_STALE_AFTER_S = 24 * 3600


def _extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot else ""


def looks_executable(head: bytes) -> bool:
    return any(head.startswith(magic) for magic in _EXECUTABLE_MAGIC)


def viewer_name(original_name: str, head: bytes) -> str:
    """The name the temporary copy gets, or ValidationError when the file must not open."""
    name = safe_file_name(original_name)
    if looks_executable(head):
        raise ValidationError(
            N_(
                "{file} looks like a program or a script. For your safety DisputeDesk does "
                "not open it; it stays in the file as evidence."
            ),
            field="attachment",
            file=name,
        )
    ext = _extension(name)
    if ext in OPENABLE:
        return name
    if not ext:  # a scan saved without extension: name it by what it is
        for magic, sniffed in _SNIFF:
            if head.startswith(magic):
                return safe_file_name(f"{name}.{sniffed}")
    raise ValidationError(
        N_(
            "DisputeDesk does not open files like {file} (only documents, images, sound and "
            "video), so that nothing can run on this computer by accident. The file stays "
            "in the dispute as evidence."
        ),
        field="attachment",
        file=name,
    )


def _sweep_old_copies(base: Path) -> None:
    """Remove the viewer copies left by earlier sessions (older than a day)."""
    now = time.time()
    try:
        entries = list(base.glob(TEMP_PREFIX + "*"))
    except OSError:
        return
    for folder in entries:
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > _STALE_AFTER_S:
                for f in folder.rglob("*"):
                    f.chmod(stat.S_IWUSR | stat.S_IRUSR)
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def prepare_attachment_copy(services, attachment_id: int, temp_base: Path | None = None) -> Path:
    """Check the stored file and copy it, read-only, under its original (safe) name.

    Raises NotFoundError (missing), StoreError (damaged or unreadable) or ValidationError
    (a kind of file that must not be opened). Never opens anything itself.
    """
    attachment = services.journal.attachment(attachment_id)
    display = safe_file_name(attachment.original_name)
    try:
        source = services.journal.attachment_path(attachment)
    except ValueError as exc:  # a corrupt sha256 in the row
        raise StoreError(
            N_("The record of {file} is damaged; the file cannot be found."),
            field="attachment",
            file=display,
        ) from exc
    try:
        with open(source, "rb") as fh:
            head = fh.read(64)
    except FileNotFoundError as exc:
        raise NotFoundError(
            N_("The file of {file} is missing from the store."), field="attachment", file=display
        ) from exc
    except OSError as exc:
        raise StoreError(
            N_("{file} cannot be read: {reason}"),
            field="attachment",
            file=display,
            reason=exc.strerror or str(exc),
        ) from exc
    name = viewer_name(attachment.original_name, head)
    base = Path(temp_base) if temp_base is not None else Path(tempfile.gettempdir())
    _sweep_old_copies(base)
    try:
        folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=base))
        target = folder / name
        digest = hashlib.sha256()
        size = 0
        with open(source, "rb") as src, open(target, "xb") as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
    except OSError as exc:
        raise StoreError(
            N_("{file} cannot be prepared for viewing: {reason}"),
            field="attachment",
            file=display,
            reason=exc.strerror or str(exc),
        ) from exc
    if digest.hexdigest() != attachment.sha256 or size != attachment.size:
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreError(
            N_(
                "The stored copy of {file} is damaged: its content no longer matches what was "
                "saved. Restore a backup to get it back (File › Restore from backup…)."
            ),
            field="attachment",
            file=display,
        )
    target.chmod(stat.S_IRUSR | stat.S_IRGRP)
    os.utime(folder)
    return target


def _show_problem(parent, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, _("Cannot open the file"), text)


def open_attachment(parent, services, attachment_id: int) -> bool:
    """Open an attachment in the system viewer; explain and return False when it cannot."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    try:
        path = prepare_attachment_copy(services, attachment_id)
    except DisputeDeskError as exc:
        _show_problem(parent, str(exc))
        return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        _show_problem(
            parent,
            _("No program on this computer opens {file}. A copy is in {folder}.").format(
                file=path.name, folder=str(path.parent)
            ),
        )
        return False
    return True
