"""Checks of French business identifiers, e-mail, phone and postal codes."""

from __future__ import annotations

import re

# La Poste's SIREN is the historical exception to the Luhn check: its establishments' SIRETs
# are valid when the sum of their digits is a multiple of 5 (INSEE rule).
_LA_POSTE_SIREN = "356000000"
_EMAIL_RE = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[A-Za-z]{2,}$")
_PHONE_RE = re.compile(r"^\+?[0-9 .()\-]{6,20}$")


def digits_only(text: str) -> str:
    return re.sub(r"[\s.\-]", "", text or "")


def luhn_ok(number: str) -> bool:
    if not (number.isascii() and number.isdigit()):  # "²".isdigit() is True, int("²") fails
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_valid_siren(value: str) -> bool:
    v = digits_only(value)
    return len(v) == 9 and v.isascii() and luhn_ok(v)


def is_valid_siret(value: str) -> bool:
    v = digits_only(value)
    if len(v) != 14 or not v.isascii() or not v.isdigit():
        return False
    if luhn_ok(v):
        return True
    return v.startswith(_LA_POSTE_SIREN) and sum(int(c) for c in v) % 5 == 0


def fr_vat_for_siren(siren: str) -> str:
    """The French intra-EU VAT number of a SIREN: key = (12 + 3 × (SIREN mod 97)) mod 97."""
    s = int(digits_only(siren))
    return f"FR{(12 + 3 * (s % 97)) % 97:02d}{s:09d}"


def is_valid_vat(value: str) -> bool:
    v = digits_only(value).upper()
    if len(v) < 4 or not v[:2].isalpha() or not v.isascii() or not v.isalnum():
        return False
    if v.startswith("FR"):
        if len(v) != 13:
            return False
        siren = v[4:]
        if not siren.isdigit():
            return False
        if v[2:4].isdigit():
            return v == fr_vat_for_siren(siren)
        return True  # Old alphanumeric keys exist; we cannot check them offline.
    return 4 <= len(v) <= 16


def is_valid_email(value: str) -> bool:
    return bool(_EMAIL_RE.match(value or "")) and len(value) <= 254


def is_valid_phone(value: str) -> bool:
    return bool(_PHONE_RE.match(value or "")) and sum(c.isdigit() for c in value) >= 6


def is_valid_fr_postcode(value: str) -> bool:
    v = (value or "").strip()
    return len(v) == 5 and v.isascii() and v.isdigit() and v != "00000"
