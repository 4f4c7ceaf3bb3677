"""Content-addressed file store (attachments, generated documents), keyed by SHA-256.

A file is written to a temporary name in the same folder, fsynced, then renamed into place,
so a crash never leaves a half-written file under a real name. The user's file name is kept
in the database only: it never chooses a path.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


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
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_for(sha)
            if final.exists() and final.stat().st_size == size:
                tmp.unlink()
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, final)
                _fsync_dir(final.parent)
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
