"""Content-addressed file store (attachments, generated documents), keyed by SHA-256.

A file is written to a temporary name in the same folder, fsynced, then renamed into place,
so a crash never leaves a half-written file under a real name. The user's file name is kept
in the database only: it never chooses a path.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from disputedesk.domain.errors import StoreError
from disputedesk.i18n import N_

CHUNK = 1 << 20

# Names Windows refuses for a file whatever its extension (CON.txt is CON).
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in range(10)}
    | {f"LPT{i}" for i in range(10)}
    | {"COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"}
)
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


MAX_NAME_BYTES = 200  # under every file system's 255, leaving room for a suffix


def safe_file_name(name: str, *, default: str = "file", max_len: int = 120) -> str:
    """A file name safe to create on Windows, macOS and Linux, from any user-given name.

    Path parts are dropped (only the last component is kept), characters Windows forbids and
    control characters become "_", leading/trailing dots and spaces go, reserved device names
    (CON, NUL, COM1…) get a "_" prefix, and the result is at most `max_len` characters with
    its extension kept. Never empty, never "." or "..".
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(
        "_" if (not ch.isprintable() and ch != " ") or _FORBIDDEN.match(ch) else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cf", "Cs", "Co")  # bidi overrides, surrogates
    )
    text = text.strip(" .")
    if not text or set(text) <= {"_"}:
        text = default
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    ext = ext[:16].rstrip(" ")
    if stem.split(".")[0].upper().rstrip(" ") in WINDOWS_RESERVED:
        stem = "_" + stem
    room = max(1, max_len - (len(ext) + 1 if ext else 0))
    stem = stem[:room].rstrip(" .") or default
    # File systems count bytes (255 on ext4/APFS/NTFS in UTF-16 units): "ﷺ" is 3 bytes.
    ext_bytes = len(ext.encode("utf-8")) + 1 if ext else 0
    while len(stem.encode("utf-8")) + ext_bytes > MAX_NAME_BYTES and len(stem) > 1:
        stem = stem[:-1]
    stem = stem.rstrip(" .") or default
    return f"{stem}.{ext}" if ext else stem


FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
GONE_ERRNOS = {
    errno.ENOENT,
    errno.ENODEV,
    errno.ENXIO,
    errno.EIO,
    getattr(errno, "ESTALE", errno.EIO),
    getattr(errno, "ENOTCONN", errno.EIO),
}


def full_message(folder: Path, *, opening: bool = False) -> StoreError:
    if opening:
        return StoreError(
            N_(
                "The disk holding your data ({folder}) is full. Free some space, then start "
                "DisputeDesk again; nothing already saved is lost."
            ),
            folder=str(folder),
        )
    return StoreError(
        N_(
            "The disk holding your data ({folder}) is full, so this was not saved. Free some "
            "space, then try again: what you typed is still on screen."
        ),
        folder=str(folder),
    )


def read_only_message(folder: Path, *, opening: bool = False) -> StoreError:
    if opening:
        return StoreError(
            N_(
                "DisputeDesk cannot write in its data folder {folder} (read-only disk or "
                "missing permission). Nothing already saved is lost; give write access or "
                "choose another folder, then start again."
            ),
            folder=str(folder),
        )
    return StoreError(
        N_(
            "The data folder {folder} cannot be written to (read-only disk or missing "
            "permission), so this was not saved. What you typed is still on screen."
        ),
        folder=str(folder),
    )


def gone_message(folder: Path, *, opening: bool = False) -> StoreError:
    if opening:
        return StoreError(
            N_(
                "The data folder {folder} cannot be reached (a removed USB drive or a "
                "disconnected network drive?). Reconnect it, then try again."
            ),
            folder=str(folder),
        )
    return StoreError(
        N_(
            "The data folder {folder} cannot be reached (a removed USB drive or a "
            "disconnected network drive?), so this was not saved. Reconnect it, then try "
            "again: what you typed is still on screen."
        ),
        folder=str(folder),
    )


def storage_error(exc: OSError, folder: Path, *, opening: bool = False) -> StoreError:
    """Turn an operating-system error on the data folder into a message for the user."""
    if exc.errno in FULL_ERRNOS:
        return full_message(folder, opening=opening)
    if exc.errno in READ_ONLY_ERRNOS:
        return read_only_message(folder, opening=opening)
    if exc.errno in GONE_ERRNOS:
        return gone_message(folder, opening=opening)
    if opening:
        return StoreError(
            N_("The data folder {folder} cannot be created or written: {reason}"),
            folder=str(folder),
            reason=exc.strerror or str(exc),
        )
    return StoreError(
        N_("The data could not be saved in {folder}: {reason}"),
        folder=str(folder),
        reason=exc.strerror or str(exc),
    )


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    size: int
    path: Path


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # directories cannot be opened for fsync on Windows; NTFS journals renames.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileStore:
    def __init__(self, root: Path, suffix: str = "") -> None:
        self.root = root
        self.suffix = suffix

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256[:2] / f"{sha256}{self.suffix}"

    def put_stream(self, stream: BinaryIO) -> StoredFile:
        """Store the stream's bytes. Errors reading `stream` propagate as they are (OSError);
        errors writing the store become a StoreError, and nothing partial is left."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        except OSError as exc:
            raise storage_error(exc, self.root) from exc
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        size = 0
        try:
            # Unbuffered: a failing write (disk full) raises here, not later in close().
            with os.fdopen(fd, "wb", buffering=0) as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    view = memoryview(chunk)
                    try:
                        while view:
                            view = view[out.write(view) :]
                    except OSError as exc:
                        raise storage_error(exc, self.root) from exc
                    size += len(chunk)
                try:
                    os.fsync(out.fileno())
                except OSError as exc:
                    raise storage_error(exc, self.root) from exc
            sha = digest.hexdigest()
            final = self.path_for(sha)
            if final.is_file() and final.stat().st_size == size and self.verify(sha):
                tmp.unlink()
            else:
                # A damaged copy under the final name is replaced by the good bytes.
                try:
                    if not final.parent.is_dir():
                        final.parent.mkdir(parents=True, exist_ok=True)
                        _fsync_dir(self.root)  # the new sub-folder's entry must survive too
                    os.replace(tmp, final)
                    _fsync_dir(final.parent)
                except OSError as exc:
                    raise storage_error(exc, self.root) from exc
            return StoredFile(sha, size, final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def put_file(self, source: Path) -> StoredFile:
        with open(source, "rb") as fh:
            return self.put_stream(fh)

    def put_bytes(self, data: bytes) -> StoredFile:
        import io

        return self.put_stream(io.BytesIO(data))

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def verify(self, sha256: str) -> bool:
        path = self.path_for(sha256)
        if not path.is_file():
            return False
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest() == sha256

    def leftovers(self) -> list[Path]:
        """Temporary files a crash left behind (never referenced by the database)."""
        if not self.root.exists():
            return []
        return sorted(self.root.glob(".incoming-*"))

    def remove_leftovers(self) -> int:
        """Delete what interrupted writes left behind. Only call while holding the data-folder
        lock (no other writer can be half-way through a file). Returns how many went."""
        removed = 0
        for path in self.leftovers():
            try:
                path.unlink()
                removed += 1
            except OSError:
                continue
        return removed

    def remove(self, sha256: str) -> bool:
        """Delete a stored file (erasure on request); True if it was there."""
        path = self.path_for(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        _fsync_dir(path.parent)
        return True

    def all_hashes(self) -> set[str]:
        if not self.root.exists():
            return set()
        return {
            p.name[:64]
            for p in self.root.glob("??/*")
            if p.is_file() and len(p.name) >= 64 and not p.name.startswith(".")
        }
