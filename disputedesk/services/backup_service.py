"""Backups for the window: list, back up now, the automatic daily/on-close backup with
rotation, and the restore itself (which the app runs with the store closed).

The `disputedesk backup` / `restore` commands call the same functions in
`disputedesk.storage.backup`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from disputedesk.settings import load_settings
from disputedesk.storage import backup
from disputedesk.storage.backup import BackupInfo
from disputedesk.storage.store import Store

__all__ = ["BackupInfo", "BackupService"]


class BackupService:
    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def folder(self) -> Path:
        return self._store.paths.backups

    def list(self) -> list[BackupInfo]:
        """Backups of this data folder, newest first."""
        return backup.list_backups(self._store.paths)

    def read(self, path: Path) -> BackupInfo:
        """Describe a backup file chosen elsewhere (StoreError if it is not one)."""
        return backup.read_backup_info(Path(path))

    def create(self, dest: Path | None = None, *, reason: str = backup.MANUAL) -> BackupInfo:
        info = backup.create_backup(self._store.paths, dest, reason=reason)
        assert info is not None
        return info

    def automatic(
        self, reason: str = backup.DAILY, *, now: datetime | None = None
    ) -> BackupInfo | None:
        """The automatic backup: skipped when one was made in the last day (daily) or when the
        data did not change since the newest backup; then rotation per the settings."""
        paths = self._store.paths
        now = now or datetime.now(UTC)
        if reason == backup.DAILY and not backup.backup_due(paths, now):
            return None
        info = backup.create_backup(paths, reason=reason, skip_if_unchanged=True)
        self.rotate(now=now)
        return info

    def rotate(self, *, now: datetime | None = None) -> list[Path]:
        s = load_settings(self._store.paths.settings_file)
        return backup.rotate_backups(
            self._store.paths,
            daily=s.backup_keep_daily,
            weekly=s.backup_keep_weekly,
            monthly=s.backup_keep_monthly,
            now=now,
        )

    def latest_good(self) -> BackupInfo | None:
        return backup.latest_good_backup(self._store.paths)
