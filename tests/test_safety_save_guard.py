"""A form whose save fails with StoreError stays open with its content; saving again works.

One test fills a real (tiny tmpfs) disk when the machine allows mounting one; the others make
the service fail the way the store does (the store's translation is tested elsewhere).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout

from disputedesk.domain.errors import StoreError, ValidationError
from disputedesk.domain.records import CustomerDraft
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.storage.files import full_message
from disputedesk.storage.store import open_store
from disputedesk.ui.safety import save_guard


class CustomerForm(QDialog):
    """The smallest real form: what the customers helper's dialog does on Save."""

    def __init__(self, services: Services, warnings: list) -> None:
        super().__init__()
        self.services = services
        self.warnings = warnings
        self.name = QLineEdit()
        self.notes = QPlainTextEdit()
        self.save = QPushButton("Save")
        layout = QVBoxLayout(self)
        for w in (self.name, self.notes, self.save):
            layout.addWidget(w)
        self.save.clicked.connect(self.accept)
        self.saved = None

    def accept(self) -> None:
        draft = CustomerDraft(last_name=self.name.text(), notes=self.notes.toPlainText())
        outcome = save_guard.save_or_keep_open(
            self,
            lambda: self.services.customers.create(draft),
            warn=lambda parent, title, text: self.warnings.append((title, text)),
        )
        self.saved = outcome.value


def _names(services: Services) -> list[str]:
    return [c.customer.last_name for c in services.customers.search("")]


def test_failed_save_keeps_the_form_open_with_its_text_and_retry_works(
    services, qtbot, monkeypatch
):
    warnings: list = []
    form = CustomerForm(services, warnings)
    qtbot.addWidget(form)
    form.show()
    form.name.setText("Lefèvre")
    notes = "Appel du 3 : la cliente veut un échange, pas un avoir.\n" * 50
    form.notes.setPlainText(notes)
    real_create = services.customers.create

    def full(draft):
        raise full_message(services.store.paths.root)

    monkeypatch.setattr(services.customers, "create", full)
    form.save.click()
    assert form.isVisible() and form.result() == 0
    assert form.name.text() == "Lefèvre" and form.notes.toPlainText() == notes
    assert len(warnings) == 1
    title, text = warnings[0]
    assert title == "Not saved"
    assert "full" in text and "still on screen" in text
    assert _names(services) == []

    monkeypatch.setattr(services.customers, "create", real_create)  # space freed
    form.save.click()
    assert not form.isVisible() and form.result() == QDialog.DialogCode.Accepted
    assert form.saved.last_name == "Lefèvre" and form.saved.notes == notes.strip()
    assert _names(services) == ["Lefèvre"]
    assert len(warnings) == 1


def test_validation_errors_are_left_to_the_form(services):
    with pytest.raises(ValidationError):
        save_guard.guarded_save(
            None, lambda: services.customers.create(CustomerDraft()), warn=pytest.fail
        )


def test_embedded_form_outcome(services):
    shown = []

    def gone():
        raise StoreError("The folder {folder} cannot be reached.", folder="E:\\")

    outcome = save_guard.guarded_save(None, gone, title="Journal", warn=lambda *a: shown.append(a))
    assert not outcome.ok and isinstance(outcome.error, StoreError)
    assert shown[0][1] == "Journal" and "E:\\" in shown[0][2]
    assert "still in the form" in shown[0][2]
    outcome = save_guard.guarded_save(None, lambda: 42, warn=pytest.fail)
    assert outcome.ok and outcome.value == 42


def test_message_box_is_the_default_warning(services, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(save_guard.QMessageBox, "warning", staticmethod(lambda *a: shown.append(a)))

    def full():
        raise full_message(services.store.paths.root)

    assert not save_guard.guarded_save(None, full).ok
    assert shown and "full" in shown[0][2]


def test_french_message(services):
    from disputedesk.i18n import set_language

    set_language("fr")
    text = save_guard.not_saved_message(full_message(services.store.paths.root))
    assert "toujours à l’écran" in text
    text = save_guard.not_saved_message(StoreError("The data is busy."))
    assert "toujours dans le formulaire" in text


# --- a real full disk ------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB tmpfs (needs root and mount rights; skipped elsewhere)."""
    mnt = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mnt.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    res = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], capture_output=True
    )
    if res.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as fh:
        for size in (65536, 512):
            try:
                while True:
                    fh.write(b"\0" * size)
            except OSError:
                pass
    return filler


def test_form_on_a_really_full_disk(tiny_disk, qtbot):
    store = open_store(DataPaths(tiny_disk / "data"))
    services = Services.build(store)
    try:
        warnings: list = []
        form = CustomerForm(services, warnings)
        qtbot.addWidget(form)
        form.show()
        form.name.setText("Garnier")
        notes = "Le client a rappel\u00e9 pour la troisi\u00e8me fois. " * 1500
        form.notes.setPlainText(notes)
        filler = _fill(tiny_disk)
        form.save.click()
        assert form.isVisible() and form.notes.toPlainText() == notes
        assert warnings and "full" in warnings[0][1]
        filler.unlink()
        form.save.click()
        assert not form.isVisible()
        assert _names(services) == ["Garnier"]
        assert services.maintenance.check().ok
    finally:
        store.close()
