"""Input checks shared by the services: each raises ValidationError naming the field."""

from __future__ import annotations

from datetime import UTC, date, datetime

from disputedesk.domain import identifiers as ids
from disputedesk.domain.errors import ValidationError
from disputedesk.i18n import N_

# The oldest and newest dates a dispute tool has any business recording.
MIN_DATE = date(1970, 1, 1)
MAX_DATE = date(2200, 12, 31)


def clean(text: str | None, field: str, *, max_len: int, required: bool = False) -> str:
    value = (text or "").strip()
    if "\x00" in value:
        raise ValidationError(N_("This text contains an invalid character."), field=field)
    if required and not value:
        raise ValidationError(N_("This field is required."), field=field)
    if len(value) > max_len:
        raise ValidationError(
            N_("This text is too long ({length} characters, at most {max})."),
            field=field,
            length=len(value),
            max=max_len,
        )
    return value


def check_siret(value: str, field: str = "siret") -> str:
    v = ids.digits_only(value)
    if v and not ids.is_valid_siret(v):
        raise ValidationError(
            N_("This SIRET number is not valid (14 digits with a correct check digit)."),
            field=field,
        )
    return v


def check_email(value: str, field: str = "email") -> str:
    v = clean(value, field, max_len=254)
    if v and not ids.is_valid_email(v):
        raise ValidationError(N_("This e-mail address does not look right."), field=field)
    return v


def check_phone(value: str, field: str = "phone") -> str:
    v = clean(value, field, max_len=40)
    if v and not ids.is_valid_phone(v):
        raise ValidationError(N_("This phone number does not look right."), field=field)
    return v


def check_postcode(value: str, country: str, field: str = "postcode") -> str:
    v = clean(value, field, max_len=20)
    if v and country == "FR" and not ids.is_valid_fr_postcode(v):
        raise ValidationError(N_("A French postal code has 5 digits."), field=field)
    return v


def check_country(value: str, field: str = "country") -> str:
    v = (value or "FR").strip().upper()
    if len(v) != 2 or not v.isascii() or not v.isalpha():
        raise ValidationError(N_("Use a two-letter country code (FR, BE, CH…)."), field=field)
    return v


def check_date(value: date, field: str) -> date:
    if not isinstance(value, date):
        raise ValidationError(N_("This is not a valid date."), field=field)
    d = value.date() if isinstance(value, datetime) else value
    if not (MIN_DATE <= d <= MAX_DATE):
        raise ValidationError(
            N_("This date is out of range: {date}."), field=field, date=d.isoformat()
        )
    return d


def check_aware(value: datetime, field: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(N_("This is not a valid date and time."), field=field)
    check_date(value.date(), field)
    return value.astimezone(UTC)


def parse_iso_date(text: str, field: str) -> date:
    try:
        return check_date(date.fromisoformat((text or "").strip()), field)
    except ValueError as exc:
        raise ValidationError(
            N_("This is not a valid date: {value}."), field=field, value=text
        ) from exc
