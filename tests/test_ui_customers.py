"""The Customers section driven through its real widgets (synchronous loaders)."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from disputedesk.domain.enums import CustomerKind, DisputeCategory
from disputedesk.domain.errors import StoreError
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft, PostalAddress
from disputedesk.i18n import N_
from disputedesk.services.customer_service import CustomerQuery, CustomerSort
from disputedesk.ui.customers import customers_section as cs
from disputedesk.ui.customers.customer_table_model import (
    AMOUNT,
    CITY,
    COMPANY,
    EMAIL,
    ID_ROLE,
    NAME,
    OPEN,
    CustomerTableModel,
)
from disputedesk.ui.events import data_events


def _customer(services, last, city="Lyon", **kw):
    return services.customers.create(
        CustomerDraft(last_name=last, address=PostalAddress(city=city), **kw)
    )


@pytest.fixture
def people(services):
    made = [
        _customer(services, "Moreau", "Lyon", first_name="Elise", email="elise@example.fr"),
        _customer(services, "Durand", "Paris", phone="0612345678"),
        _customer(services, "Bernard", "Brest"),
    ]
    services.disputes.open(
        DisputeDraft(
            customer_id=made[1].id,
            category=DisputeCategory.OTHER,
            description="Colis perdu",
            amount=Money(12345),
        )
    )
    return made


class FakePrompts:
    def __init__(self, confirm=True, unsaved=cs.CANCEL):
        self.answer_confirm = confirm
        self.answer_unsaved = unsaved
        self.asked: list[str] = []

    def confirm(self, title, text):
        self.asked.append(text)
        return self.answer_confirm

    def unsaved(self, text):
        self.asked.append(text)
        return self.answer_unsaved


@pytest.fixture
def section(qtbot, services, people):
    widget = cs.CustomersSection(services, synchronous=True)
    widget.prompts = FakePrompts()
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _names(section):
    m = section.model
    return [m.index(r, NAME).data() for r in range(m.rowCount())]


def test_model_passes_qtmodeltester_while_paging(qtmodeltester, services, people):
    for i in range(7):
        _customer(services, f"Extra{i}")
    model = CustomerTableModel(services, synchronous=True)
    model.PAGE = 4
    model.set_query(CustomerQuery())
    assert model.rowCount() == 4 and model.canFetchMore()
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 10 and model.total == 10
    qtmodeltester.check(model, force_py=True)


def test_model_asks_each_next_page_after_the_last_row_it_has(services, people):
    """Pages after the first start from the last loaded row's place (a seek in the sort
    index, as fast deep in the list as at its top), and together list every customer once,
    in the service's order, whatever the sort."""
    for i in range(7):
        _customer(services, f"Extra{i}")
    asked = []
    real_rows = services.customers.list_rows

    class Spying:
        def __getattr__(self, name):
            return getattr(services.customers, name)

        def list_rows(self, query, offset=0, limit=200, *, after=None):
            rows = real_rows(query, offset, limit, after=after)
            asked.append((offset, after, rows[-1].place if rows else None))
            return rows

    model = CustomerTableModel(
        SimpleNamespace(customers=Spying(), business=services.business), synchronous=True
    )
    model.PAGE = 3
    for sort, descending in ((CustomerSort.NAME, False), (CustomerSort.CITY, True)):
        asked.clear()
        query = CustomerQuery(sort=sort, descending=descending)
        model.set_query(query)
        while model.canFetchMore():
            model.fetchMore()
        ids = [model.customer_id(row) for row in range(model.rowCount())]
        assert ids == [r.id for r in real_rows(query)] and len(ids) == 10
        assert asked[0][1] is None  # the first page from the top
        for (_o, _a, last_place), (_offset, after, _p) in itertools.pairwise(asked):
            assert after == last_place is not None


def test_list_shows_counts_and_money_and_sorts_in_sql(section, people):
    m = section.model
    assert _names(section) == ["Bernard", "Durand", "Moreau Elise"]
    row = m.row_of(people[1].id)
    assert m.index(row, OPEN).data() == "1"
    assert m.index(row, AMOUNT).data().replace("\u00a0", " ") == "€123.45"
    assert section.status.text() == "3 customers"

    section.table.horizontalHeader().setSortIndicator(CITY, Qt.SortOrder.AscendingOrder)
    assert m.query.sort is CustomerSort.CITY
    assert [m.index(r, CITY).data() for r in range(3)] == ["Brest", "Lyon", "Paris"]
    section.table.sortByColumn(AMOUNT, Qt.SortOrder.DescendingOrder)
    assert m.query == CustomerQuery(sort=CustomerSort.AMOUNT, descending=True)
    assert m.index(0, NAME).data() == "Durand"


def test_search_as_you_type_filters_the_list(qtbot, section, people, services):
    qtbot.keyClicks(section.search_edit, "lyo")
    qtbot.waitUntil(lambda: _names(section) == ["Moreau Elise"])
    assert section.status.text() == "1 customer"
    reference = services.disputes.lines(customer_id=people[1].id)[0].reference
    section.search_edit.setText(reference)
    section.apply_search_now()
    assert _names(section) == ["Durand"]
    section.search_edit.setText("nobody-like-this")
    section.apply_search_now()
    assert _names(section) == []
    assert "No customer matches" in section.status.text()


def test_create_a_customer_through_the_form(qtbot, section, services):
    events = []
    data_events().changed.connect(lambda kind, ident: events.append((kind, ident)))
    qtbot.keyClick(section, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = section.form
    assert form.customer_id is None and form.heading.text() == "New customer"
    qtbot.keyClicks(form.last_name_edit, "Lambert")
    qtbot.keyClicks(form.first_name_edit, "Paul")
    qtbot.keyClicks(form.email_edit, "paul@example.fr")
    qtbot.keyClicks(form.postcode_edit, "69002")
    qtbot.keyClicks(form.city_edit, "Lyon")
    assert section.has_unsaved_changes()
    qtbot.keyClick(form.city_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    created = form.customer
    assert created is not None and created.last_name == "Lambert"
    assert created.address.postcode == "69002"
    assert ("customer", created.id) in events
    assert not section.has_unsaved_changes()
    qtbot.waitUntil(lambda: "Lambert Paul" in _names(section))
    current = section.table.currentIndex()
    assert current.data(ID_ROLE) == created.id


def test_bad_siret_is_refused_with_the_message_next_to_the_field(qtbot, section, services):
    section.new_customer()
    form = section.form
    qtbot.keyClicks(form.last_name_edit, "Garnier")
    qtbot.keyClicks(form.siret_edit, "1234567890")
    assert not form.checks.message("siret")  # not judged while still typing
    qtbot.keyClicks(form.siret_edit, "1234")  # 14 digits, wrong check digit
    assert "SIRET" in form.checks.message("siret")
    assert form.siret_edit.parentWidget().isVisible()
    before = services.customers.count(include_archived=True)
    assert form.save() is False
    assert services.customers.count(include_archived=True) == before
    assert "SIRET" in form.checks.general.text()
    form.siret_edit.setText("732 829 320 00074")  # valid Luhn
    form.checks.run("siret", final=False)
    assert form.checks.message("siret") == ""
    # La Poste: digit sum multiple of 5 instead of Luhn (INSEE exception).
    form.siret_edit.setText("35600000000048")
    form.checks.run("siret", final=True)
    assert form.checks.message("siret") == ""
    assert form.save() is True


def test_email_and_french_postcode_checked_as_you_type(qtbot, section):
    section.new_customer()
    form = section.form
    qtbot.keyClicks(form.email_edit, "paul@")
    assert form.checks.message("email") == ""
    form.email_edit.editingFinished.emit()
    assert "e-mail" in form.checks.message("email")
    qtbot.keyClicks(form.email_edit, "example.fr")
    assert form.checks.message("email") == ""  # fixed while typing: message gone
    qtbot.keyClicks(form.postcode_edit, "750")
    assert form.checks.message("postcode") == ""
    qtbot.keyClicks(form.postcode_edit, "1A")
    assert "5 digits" in form.checks.message("postcode")
    form.country_combo.setCurrentIndex(form.country_combo.findData("GB"))
    assert form.checks.message("postcode") == ""  # only French codes have 5 digits


def test_service_refusal_is_shown_next_to_its_field(section):
    section.new_customer()
    form = section.form
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(CustomerKind.PROFESSIONAL.value))
    form.last_name_edit.setText("Roux")
    assert form.save() is False
    assert "company" in form.checks.message("company")


def test_store_error_keeps_the_form_and_retry_works(monkeypatch, section, services):
    section.new_customer()
    form = section.form
    form.last_name_edit.setText("Fabre")
    form.notes_edit.setPlainText("Client fidèle")
    real_create = services.customers.create

    def full_disk(draft):
        raise StoreError(N_("The disk is full."))

    monkeypatch.setattr(services.customers, "create", full_disk)
    form.save()
    assert "The disk is full." in form.checks.general.text()
    assert form.last_name_edit.text() == "Fabre" and form.customer_id is None
    assert form.notes_edit.toPlainText() == "Client fidèle"
    monkeypatch.setattr(services.customers, "create", real_create)
    form.save()
    assert form.customer is not None and form.customer.notes == "Client fidèle"


def test_unsaved_changes_are_asked_about_before_leaving(section, people):
    section.select_customer(people[0].id)
    form = section.form
    assert form.customer_id == people[0].id
    form.city_edit.setText("Villeurbanne")
    section.prompts.answer_unsaved = cs.CANCEL
    section.select_customer(people[1].id)
    assert form.customer_id == people[0].id and form.city_edit.text() == "Villeurbanne"
    section.prompts.answer_unsaved = cs.SAVE
    section.select_customer(people[1].id)
    assert form.customer_id == people[1].id
    assert section._services.customers.get(people[0].id).address.city == "Villeurbanne"
    form.city_edit.setText("Marseille")
    section.prompts.answer_unsaved = cs.DISCARD
    section.new_customer()
    assert form.customer_id is None
    assert section._services.customers.get(people[1].id).address.city == "Paris"
    assert len(section.prompts.asked) == 3


def test_archive_hides_and_restore_brings_back(section, people, services):
    section.select_customer(people[2].id)
    assert section.archive_button.isEnabled()
    section.prompts.answer_confirm = False
    section.toggle_archived()
    assert not services.customers.get(people[2].id).archived
    section.prompts.answer_confirm = True
    section.toggle_archived()
    assert services.customers.get(people[2].id).archived
    assert "Bernard" not in _names(section)
    assert section.archive_button.text() == "Rest&ore"
    section.archived_check.setChecked(True)
    assert "Bernard" in _names(section)
    section.toggle_archived()
    assert not services.customers.get(people[2].id).archived
    section.archived_check.setChecked(False)
    assert "Bernard" in _names(section)


def test_selected_customer_disputes_and_new_dispute(monkeypatch, section, people):
    calls = []
    monkeypatch.setattr(
        "disputedesk.ui.disputes.new_dispute_dialog.open_new_dispute",
        lambda parent, services, customer_id: calls.append(customer_id) or None,
    )
    section.new_customer()
    assert not section.new_dispute_button.isEnabled()
    row = section.model.row_of(people[1].id)
    section.table.setCurrentIndex(section.model.index(row, NAME))
    assert section.form.customer_id == people[1].id
    assert section.disputes.filter.customer_id == people[1].id
    assert section.disputes.model.rowCount() == 1
    section.new_dispute_button.click()
    assert calls == [people[1].id]


def test_a_click_on_an_empty_cell_opens_its_customer(qtbot, section, people):
    """An empty cell has no item (customer_table_model): the click still opens the row."""
    model, table = section.model, section.table
    row = model.row_of(people[1].id)  # Durand: no company
    cell = model.index(row, COMPANY)
    assert cell.data() is None and model.item(row, COMPANY) is None
    table.scrollTo(cell)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(cell).center()
    )
    assert table.currentIndex() == cell
    qtbot.waitUntil(lambda: section.form.customer_id == people[1].id)
    assert section.form.last_name_edit.text() == "Durand"


def test_extension_registers_the_section_and_business_menu():
    from disputedesk.ui.customers.extension import register
    from disputedesk.ui.extensions import EXTENSION_MODULES, Registry

    registry = Registry()
    register(registry)
    (section,) = registry.sections
    assert (section.key, section.order, section.shortcut) == ("customers", 10, "Ctrl+2")
    (action,) = registry.menu_actions
    assert (action.key, action.menu) == ("business_profile", "file")
    assert "disputedesk.ui.customers.extension" in EXTENSION_MODULES


def test_background_loads_and_save_before_switching(qtbot, services, people):
    """The real threaded loaders: the list arrives, a save runs, then the next customer."""
    section = cs.CustomersSection(services)
    section.prompts = FakePrompts(unsaved=cs.SAVE)
    qtbot.addWidget(section)
    section.show()
    qtbot.waitUntil(lambda: section.model.rowCount() == 3)
    section.select_customer(people[0].id)
    qtbot.waitUntil(lambda: section.form.customer_id == people[0].id)
    qtbot.waitUntil(lambda: section.table.currentIndex().data(ID_ROLE) == people[0].id)
    section.form.city_edit.setText("Grenoble")
    section.select_customer(people[2].id)  # asks, saves in the background, then switches
    qtbot.waitUntil(lambda: section.form.customer_id == people[2].id)
    assert services.customers.get(people[0].id).address.city == "Grenoble"
    qtbot.waitUntil(lambda: section.table.currentIndex().data(ID_ROLE) == people[2].id)
    qtbot.waitUntil(lambda: not section.model.loading and not section.disputes.loader.busy)


def test_a_customer_that_no_longer_exists_is_said_so(section):
    section.select_customer(999_999)
    assert "does not exist" in section.form.checks.general.text()
    assert section.form.customer_id is None and not section.new_dispute_button.isEnabled()


def test_fast_typing_runs_one_query_at_a_time_and_shows_the_last(qtbot, services, people):
    import threading

    gate = threading.Event()
    asked: list[str] = []
    real_rows = services.customers.list_rows

    class SlowCustomers:
        def __getattr__(self, name):
            return getattr(services.customers, name)

        def list_rows(self, query, offset=0, limit=200, *, after=None):
            asked.append(query.text)
            gate.wait(5)
            return real_rows(query, offset, limit, after=after)

    class Wrapped:
        customers = SlowCustomers()
        business = services.business

    model = CustomerTableModel(Wrapped())
    model.set_query(CustomerQuery(text="mo"))
    model.set_query(CustomerQuery(text="mor"))
    model.set_query(CustomerQuery(text="dur"))  # replaces "mor", which never runs
    assert model.loading
    gate.set()
    qtbot.waitUntil(lambda: not model.loading and model.total is not None)
    assert asked == ["mo", "dur"]
    assert [model.index(r, NAME).data() for r in range(model.rowCount())] == ["Durand"]
    assert model.total == 1


def test_model_answers_every_role_a_cell_is_painted_with(services, people):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from disputedesk.ui.customers.customer_table_model import ARCHIVED_ROLE, PHONE

    services.customers.set_archived(people[2].id, True)  # Bernard
    model = CustomerTableModel(services, synchronous=True)
    model.set_query(CustomerQuery(include_archived=True))
    R = Qt.ItemDataRole
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    archived, durand = model.row_of(people[2].id), model.row_of(people[1].id)

    cell = model.index(archived, NAME)
    assert cell.data(R.DisplayRole) == "Bernard"
    assert cell.data(R.ToolTipRole) == "Bernard (archived)"
    assert cell.data(ID_ROLE) == people[2].id and cell.data(ARCHIVED_ROLE) is True
    assert cell.data(R.FontRole).italic()
    disabled = QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert cell.data(R.ForegroundRole) == disabled
    assert model.index(archived, CITY).data(R.FontRole).italic()  # the whole row

    row = [model.index(durand, col) for col in range(7)]
    assert [c.data() for c in row][PHONE:] == ["0612345678", "Paris", "1", "€123.45"]
    assert row[CITY].data(R.ToolTipRole) == "Paris"
    assert row[NAME].data(R.ToolTipRole) == "Durand"  # not archived: no mention
    assert [c.data(R.TextAlignmentRole) for c in row] == [None] * 5 + [right, right]
    # Every cell with a text knows its customer; an empty one has no item at all (the
    # company and e-mail here), and a click on it opens the row's customer all the same.
    texts = [c.data() for c in row]
    assert texts[COMPANY] is None and texts[EMAIL] is None
    assert [c.data(ID_ROLE) for c in row] == [people[1].id if t else None for t in texts]
    assert model.customer_id(durand) == people[1].id
    assert row[NAME].data(ARCHIVED_ROLE) is False
    for role in (R.FontRole, R.ForegroundRole, R.DecorationRole, R.CheckStateRole):
        assert row[NAME].data(role) is None
    assert model.data(model.index(-1, -1)) is None
    assert model.data(model.createIndex(99, NAME)) is None  # past the loaded rows

    flags = model.flags(row[NAME])
    assert flags & Qt.ItemFlag.ItemIsEnabled and flags & Qt.ItemFlag.ItemIsSelectable
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(-1, -1)) == Qt.ItemFlag.NoItemFlags


def test_a_palette_change_restyles_the_list(qtbot, section, monkeypatch):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    calls = []
    monkeypatch.setattr(section.model, "restyle", lambda: calls.append(1))
    before = QApplication.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    try:
        QApplication.setPalette(dark)
        qtbot.waitUntil(lambda: bool(calls))
    finally:
        QApplication.setPalette(before)
