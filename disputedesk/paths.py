"""Where the user's data lives: platformdirs per-user folder, or --data-dir / DISPUTEDESK_DATA_DIR.

Portable mode: a file named `portable.txt` beside the executable keeps the data next to it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

from disputedesk import APP_NAME

ENV_VAR = "DISPUTEDESK_DATA_DIR"
PORTABLE_MARKER = "portable.txt"
DB_NAME = "disputedesk.sqlite3"


@dataclass(frozen=True, slots=True)
class DataPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_NAME

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def documents(self) -> Path:
        return self.root / "documents"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def lock_file(self) -> Path:
        return self.root / "disputedesk.lock"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    @property
    def ui_state_file(self) -> Path:
        return self.root / "ui-state.json"

    def ensure(self) -> None:
        for folder in (self.root, self.attachments, self.documents, self.backups):
            folder.mkdir(parents=True, exist_ok=True)


def portable_root() -> Path | None:
    """Data beside the executable when a frozen build finds its portable marker."""
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    if (exe_dir / PORTABLE_MARKER).is_file():
        return exe_dir / "DisputeDesk-data"
    return None


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> DataPaths:
    """--data-dir wins, then the environment, then portable mode, then the per-user folder."""
    if cli_value:
        root = Path(cli_value)
    elif os.environ.get(ENV_VAR):
        root = Path(os.environ[ENV_VAR])
    elif (portable := portable_root()) is not None:
        root = portable
    else:
        # %APPDATA%\DisputeDesk, ~/Library/Application Support/DisputeDesk,
        # ~/.local/share/DisputeDesk
        root = user_data_path(APP_NAME, appauthor=False, roaming=True)
    return DataPaths(root.expanduser().absolute())
