"""The business profile dialog driven through its real widgets."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtWidgets import QDialog

from disputedesk.domain.errors import StoreError
from disputedesk.domain.records import BusinessProfile, MediatorInfo, PostalAddress
from disputedesk.i18n import N_
from disputedesk.ui.business import business_dialog as bd
from disputedesk.ui.business import open_business_profile
from disputedesk.ui.events import data_events


@pytest.fixture
def profile(services):
    return services.business.save(
        BusinessProfile(
            trade_name="Atelier Dupre",
            address=PostalAddress("3 rue Neuve", "", "69002", "Lyon", "FR"),
            siret="73282932000074",
            mediator=MediatorInfo("CNPM", "", "https://cnpm.example"),
        )
    )


@pytest.fixture
def dialog(qtbot, services, profile):
    d = bd.BusinessProfileDialog(services, synchronous=True)
    d.confirm_discard = lambda: True  # closing at teardown must not block on a question
    qtbot.addWidget(d)
    d.show()
    return d


def _png(path, size=(300, 100)):
    Image.new("RGB", size, "white").save(path)
    return path


def test_edit_and_save_every_kind_of_field(qtbot, dialog, services):
    events = []
    data_events().changed.connect(lambda kind, ident: events.append(kind))
    assert dialog.trade_name_edit.text() == "Atelier Dupre"
    assert dialog.siret_edit.text() == "73282932000074"
    dialog.trade_name_edit.setText("Atelier Dupre et fils")
    dialog.legal_form_combo.setCurrentText("SARL")
    dialog.vat_edit.setText("FR44732829320")
    dialog.email_edit.setText("contact@dupre.fr")
    dialog.mediator_name_edit.setText("Mediateur CNPM")
    dialog.terms_spin.setValue(45)
    dialog.penalty_check.setChecked(True)
    dialog.penalty_spin.setValue(12.5)
    dialog.response_spin.setValue(24)
    assert dialog.save() is True
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = services.business.get()
    assert saved.trade_name == "Atelier Dupre et fils" and saved.legal_form == "SARL"
    assert saved.vat_number == "FR44732829320" and saved.email == "contact@dupre.fr"
    assert saved.mediator.name == "Mediateur CNPM"
    assert (saved.payment_terms_days, saved.late_penalty_rate_bp) == (45, 1250)
    assert saved.response_time_hours == 24
    assert "business" in events


def test_bad_siret_refused_with_message_next_to_field(qtbot, dialog, services):
    dialog.siret_edit.clear()
    qtbot.keyClicks(dialog.siret_edit, "1234567890")
    assert dialog.checks.message("siret") == ""
    qtbot.keyClicks(dialog.siret_edit, "1234")
    assert "SIRET" in dialog.checks.message("siret")
    assert dialog.save() is False
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert services.business.get().siret == "73282932000074"
    assert "SIRET" in dialog.checks.general.text()


def test_refusal_on_another_tab_shows_that_tab(dialog):
    dialog.tabs.setCurrentIndex(0)
    dialog.email_edit.setText("not an address")
    assert dialog.save() is False
    assert dialog.tabs.currentIndex() == 1
    assert "e-mail" in dialog.checks.message("email")
    dialog.email_edit.setText("a@b.fr")
    dialog.trade_name_edit.clear()
    assert dialog.save() is False
    assert dialog.tabs.currentIndex() == 0
    assert dialog.checks.message("trade_name") == "This field is required."


def test_bad_vat_and_french_postcode(dialog):
    dialog.vat_edit.setText("FR00732829320")  # wrong key for this SIREN
    dialog.checks.run("vat_number", final=True)
    assert "VAT" in dialog.checks.message("vat_number")
    dialog.postcode_edit.setText("6900")
    dialog.checks.run("postcode", final=True)
    assert "5 digits" in dialog.checks.message("postcode")
    dialog.country_combo.setCurrentIndex(dialog.country_combo.findData("BE"))
    assert dialog.checks.message("postcode") == ""


def test_logo_and_signature_are_copied_shown_and_saved(tmp_path, dialog, services):
    logo = _png(tmp_path / "logo.png")
    dialog.logo_picker.choose_file = lambda parent, title: logo
    dialog.logo_picker.choose()
    sha = dialog.logo_picker.sha256
    assert sha and not dialog.logo_picker.preview.pixmap().isNull()
    logo.unlink()  # the store has its own copy
    assert dialog.signature_picker.use_file(_png(tmp_path / "sig.jpg", (200, 80)))
    assert dialog.save()
    saved = services.business.get()
    assert saved.logo_sha256 == sha and services.business.image_path(sha).is_file()
    assert saved.signature_sha256 == dialog.signature_picker.sha256


def test_bad_images_are_refused_with_a_clear_message(tmp_path, dialog):
    picker = dialog.logo_picker
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert not picker.use_file(text)
    dialog.tabs.setCurrentIndex(3)
    assert "not a PNG or JPEG" in picker.message.text() and picker.message.isVisible()
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"this is not a picture")
    assert not picker.use_file(fake)
    assert "damaged or is not an image" in picker.message.text()
    huge = tmp_path / "huge.png"
    with huge.open("wb") as fh:
        fh.truncate(6 * 1024 * 1024)
    assert not picker.use_file(huge)
    assert "too big" in picker.message.text()
    assert not picker.use_file(tmp_path / "gone.png")
    assert "cannot be read" in picker.message.text()
    assert picker.sha256 is None


def test_store_error_keeps_the_dialog_open_and_retry_works(monkeypatch, dialog, services):
    real_save = services.business.save
    dialog.trade_name_edit.setText("Nouveau nom")

    def read_only(profile):
        raise StoreError(N_("The data folder is read-only."))

    monkeypatch.setattr(services.business, "save", read_only)
    assert dialog.save()
    assert dialog.isVisible() and "read-only" in dialog.checks.general.text()
    assert dialog.trade_name_edit.text() == "Nouveau nom"
    monkeypatch.setattr(services.business, "save", real_save)
    assert dialog.save()
    assert services.business.get().trade_name == "Nouveau nom"


def test_cancel_with_changes_asks_first(dialog):
    dialog.city_edit.setText("Villeurbanne")
    dialog.confirm_discard = lambda: False
    dialog.reject()
    assert dialog.isVisible()
    dialog.confirm_discard = lambda: True
    dialog.reject()
    assert not dialog.isVisible()


def test_open_business_profile_returns_whether_saved(monkeypatch, services, profile):
    def fake_exec(self):
        self.writer.synchronous = True
        self.trade_name_edit.setText("Boutique")
        self.save()
        return self.result()

    monkeypatch.setattr(bd.BusinessProfileDialog, "exec", fake_exec)
    assert open_business_profile(None, services) is True
    assert services.business.get().trade_name == "Boutique"
    monkeypatch.setattr(bd.BusinessProfileDialog, "exec", lambda self: 0)
    assert open_business_profile(None, services) is False


def test_empty_store_profile_can_be_set_up(qtbot, services):
    d = bd.BusinessProfileDialog(services, synchronous=True)
    d.confirm_discard = lambda: True
    qtbot.addWidget(d)
    assert d.trade_name_edit.text() == ""
    assert not d.mediator_warning.isHidden() and "mediator" in d.mediator_warning.text()
    d.trade_name_edit.setText("Ma boutique")
    assert d.save()
    assert services.business.get().is_set_up
