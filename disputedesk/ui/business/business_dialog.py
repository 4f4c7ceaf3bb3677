"""The business profile: the shop's identity, legal mentions, consumer mediator and defaults.

Everything `services.business` stores, on four tabs. Fields are checked as you type (SIRET
check digit, VAT number, e-mail, phone, French postal code); Save runs the service's own
validation and shows a refusal next to the field, on its tab. A failed write (disk full,
read-only folder) keeps the dialog open with everything typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain import identifiers as ids
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.records import BusinessProfile, MediatorInfo, PostalAddress
from disputedesk.i18n import N_, _
from disputedesk.services import validate as v
from disputedesk.ui.business.image_picker import ImagePicker
from disputedesk.ui.customers.countries import (
    fill_countries,
    fill_languages,
    set_country,
    set_data,
)
from disputedesk.ui.customers.field_checks import FieldChecks
from disputedesk.ui.disputes.form_support import error_label
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.loader import BackgroundLoader

LEGAL_FORMS = ("", "EI", "Micro-entreprise", "EURL", "SARL", "SASU", "SAS", "SA", "SNC", "SCI")
CURRENCIES = ("EUR", "CHF", "GBP", "USD", "XPF")


def _line(parent, max_len: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setMaxLength(max_len)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def _page(tabs: QTabWidget, title: str) -> QFormLayout:
    page = QWidget(tabs)
    outer = QVBoxLayout(page)
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    outer.addLayout(form)
    outer.addStretch(1)  # rows keep their natural height; the space goes below
    tabs.addTab(page, title)
    return form


class BusinessProfileDialog(QDialog):
    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._services = services
        self.saved: BusinessProfile | None = None
        self.setWindowTitle(_("Business profile"))
        self.setMinimumWidth(640)
        self.confirm_discard = self._confirm_discard  # tests replace it

        self.tabs = QTabWidget(self)
        self.checks = FieldChecks(error_label(self))
        self.checks.reveal = self._reveal
        c = self.checks

        # --- Identity
        form = _page(self.tabs, _("&Identity"))
        p = form.parentWidget()
        self.trade_name_edit = _line(p, 200, _("The name your customers know"))
        self.legal_name_edit = _line(p, 200, _("If different, e.g. “Dupont SARL”"))
        self.legal_form_combo = QComboBox(p)
        self.legal_form_combo.setEditable(True)
        self.legal_form_combo.addItems(LEGAL_FORMS)
        self.legal_form_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.siret_edit = _line(p, 20, "123 456 789 00012")
        self.trade_register_edit = _line(p, 120, _("e.g. RCS Lyon 123 456 789"))
        self.vat_edit = _line(p, 20, "FR00123456789")
        self.signatory_edit = _line(p, 200, _("Who signs the letters"))
        c.add_row(
            form,
            _("&Trade name:"),
            "trade_name",
            self.trade_name_edit,
            accessible=_("Trade name"),
            check=lambda: v.clean(
                self.trade_name_edit.text(), "trade_name", max_len=200, required=True
            ),
        )
        c.add_row(
            form, _("&Legal name:"), "legal_name", self.legal_name_edit, accessible=_("Legal name")
        )
        c.add_row(
            form,
            _("Legal &form:"),
            "legal_form",
            self.legal_form_combo,
            accessible=_("Legal form"),
        )
        c.add_row(
            form,
            _("&SIRET:"),
            "siret",
            self.siret_edit,
            accessible=_("SIRET number"),
            check=lambda: v.check_siret(self.siret_edit.text()),
            complete=lambda: len(ids.digits_only(self.siret_edit.text())) >= 14,
        )
        c.add_row(
            form,
            _("T&rade register:"),
            "trade_register",
            self.trade_register_edit,
            accessible=_("Trade or crafts register"),
        )
        c.add_row(
            form,
            _("&VAT number:"),
            "vat_number",
            self.vat_edit,
            accessible=_("Intra-EU VAT number"),
            check=self._check_vat,
            complete=lambda: len(ids.digits_only(self.vat_edit.text())) >= 13,
        )
        c.add_row(
            form,
            _("Si&gned by:"),
            "signatory_name",
            self.signatory_edit,
            accessible=_("Name of the signatory"),
        )
        self.siret_edit.editingFinished.connect(self._suggest_vat)

        # --- Address and contact
        form = _page(self.tabs, _("&Address and contact"))
        p = form.parentWidget()
        self.line1_edit = _line(p, 200)
        self.line2_edit = _line(p, 200)
        self.postcode_edit = _line(p, 20)
        self.city_edit = _line(p, 100)
        self.country_combo = QComboBox(p)
        fill_countries(self.country_combo)
        self.phone_edit = _line(p, 40)
        self.email_edit = _line(p, 254, _("name@example.com"))
        self.website_edit = _line(p, 254, "https://")
        c.add_row(form, _("A&ddress:"), "address_line1", self.line1_edit, accessible=_("Street"))
        c.add_row(
            form,
            _("Address (co&ntinued):"),
            "address_line2",
            self.line2_edit,
            accessible=_("Building, floor, place"),
        )
        c.add_row(
            form,
            _("P&ostal code:"),
            "postcode",
            self.postcode_edit,
            accessible=_("Postal code"),
            check=lambda: v.check_postcode(self.postcode_edit.text(), self._country()),
            complete=lambda: len(self.postcode_edit.text().strip()) >= 5,
        )
        c.add_row(form, _("Ci&ty:"), "city", self.city_edit, accessible=_("City"))
        c.add_row(form, _("Co&untry:"), "country", self.country_combo, accessible=_("Country"))
        c.add_row(
            form,
            _("&Phone:"),
            "phone",
            self.phone_edit,
            accessible=_("Phone number"),
            check=lambda: v.check_phone(self.phone_edit.text()),
        )
        c.add_row(
            form,
            _("&E-mail:"),
            "email",
            self.email_edit,
            accessible=_("E-mail address"),
            check=lambda: v.check_email(self.email_edit.text()),
        )
        c.add_row(form, _("&Website:"), "website", self.website_edit, accessible=_("Website"))
        self.country_combo.currentIndexChanged.connect(self._on_country_changed)

        # --- Mediator and terms
        form = _page(self.tabs, _("&Mediator and terms"))
        p = form.parentWidget()
        # Code de la consommation L616-1 and R616-1: the mediator's name and website must be
        # given to consumers (documents, website, shop), and again after a failed complaint.
        note = QLabel(
            _(
                "The law requires you to give consumers the name and website of your consumer "
                "mediator (Code de la consommation, L616-1 and R616-1). DisputeDesk prints them "
                "on your letters."
            ),
            p,
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.mediator_name_edit = _line(p, 200)
        self.mediator_address_edit = QPlainTextEdit(p)
        self.mediator_address_edit.setTabChangesFocus(True)
        self.mediator_address_edit.setMaximumHeight(70)
        self.mediator_website_edit = _line(p, 254, "https://")
        c.add_row(
            form,
            _("Mediator’s &name:"),
            "mediator_name",
            self.mediator_name_edit,
            accessible=_("Consumer mediator's name"),
        )
        c.add_row(
            form,
            _("Mediator’s a&ddress:"),
            "mediator_address",
            self.mediator_address_edit,
            accessible=_("Consumer mediator's address"),
        )
        c.add_row(
            form,
            _("Mediator’s &website:"),
            "mediator_website",
            self.mediator_website_edit,
            accessible=_("Consumer mediator's website"),
        )
        self.mediator_warning = QLabel(p)
        self.mediator_warning.setWordWrap(True)
        form.addRow(self.mediator_warning)

        self.language_combo = QComboBox(p)
        fill_languages(self.language_combo)
        self.terms_spin = QSpinBox(p)
        self.terms_spin.setRange(0, 60)  # Code de commerce L441-10 I: at most 60 days
        self.terms_spin.setSuffix(_(" days"))
        self.penalty_check = QCheckBox(_("Contract rate:"), p)
        self.penalty_spin = QDoubleSpinBox(p)
        self.penalty_spin.setRange(0, 100)
        self.penalty_spin.setDecimals(2)
        self.penalty_spin.setSuffix(" %")
        penalty_row = QWidget(p)
        penalty_layout = QHBoxLayout(penalty_row)
        penalty_layout.setContentsMargins(0, 0, 0, 0)
        penalty_layout.addWidget(self.penalty_check)
        penalty_layout.addWidget(self.penalty_spin)
        penalty_layout.addStretch(1)
        self.penalty_check.setToolTip(
            _("Unticked: the legal default rate applies (Code de commerce L441-10).")
        )
        self.response_spin = QSpinBox(p)
        self.response_spin.setRange(1, 24 * 30)
        self.response_spin.setSuffix(_(" hours"))
        self.currency_combo = QComboBox(p)
        self.currency_combo.addItems(CURRENCIES)
        c.add_row(
            form,
            _("Letters &in:"),
            "default_language",
            self.language_combo,
            accessible=_("Default language of the letters"),
        )
        c.add_row(
            form,
            _("Pa&yment terms:"),
            "payment_terms_days",
            self.terms_spin,
            accessible=_("Payment terms in days"),
        )
        c.add_row(
            form,
            _("&Late penalties:"),
            "late_penalty_rate_bp",
            penalty_row,
            accessible=_("Late penalty rate"),
        )
        c.add_row(
            form,
            _("&Answer complaints within:"),
            "response_time_hours",
            self.response_spin,
            accessible=_("Response time to a complaint"),
        )
        c.add_row(form, _("C&urrency:"), "currency", self.currency_combo, accessible=_("Currency"))
        self.penalty_check.toggled.connect(self.penalty_spin.setEnabled)
        self.mediator_name_edit.textChanged.connect(self._update_mediator_warning)
        self.mediator_website_edit.textChanged.connect(self._update_mediator_warning)

        # --- Logo and signature
        images_form = _page(self.tabs, _("Lo&go and signature"))
        images = images_form.parentWidget()
        self.logo_picker = ImagePicker(services, "logo", _("Logo"), images)
        self.signature_picker = ImagePicker(services, "signature", _("Signature"), images)
        hint = QLabel(
            _(
                "PNG or JPEG, at most 5 MB. The logo is printed at the top of your letters, the "
                "signature under them (a scan on white paper works well)."
            ),
            images,
        )
        hint.setWordWrap(True)
        images_form.addRow(hint)
        images_form.addRow(_("Logo:"), self.logo_picker)
        images_form.addRow(_("Signature:"), self.signature_picker)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.checks.general)
        layout.addWidget(self.buttons)

        self.writer = BackgroundLoader(self, synchronous=synchronous)
        self.writer.sig_loaded.connect(self._on_writer_loaded)
        self.writer.sig_failed.connect(self._on_writer_failed)

        try:
            self._original = services.business.get()
        except Exception as exc:  # shown; the owner may still type and save
            self._original = BusinessProfile()
            self.checks.show_error(exc)
        self._fill(self._original)
        self._snapshot = self.profile()
        self.trade_name_edit.setFocus()

    # --- Values -------------------------------------------------------------------------

    def _country(self) -> str:
        return self.country_combo.currentData() or "FR"

    def _check_vat(self) -> None:
        value = ids.digits_only(self.vat_edit.text())
        if value and not ids.is_valid_vat(value):
            raise ValidationError(N_("This VAT number is not valid."), field="vat_number")

    def profile(self) -> BusinessProfile:
        rate = round(self.penalty_spin.value() * 100) if self.penalty_check.isChecked() else None
        return BusinessProfile(
            trade_name=self.trade_name_edit.text(),
            legal_name=self.legal_name_edit.text(),
            legal_form=self.legal_form_combo.currentText(),
            address=PostalAddress(
                self.line1_edit.text(),
                self.line2_edit.text(),
                self.postcode_edit.text(),
                self.city_edit.text(),
                self._country(),
            ),
            siret=self.siret_edit.text(),
            trade_register=self.trade_register_edit.text(),
            vat_number=self.vat_edit.text(),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            website=self.website_edit.text(),
            logo_sha256=self.logo_picker.sha256,
            signature_sha256=self.signature_picker.sha256,
            signatory_name=self.signatory_edit.text(),
            mediator=MediatorInfo(
                self.mediator_name_edit.text(),
                self.mediator_address_edit.toPlainText(),
                self.mediator_website_edit.text(),
            ),
            default_language=self.language_combo.currentData() or "fr",
            payment_terms_days=self.terms_spin.value(),
            late_penalty_rate_bp=rate,
            response_time_hours=self.response_spin.value(),
            currency=self.currency_combo.currentText(),
        )

    def _fill(self, p: BusinessProfile) -> None:
        self.trade_name_edit.setText(p.trade_name)
        self.legal_name_edit.setText(p.legal_name)
        self.legal_form_combo.setCurrentText(p.legal_form)
        self.siret_edit.setText(p.siret)
        self.trade_register_edit.setText(p.trade_register)
        self.vat_edit.setText(p.vat_number)
        self.signatory_edit.setText(p.signatory_name)
        self.line1_edit.setText(p.address.line1)
        self.line2_edit.setText(p.address.line2)
        self.postcode_edit.setText(p.address.postcode)
        self.city_edit.setText(p.address.city)
        set_country(self.country_combo, p.address.country)
        self.phone_edit.setText(p.phone)
        self.email_edit.setText(p.email)
        self.website_edit.setText(p.website)
        self.mediator_name_edit.setText(p.mediator.name)
        self.mediator_address_edit.setPlainText(p.mediator.address)
        self.mediator_website_edit.setText(p.mediator.website)
        set_data(self.language_combo, p.default_language)
        self.terms_spin.setValue(p.payment_terms_days)
        self.penalty_check.setChecked(p.late_penalty_rate_bp is not None)
        self.penalty_spin.setValue((p.late_penalty_rate_bp or 0) / 100)
        self.penalty_spin.setEnabled(p.late_penalty_rate_bp is not None)
        self.response_spin.setValue(p.response_time_hours)
        if self.currency_combo.findText(p.currency) < 0:
            self.currency_combo.addItem(p.currency)
        self.currency_combo.setCurrentText(p.currency)
        self.logo_picker.set_image(p.logo_sha256)
        self.signature_picker.set_image(p.signature_sha256)
        self._update_mediator_warning()

    def is_dirty(self) -> bool:
        return self.profile() != self._snapshot

    # --- Saving -------------------------------------------------------------------------

    def save(self) -> bool:
        if self.writer.busy:
            return False
        self.checks.general.setVisible(False)
        first = self.checks.run_all()
        profile = self.profile()
        if first is None:
            try:
                self._services.business.check(profile)
            except ValidationError as exc:
                first = exc
        if first is not None:
            self.checks.refuse(first)
            return False
        self.buttons.setEnabled(False)
        service = self._services.business
        self.writer.load(lambda: service.save(profile))
        return True

    def _on_writer_loaded(self, profile: BusinessProfile) -> None:
        self.buttons.setEnabled(True)
        self.saved = profile
        self._snapshot = self.profile()
        data_events().changed.emit("business", 0)
        self.accept()

    def _on_writer_failed(self, exc: object) -> None:
        self.buttons.setEnabled(True)
        self.checks.show_error(exc)

    def reject(self) -> None:
        if self.writer.busy:
            return  # the save finishes first; its result decides
        if self.is_dirty() and not self.confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        B = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("Close the business profile without saving your changes?"),
            B.Discard | B.Cancel,
            B.Cancel,
        )
        return answer == B.Discard

    # --- Slots --------------------------------------------------------------------------

    def _reveal(self, widget: QWidget) -> None:
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).isAncestorOf(widget):
                self.tabs.setCurrentIndex(i)
                return

    def _suggest_vat(self) -> None:
        # A French VAT number derives from the SIREN (key formula in domain/identifiers.py):
        # suggested, never filled in (a micro-entreprise under the franchise has none).
        siret = ids.digits_only(self.siret_edit.text())
        if ids.is_valid_siret(siret) and not self.vat_edit.text().strip():
            self.vat_edit.setPlaceholderText(
                _("{vat} (if you charge VAT)").format(vat=ids.fr_vat_for_siren(siret[:9]))
            )

    def _on_country_changed(self, *_args) -> None:
        if self.postcode_edit.text().strip():
            self.checks.run("postcode", final=True)

    def _update_mediator_warning(self, *_args) -> None:
        missing = not (
            self.mediator_name_edit.text().strip() and self.mediator_website_edit.text().strip()
        )
        self.mediator_warning.setText(
            _("Without the mediator’s name and website, your letters to consumers will lack them.")
            if missing
            else ""
        )
        self.mediator_warning.setVisible(missing)


def open_business_profile(parent, services) -> bool:
    """Show the business profile; True when it was saved."""
    dialog = BusinessProfileDialog(services, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None
    finally:
        dialog.deleteLater()
