"""Create or edit a customer, validated as you type; a refused save keeps everything typed.

`CustomerForm.new_customer()` starts an empty form, `show_customer(customer)` fills it;
`save()` (Ctrl+S in the section) checks every field, then writes through the customer service
off the GUI thread. A field the service refuses gets its message next to it; a StoreError
(disk full, read-only folder) leaves the form as it is, with the reason, so saving again works.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain import identifiers as ids
from disputedesk.domain.enums import CustomerKind
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.records import Customer, CustomerDraft, PostalAddress
from disputedesk.i18n import _
from disputedesk.services import validate as v
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

TITLES = ("", "Madame", "Monsieur", "Mrs", "Mr", "Ms")


class CustomerForm(QWidget):
    sig_saved = Signal(object)  # the saved Customer
    sig_dirty = Signal(bool)
    sig_save_failed = Signal()

    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._services = services
        self._customer: Customer | None = None
        self._snapshot: tuple = ()
        self._was_dirty = False
        self.writer = BackgroundLoader(self, synchronous=synchronous)
        self.writer.sig_loaded.connect(self._on_writer_loaded)
        self.writer.sig_failed.connect(self._on_writer_failed)

        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600")
        self.archived_note = QLabel(self)
        self.archived_note.setVisible(False)

        self.kind_combo = QComboBox(self)
        for kind in CustomerKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.title_combo = QComboBox(self)
        self.title_combo.setEditable(True)
        self.title_combo.addItems(TITLES)
        self.first_name_edit = QLineEdit(self, maxLength=100)
        self.last_name_edit = QLineEdit(self, maxLength=100)
        self.company_edit = QLineEdit(self, maxLength=200)
        self.siret_edit = QLineEdit(self, maxLength=20)
        self.siret_edit.setPlaceholderText("123 456 789 00012")
        self.email_edit = QLineEdit(self, maxLength=254)
        self.email_edit.setPlaceholderText(_("name@example.com"))
        self.phone_edit = QLineEdit(self, maxLength=40)
        self.language_combo = QComboBox(self)
        fill_languages(self.language_combo)
        self.line1_edit = QLineEdit(self, maxLength=200)
        self.line2_edit = QLineEdit(self, maxLength=200)
        self.postcode_edit = QLineEdit(self, maxLength=20)
        self.city_edit = QLineEdit(self, maxLength=100)
        self.country_combo = QComboBox(self)
        fill_countries(self.country_combo)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(90)

        self.checks = FieldChecks(error_label(self))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        c = self.checks
        c.add_row(form, _("&Kind:"), "kind", self.kind_combo, accessible=_("Kind of customer"))
        c.add_row(form, _("T&itle:"), "title", self.title_combo, accessible=_("Title"))
        c.add_row(
            form,
            _("&First name:"),
            "first_name",
            self.first_name_edit,
            accessible=_("First name"),
            check=lambda: v.clean(self.first_name_edit.text(), "first_name", max_len=100),
        )
        c.add_row(
            form,
            _("&Last name:"),
            "last_name",
            self.last_name_edit,
            accessible=_("Last name"),
            check=lambda: v.clean(self.last_name_edit.text(), "last_name", max_len=100),
        )
        c.add_row(
            form,
            _("Compan&y:"),
            "company",
            self.company_edit,
            accessible=_("Company"),
            check=lambda: v.clean(self.company_edit.text(), "company", max_len=200),
        )
        c.add_row(
            form,
            _("&SIRET:"),
            "siret",
            self.siret_edit,
            accessible=_("SIRET number"),
            check=lambda: v.check_siret(self.siret_edit.text()),
            complete=lambda: _siret_complete(self.siret_edit.text()),
        )
        c.add_row(
            form,
            _("&E-mail:"),
            "email",
            self.email_edit,
            accessible=_("E-mail address"),
            check=lambda: v.check_email(self.email_edit.text()),
        )
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
            _("Letters &in:"),
            "language",
            self.language_combo,
            accessible=_("Language of the letters"),
        )
        c.add_row(
            form,
            _("&Address:"),
            "address_line1",
            self.line1_edit,
            accessible=_("Street and number"),
            check=lambda: v.clean(self.line1_edit.text(), "address_line1", max_len=200),
        )
        c.add_row(
            form,
            _("Address (co&ntinued):"),
            "address_line2",
            self.line2_edit,
            accessible=_("Building, floor, place"),
            check=lambda: v.clean(self.line2_edit.text(), "address_line2", max_len=200),
        )
        c.add_row(
            form,
            _("P&ostal code:"),
            "postcode",
            self.postcode_edit,
            accessible=_("Postal code"),
            check=lambda: v.check_postcode(self.postcode_edit.text(), self.country()),
            complete=lambda: _postcode_complete(self.postcode_edit.text(), self.country()),
        )
        c.add_row(
            form,
            _("Ci&ty:"),
            "city",
            self.city_edit,
            accessible=_("City"),
            check=lambda: v.clean(self.city_edit.text(), "city", max_len=100),
        )
        c.add_row(form, _("Co&untry:"), "country", self.country_combo, accessible=_("Country"))
        c.add_row(form, _("N&otes:"), "notes", self.notes_edit, accessible=_("Notes"))

        self.save_button = QPushButton(_("&Save"), self)
        self.save_button.setToolTip(_("Save the customer (Ctrl+S)"))
        self.save_button.setAccessibleName(_("Save the customer"))
        self.revert_button = QPushButton(_("&Undo changes"), self)
        self.revert_button.setAccessibleName(_("Undo the changes not saved yet"))
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.archived_note)
        layout.addLayout(form)
        layout.addWidget(self.checks.general)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.country_combo.currentIndexChanged.connect(self._on_country_changed)
        for edit in (
            self.first_name_edit,
            self.last_name_edit,
            self.company_edit,
            self.siret_edit,
            self.email_edit,
            self.phone_edit,
            self.line1_edit,
            self.line2_edit,
            self.postcode_edit,
            self.city_edit,
        ):
            edit.textChanged.connect(self._update_dirty)
        self.title_combo.currentTextChanged.connect(self._update_dirty)
        self.language_combo.currentIndexChanged.connect(self._update_dirty)
        self.notes_edit.textChanged.connect(self._update_dirty)

        self.new_customer()

    # --- State --------------------------------------------------------------------------

    @property
    def customer(self) -> Customer | None:
        return self._customer

    @property
    def customer_id(self) -> int | None:
        return self._customer.id if self._customer is not None else None

    def country(self) -> str:
        return self.country_combo.currentData() or "FR"

    def kind(self) -> CustomerKind:
        return CustomerKind(self.kind_combo.currentData())

    def draft(self) -> CustomerDraft:
        return CustomerDraft(
            kind=self.kind(),
            first_name=self.first_name_edit.text(),
            last_name=self.last_name_edit.text(),
            company=self.company_edit.text(),
            siret=self.siret_edit.text(),
            address=PostalAddress(
                self.line1_edit.text(),
                self.line2_edit.text(),
                self.postcode_edit.text(),
                self.city_edit.text(),
                self.country(),
            ),
            email=self.email_edit.text(),
            phone=self.phone_edit.text(),
            language=self.language_combo.currentData() or "fr",
            notes=self.notes_edit.toPlainText(),
            title=self.title_combo.currentText(),
        )

    def is_dirty(self) -> bool:
        return self._values() != self._snapshot

    def _values(self) -> tuple:
        d = self.draft()
        return (
            d.kind,
            d.first_name,
            d.last_name,
            d.company,
            d.siret,
            d.address,
            d.email,
            d.phone,
            d.language,
            d.notes,
            d.title,
        )

    # --- Filling ------------------------------------------------------------------------

    def new_customer(self) -> None:
        self._customer = None
        self._fill(CustomerDraft())
        self.heading.setText(_("New customer"))
        self.archived_note.setVisible(False)
        self.save_button.setText(_("&Create the customer"))
        self.last_name_edit.setFocus()

    def show_customer(self, customer: Customer) -> None:
        self._customer = customer
        self._fill(customer.to_draft())
        self.heading.setText(customer.display_name)
        self.archived_note.setText(
            _("This customer is archived: hidden from the list unless “Show archived” is on.")
        )
        self.archived_note.setVisible(customer.archived)
        self.save_button.setText(_("&Save"))

    def revert(self) -> None:
        if self._customer is None:
            self.new_customer()
        else:
            self.show_customer(self._customer)

    def _fill(self, d: CustomerDraft) -> None:
        set_data(self.kind_combo, CustomerKind(d.kind).value)
        self.title_combo.setCurrentText(d.title)
        self.first_name_edit.setText(d.first_name)
        self.last_name_edit.setText(d.last_name)
        self.company_edit.setText(d.company)
        self.siret_edit.setText(d.siret)
        self.email_edit.setText(d.email)
        self.phone_edit.setText(d.phone)
        set_data(self.language_combo, d.language)
        self.line1_edit.setText(d.address.line1)
        self.line2_edit.setText(d.address.line2)
        self.postcode_edit.setText(d.address.postcode)
        self.city_edit.setText(d.address.city)
        set_country(self.country_combo, d.address.country)
        self.notes_edit.setPlainText(d.notes)
        self.checks.clear()
        self._on_kind_changed()
        self._snapshot = self._values()
        self._update_dirty()

    # --- Saving -------------------------------------------------------------------------

    def save(self) -> bool:
        """Start saving; False when refused (the reason is shown next to the field)."""
        if self.writer.busy:
            return False
        self.checks.general.setVisible(False)
        first = self.checks.run_all()
        draft = self.draft()
        if first is None:
            try:
                self._services.customers.check(draft)
            except ValidationError as exc:
                first = exc
        if first is not None:
            self.checks.refuse(first)
            return False
        self._set_busy(True)
        service, customer_id = self._services.customers, self.customer_id
        if customer_id is None:
            self.writer.load(lambda: service.create(draft))
        else:
            self.writer.load(lambda: service.update(customer_id, draft))
        return True

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.revert_button.setEnabled(not busy)

    def _on_writer_loaded(self, customer: Customer) -> None:
        self._set_busy(False)
        self.show_customer(customer)
        data_events().changed.emit("customer", customer.id)
        self.sig_saved.emit(customer)

    def _on_writer_failed(self, exc: object) -> None:
        self._set_busy(False)
        self.checks.show_error(exc)
        self.sig_save_failed.emit()

    # --- Slots --------------------------------------------------------------------------

    def _on_kind_changed(self, *_args) -> None:
        professional = self.kind() is CustomerKind.PROFESSIONAL
        self.company_edit.setPlaceholderText(_("Required") if professional else "")
        self.last_name_edit.setPlaceholderText("" if professional else _("Required"))
        self._update_dirty()

    def _on_country_changed(self, *_args) -> None:
        if self.postcode_edit.text().strip():
            self.checks.run("postcode", final=True)
        self._update_dirty()

    def _update_dirty(self, *_args) -> None:
        dirty = self.is_dirty() if self._snapshot else False
        self.revert_button.setEnabled(dirty and not self.writer.busy)
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.sig_dirty.emit(dirty)


def _siret_complete(text: str) -> bool:
    digits = ids.digits_only(text)
    return len(digits) >= 14 or not (digits.isascii() and digits.isdigit())


def _postcode_complete(text: str, country: str) -> bool:
    value = text.strip()
    return country == "FR" and (len(value) >= 5 or not (value.isascii() and value.isdigit()))
