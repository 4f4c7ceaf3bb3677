"""Window and splitter geometry, remembered in the data folder's ui-state.json.

Kept apart from business settings (see settings.py). A damaged or foreign file is ignored:
the layout is a convenience and must never stop the window from opening.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from PySide6.QtCore import QByteArray


class UiState:
    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._values: dict[str, str] = {}
        if path is None:
            return
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return
        if isinstance(raw, dict):
            self._values = {k: v for k, v in raw.items() if isinstance(v, str)}

    def get_bytes(self, key: str) -> QByteArray | None:
        value = self._values.get(key)
        if not value:
            return None
        try:
            return QByteArray(base64.b64decode(value, validate=True))
        except ValueError:
            return None

    def set_bytes(self, key: str, data: QByteArray) -> None:
        self._values[key] = base64.b64encode(bytes(data.data())).decode("ascii")

    def get_text(self, key: str) -> str | None:
        return self._values.get(key)

    def set_text(self, key: str, value: str) -> None:
        self._values[key] = value

    def save(self) -> None:
        if self._path is None:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._path.with_name(self._path.name + ".part")
            tmp.write_text(json.dumps(self._values, indent=1), encoding="utf-8")
            os.replace(tmp, self._path)
        except OSError:
            pass  # a full or read-only disk must not turn closing the window into an error
