"""Where the user's data lives: platformdirs per-user folder, or --data-dir / DISPUTEDESK_DATA_DIR.

Portable mode (a USB stick): a file named `portable.txt` beside the installed program — next to
`DisputeDesk.exe` on Windows, the `DisputeDesk` executable on Linux, or next to
`DisputeDesk.app` on macOS (not inside the bundle, which signing seals) — keeps the data in
the folder `DisputeDesk-data` beside it. It applies to the frozen builds only; a run from
source ignores it.
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
PORTABLE_DATA_FOLDER = "DisputeDesk-data"
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


def install_dir() -> Path | None:
    """The folder the frozen program was installed in (None when running from source).

    Symbolic links are followed (a launcher linked from ~/bin still finds its install); on
    macOS, the folder holding `DisputeDesk.app`, not `DisputeDesk.app/Contents/MacOS`.
    """
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    if exe_dir.name == "MacOS" and exe_dir.parent.name == "Contents":
        bundle = exe_dir.parent.parent
        if bundle.suffix == ".app":
            return bundle.parent
    return exe_dir


def portable_root() -> Path | None:
    """Data beside the program when a frozen build finds its portable marker there."""
    folder = install_dir()
    if folder is not None and (folder / PORTABLE_MARKER).is_file():
        return folder / PORTABLE_DATA_FOLDER
    return None


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> DataPaths:
    """--data-dir wins, then the environment, then portable mode, then the per-user folder.

    A portable folder is made absolute from the program's real location, so a shortcut
    started from another working folder (or drive letter) finds the same data.
    """
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
