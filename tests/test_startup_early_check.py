"""The start-up database check begun before Qt starts (app.EarlyCheck) and how open_checked
uses it: the same outcome as the store's own check, on the first attempt only, never for a
file the opening changed (an upgrade)."""

from __future__ import annotations

import dataclasses

import pytest

from disputedesk import app as app_mod
from disputedesk.domain.records import CustomerDraft
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.storage.store import open_store
from tests.test_startup_app import Scripted
from tests.test_startup_storage import write_damaged_database


@pytest.fixture(autouse=True)
def _known_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(app_mod, "known_folders_file", lambda: tmp_path / "known.json")


class Reported:
    """An early check that found damage (a real one needs a file damaged just so)."""

    def __init__(self, problems):
        self.problems = problems

    def result(self):
        return self.problems


def _with_backup(paths: DataPaths) -> None:
    store = open_store(paths)
    services = Services.build(store)
    services.customers.create(CustomerDraft(last_name="Sauvé"))
    services.backups.create()
    store.close()


def test_early_check_results(data_paths, tmp_path):
    assert app_mod.EarlyCheck(data_paths.database).result() == []
    assert app_mod.EarlyCheck(tmp_path / "none.sqlite3").result() is None  # nothing created
    assert not (tmp_path / "none.sqlite3").exists()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not sqlite" * 500)
    assert app_mod.EarlyCheck(garbage).result() is None  # the store's own errors take over


def test_early_check_finds_what_the_store_check_finds(data_paths):
    write_damaged_database(data_paths)
    for suffix in ("-wal", "-shm"):
        (data_paths.root / f"disputedesk.sqlite3{suffix}").unlink(missing_ok=True)
    early = app_mod.EarlyCheck(data_paths.database).result()
    # Damage is reported (or the file cannot even be read: the store then says so itself).
    assert early is None or early != []
    prompts = Scripted()
    assert (
        app_mod.open_checked(data_paths, prompts, early=app_mod.EarlyCheck(data_paths.database))
        is None
    )
    assert prompts.shown and prompts.shown[0][0] == "fail"  # damaged, no backup to offer


def test_damage_found_early_offers_the_backup_then_the_restored_file_is_checked_again(
    data_paths,
):
    _with_backup(data_paths)
    prompts = Scripted(True)  # restore it
    prepared = []
    store = app_mod.open_checked(
        data_paths,
        prompts,
        meanwhile=lambda: prepared.append(1),
        early=Reported(["row 3 missing from index"]),
    )
    assert store is not None  # the second attempt used the store's own check: healthy
    store.close()
    assert [k for k, _t in prompts.shown] == ["ask", "inform"]
    assert "row 3 missing from index" in prompts.shown[0][1]
    assert prepared == [1]  # the window was prepared once


def test_an_upgraded_file_is_checked_after_the_upgrade(data_paths, monkeypatch):
    real_open = app_mod.open_store
    monkeypatch.setattr(
        app_mod,
        "open_store",
        lambda paths: dataclasses.replace(real_open(paths), upgraded_from="0005"),
    )
    prompts = Scripted()
    store = app_mod.open_checked(data_paths, prompts, early=Reported(["from before the upgrade"]))
    assert store is not None and prompts.shown == []
    store.close()
