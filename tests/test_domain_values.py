"""Money, identifiers and stage rules: pure domain, no fixtures."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disputedesk.domain import identifiers as ids
from disputedesk.domain.enums import DisputeStage as S
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.stages import check_transition, needs_reason


def test_money_formats_french_with_narrow_no_break_space():
    assert Money(123450).format("fr_FR") == "1\u202f234,50\u00a0€"
    assert Money(123450).format("en_GB") == "€1,234.50"


@pytest.mark.parametrize(
    ("typed", "minor"),
    [("1 234,50", 123450), ("1234.5", 123450), ("12 €", 1200), ("0,01", 1), ("1\u202f000", 100000)],
)
def test_money_parses_what_users_type(typed, minor):
    assert Money.parse(typed).minor == minor


@pytest.mark.parametrize("typed", ["", "abc", "1,234", "12,345", "NaN"])
def test_money_refuses_garbage_with_a_field(typed):
    with pytest.raises(ValidationError) as err:
        Money.parse(typed)
    assert err.value.field == "amount"


def test_money_rounds_half_up_to_the_cent():
    assert Money.from_decimal(Decimal("2.345")).minor == 235
    assert Money.from_decimal(Decimal("-2.345")).minor == -235


def test_money_refuses_mixing_currencies_and_floats():
    with pytest.raises(ValueError):
        Money(100, "EUR") + Money(100, "USD")
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_money_format_parse_round_trip(minor):
    m = Money(minor)
    text = m.format("fr_FR").replace("\u00a0€", "")
    assert Money.parse(text).minor == minor


def test_siret_checks():
    assert ids.is_valid_siret("812 345 676 00017")
    assert not ids.is_valid_siret("81234567600018")
    assert not ids.is_valid_siret("8123456760001")
    assert ids.is_valid_siret("35600000000048")  # La Poste head office (Luhn)
    assert ids.is_valid_siret("35600000012346")  # La Poste branch: digit sum multiple of 5
    assert not ids.is_valid_siret("35600000012345")
    assert ids.is_valid_siren("812345676")
    assert ids.fr_vat_for_siren("812345676") == "FR19812345676"
    assert ids.is_valid_vat("FR19812345676")
    assert not ids.is_valid_vat("FR20812345676")


def test_contact_checks():
    assert ids.is_valid_email("a.b@example.fr")
    assert not ids.is_valid_email("a@b")
    assert ids.is_valid_phone("+33 4 78 42 17 90")
    assert not ids.is_valid_phone("call me")
    assert ids.is_valid_fr_postcode("69002")
    assert not ids.is_valid_fr_postcode("6900")


def test_stage_rules():
    check_transition(S.RECEIVED, S.ACKNOWLEDGED, "")
    assert needs_reason(S.RECEIVED, S.RESOLVED)
    with pytest.raises(ValidationError) as err:
        check_transition(S.RECEIVED, S.RESOLVED, "  ")
    assert err.value.field == "reason"
    check_transition(S.RECEIVED, S.RESOLVED, "Customer withdrew at once")
    with pytest.raises(ValidationError):
        check_transition(S.RESOLVED, S.RESOLVED, "x")
    assert needs_reason(S.RESOLVED, S.NEGOTIATION)  # reopening needs a reason
