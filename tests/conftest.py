"""Shared fixtures: a fresh data folder per test (copied from a migrated template: fast)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("DISPUTEDESK_DATA_DIR", None)

from disputedesk.i18n import set_language
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.storage.store import open_store
from disputedesk.ui import collector


@pytest.fixture(scope="session", autouse=True)
def _collect_on_the_gui_thread(qapp):
    """As in the application (create_application): garbage is collected on the GUI thread
    only, never by a pool thread that happens to allocate (ui/collector.py)."""
    collector.install(qapp)


@pytest.fixture(autouse=True)
def _english_ui():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template")
    store = open_store(DataPaths(root), lock=False)
    store.close()
    return root


@pytest.fixture
def data_paths(tmp_path, migrated_template) -> DataPaths:
    root = tmp_path / "data"
    shutil.copytree(migrated_template, root, ignore=shutil.ignore_patterns("*.lock"))
    return DataPaths(root)


@pytest.fixture
def store(data_paths):
    st = open_store(data_paths)
    yield st
    # The test's widgets may still be reading in Qt's thread pool: let those reads end before
    # their store closes, as the application does when it quits (app.py).
    QThreadPool.globalInstance().waitForDone()
    st.close()


@pytest.fixture
def services(store) -> Services:
    return Services.build(store)
