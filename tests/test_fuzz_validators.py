"""Hostile input to every validator and form-level service call: the only outcomes allowed are
a value (stored exactly as validated) or a ValidationError naming a field — never another
exception, never a half-written record."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support_safety import (
    absurd_dates,
    absurd_datetimes,
    absurd_minor,
    amount_texts,
    budget,
    hostile_text,
)

from disputedesk.domain import identifiers as ids
from disputedesk.domain.enums import Channel, CustomerKind, Direction, DisputeCategory
from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft, PostalAddress
from disputedesk.services import validate as v
from disputedesk.services.invoice_service import InvoiceDraft
from disputedesk.services.journal_service import EntryDraft

identifier_text = st.one_of(
    hostile_text(30),
    st.text(st.sampled_from("0123456789 .-²³¹٣４"), max_size=20),
    st.from_regex(r"[0-9]{9}|[0-9]{14}|FR[0-9A-Z]{11}", fullmatch=True),
)


@budget()
@given(identifier_text)
def test_identifier_checks_answer_true_or_false(text):
    for check in (
        ids.is_valid_siren,
        ids.is_valid_siret,
        ids.is_valid_vat,
        ids.is_valid_email,
        ids.is_valid_phone,
        ids.is_valid_fr_postcode,
    ):
        assert check(text) in (True, False)
    assert isinstance(ids.digits_only(text), str)
    assert ids.luhn_ok(text) in (True, False)


@budget()
@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_vat_of_any_siren_is_valid(siren):
    assert ids.is_valid_vat(ids.fr_vat_for_siren(siren))


def _ok_or_validation(fn, *args):
    try:
        return fn(*args)
    except ValidationError as err:
        assert err.field  # the form can show it next to the field
        assert str(err)  # and it has a message
        return None


@budget()
@given(hostile_text(), st.integers(0, 300), st.booleans())
def test_clean(text, max_len, required):
    out = _ok_or_validation(lambda: v.clean(text, "f", max_len=max_len, required=required))
    if out is not None:
        assert "\x00" not in out and len(out) <= max_len and out == out.strip()
        assert not required or out


@budget()
@given(identifier_text, st.sampled_from(["FR", "BE", "", "fr", "ÉÉ", "F", "\x00\x00", "🇫🇷"]))
def test_field_checks(text, country):
    _ok_or_validation(v.check_siret, text)
    _ok_or_validation(v.check_email, text)
    _ok_or_validation(v.check_phone, text)
    _ok_or_validation(v.check_postcode, text, country)
    _ok_or_validation(v.check_country, country)
    _ok_or_validation(v.parse_iso_date, text, "d")


@budget()
@given(st.one_of(absurd_dates, absurd_datetimes, st.none(), st.integers(), hostile_text(20)))
def test_date_checks(value):
    d = _ok_or_validation(v.check_date, value, "d")
    if d is not None:
        assert v.MIN_DATE <= d <= v.MAX_DATE
    a = _ok_or_validation(v.check_aware, value, "d")
    if a is not None:
        assert a.tzinfo is UTC


@budget()
@given(amount_texts, st.sampled_from(["fr_FR", "en_GB", "de_DE"]))
def test_amount_parsing(text, locale):
    m = _ok_or_validation(Money.parse, text, "EUR", locale)
    if m is not None:
        assert abs(m.minor) <= 10**13
        assert m.format("fr_FR")


@budget()
@given(absurd_minor, st.sampled_from(["EUR", "JPY", "XYZ", "eur", "€", "", "EURO"]))
def test_money_values(minor, currency):
    try:
        m = Money(minor, currency)
    except ValidationError:
        return
    assert m.format("fr_FR") and m.format("en_GB")
    assert Money.from_decimal(m.to_decimal(), currency) == m


# --- the services behind the forms -------------------------------------------------------


def _customer_draft(draw) -> CustomerDraft:
    t = draw(hostile_text(120))
    return CustomerDraft(
        kind=draw(st.sampled_from(list(CustomerKind))),
        first_name=draw(st.one_of(st.just("Élise"), hostile_text(60))),
        last_name=draw(st.one_of(st.just("Moreau"), hostile_text(60))),
        company=draw(st.one_of(st.just(""), hostile_text(60))),
        siret=draw(st.one_of(st.just(""), identifier_text)),
        address=PostalAddress(
            line1=t,
            line2=draw(hostile_text(40)),
            postcode=draw(st.one_of(st.just("75011"), identifier_text)),
            city=draw(hostile_text(40)),
            country=draw(st.sampled_from(["FR", "BE", "", "fr", "XX", "É1"])),
        ),
        email=draw(st.one_of(st.just(""), st.just("a@b.fr"), hostile_text(40))),
        phone=draw(st.one_of(st.just(""), st.just("01 23 45 67 89"), identifier_text)),
        language=draw(st.sampled_from(["fr", "en", "de", "", "\x00"])),
        notes=draw(hostile_text()),
        title=draw(st.one_of(st.just(""), hostile_text(50))),
    )


@budget()
@given(st.data())
def test_customer_form(services, data):
    draft = _customer_draft(data.draw)
    before = services.customers.count(include_archived=True)
    c = _ok_or_validation(services.customers.create, draft)
    after = services.customers.count(include_archived=True)
    if c is None:
        assert after == before  # nothing half-written
        return
    assert after == before + 1
    again = services.customers.get(c.id)
    assert again == c
    assert again.notes == draft.notes.strip()
    # Searching for what was typed, whatever it is, never fails.
    services.customers.search(draft.last_name)
    services.customers.search(draft.notes[:50])


@budget()
@given(hostile_text(80))
def test_customer_search_with_any_text(services, text):
    assert isinstance(services.customers.search(text), list)
    services.disputes.list()


@pytest.fixture
def customer(services):
    return services.customers.create(CustomerDraft(last_name="Moreau"))


@budget()
@given(
    hostile_text(),
    hostile_text(60),
    absurd_minor,
    st.one_of(st.none(), absurd_datetimes),
    st.sampled_from(list(DisputeCategory)),
)
def test_dispute_form(services, customer, text, title, minor, received_at, category):
    now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    try:
        draft = DisputeDraft(
            customer_id=customer.id,
            category=category,
            description=text,
            amount=Money(minor),
            customer_request=text[::-1],
            received_at=received_at,
            title=title,
        )
    except ValidationError:
        return
    d = _ok_or_validation(lambda: services.disputes.open(draft, now=now))
    if d is None:
        return
    got = services.disputes.get(d.id)
    assert got.description == text.strip() and got.amount == Money(minor)
    assert services.disputes.history(d.id)
    services.disputes.lines()


@budget()
@given(hostile_text(), hostile_text(80), st.one_of(st.none(), absurd_datetimes))
def test_journal_form(services, customer, body, summary, occurred_at):
    now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    dispute = services.disputes.open(
        DisputeDraft(customer.id, DisputeCategory.OTHER, "x", Money(100)), now=now
    )
    draft = EntryDraft(
        dispute.id, Channel.PHONE, Direction.INCOMING, summary, body, occurred_at=occurred_at
    )
    e = _ok_or_validation(lambda: services.journal.add(draft, now=now))
    if e is not None:
        assert services.journal.get(e.id).body == e.body
        services.timeline.timeline(dispute.id, now=now)  # the tab that shows it


@budget()
@given(
    hostile_text(60),
    absurd_dates,
    absurd_dates,
    absurd_minor,
    hostile_text(),
)
def test_invoice_form(services, customer, number, issue, due, minor, description):
    try:
        amount = Money(minor)
    except ValidationError:
        return
    draft = InvoiceDraft(customer.id, number, issue, due, amount, description)
    try:
        inv = services.invoices.create(draft)
    except ValidationError as err:
        assert err.field
        return
    except NotFoundError:
        pytest.fail("the customer exists")
    assert services.invoices.get(inv.id).amount == amount
    services.invoices.list()


@budget()
@given(hostile_text(200))
def test_attachment_names_never_choose_a_path(tmp_path_factory, text):
    from disputedesk.storage.files import WINDOWS_RESERVED, safe_file_name

    name = safe_file_name(text)
    assert name and name not in (".", "..")
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert name.split(".")[0].upper().rstrip(" ") not in WINDOWS_RESERVED
    folder = tmp_path_factory.mktemp("names")
    target = folder / name
    assert target.parent == folder
    target.write_bytes(b"x")  # a name the file system accepts


def test_dates_at_the_edges(services, customer):
    for day in (date(1970, 1, 1), date(2200, 12, 31)):
        inv = services.invoices.create(
            InvoiceDraft(customer.id, f"F-{day.year}", day, day, Money(1))
        )
        assert services.invoices.get(inv.id).issue_date == day
