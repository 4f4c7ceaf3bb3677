"""Opens the store lazily for a command and closes it afterwards.

The store and the services (SQLAlchemy, the models) are imported when a command first asks
for them, not with this module: `disputedesk` alone (the window) starts its database check
before they are imported (see `disputedesk.cli.main`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from disputedesk.paths import DataPaths, resolve_data_dir

if TYPE_CHECKING:
    from disputedesk.services import Services
    from disputedesk.storage.store import Store


class CliContext:
    def __init__(self, data_dir: str | None, lock: bool) -> None:
        self.paths: DataPaths = resolve_data_dir(data_dir)
        self._lock = lock
        self._store: Store | None = None
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            from disputedesk.services import Services
            from disputedesk.storage.store import open_store

            self._store = open_store(self.paths, lock=self._lock)
            self._services = Services.build(self._store)
        return self._services

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
            self._services = None
