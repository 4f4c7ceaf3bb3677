"""Opens the store lazily for a command and closes it afterwards."""

from __future__ import annotations

from disputedesk.paths import DataPaths, resolve_data_dir
from disputedesk.services import Services
from disputedesk.storage.store import Store, open_store


class CliContext:
    def __init__(self, data_dir: str | None, lock: bool) -> None:
        self.paths: DataPaths = resolve_data_dir(data_dir)
        self._lock = lock
        self._store: Store | None = None
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            self._store = open_store(self.paths, lock=self._lock)
            self._services = Services.build(self._store)
        return self._services

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
            self._services = None
