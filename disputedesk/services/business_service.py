"""The shop's business profile (letterhead, legal mentions, defaults)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from disputedesk.domain.errors import ValidationError
from disputedesk.domain.identifiers import digits_only, is_valid_vat
from disputedesk.domain.records import BusinessProfile
from disputedesk.i18n import N_, SUPPORTED_LANGUAGES
from disputedesk.models import BusinessProfileRow
from disputedesk.services import convert
from disputedesk.services import validate as v
from disputedesk.storage.store import Store

IMAGE_TYPES = ("image/png", "image/jpeg")
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class BusinessService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self) -> BusinessProfile:
        with self._store.read() as s:
            return convert.business(s.get(BusinessProfileRow, 1))

    def check(self, p: BusinessProfile) -> None:
        """Validate a profile without saving (no I/O): raises what `save` would raise."""
        self._values(p)

    def save(self, p: BusinessProfile) -> BusinessProfile:
        values = self._values(p)
        with self._store.transaction() as s:
            row = s.get(BusinessProfileRow, 1)
            if row is None:
                row = BusinessProfileRow(id=1)
                s.add(row)
            for key, value in values.items():
                setattr(row, key, value)
            s.flush()
            return convert.business(row)

    def _values(self, p: BusinessProfile) -> dict:
        country = v.check_country(p.address.country, "country")
        return dict(
            trade_name=v.clean(p.trade_name, "trade_name", max_len=200, required=True),
            legal_name=v.clean(p.legal_name, "legal_name", max_len=200),
            legal_form=v.clean(p.legal_form, "legal_form", max_len=60),
            address_line1=v.clean(p.address.line1, "address_line1", max_len=200),
            address_line2=v.clean(p.address.line2, "address_line2", max_len=200),
            postcode=v.check_postcode(p.address.postcode, country),
            city=v.clean(p.address.city, "city", max_len=100),
            country=country,
            siret=v.check_siret(p.siret),
            trade_register=v.clean(p.trade_register, "trade_register", max_len=120),
            vat_number=self._vat(p.vat_number),
            phone=v.check_phone(p.phone),
            email=v.check_email(p.email),
            website=v.clean(p.website, "website", max_len=254),
            signatory_name=v.clean(p.signatory_name, "signatory_name", max_len=200),
            mediator_name=v.clean(p.mediator.name, "mediator_name", max_len=200),
            mediator_address=v.clean(p.mediator.address, "mediator_address", max_len=1000),
            mediator_website=v.clean(p.mediator.website, "mediator_website", max_len=254),
            default_language=self._lang(p.default_language),
            payment_terms_days=self._terms(p.payment_terms_days),
            late_penalty_rate_bp=self._rate(p.late_penalty_rate_bp),
            response_time_hours=self._hours(p.response_time_hours),
            currency=v.clean(p.currency, "currency", max_len=3, required=True).upper(),
            logo_sha256=p.logo_sha256,
            signature_sha256=p.signature_sha256,
        )

    def store_image(self, path: Path, field: str) -> str:
        """Copy a logo or signature image into the store; returns its hash."""
        media = mimetypes.guess_type(path.name)[0]
        if media not in IMAGE_TYPES:
            raise ValidationError(
                N_("{file} is not a PNG or JPEG image."), field=field, file=path.name
            )
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ValidationError(
                N_("{file} cannot be read."), field=field, file=path.name
            ) from exc
        if size == 0 or size > MAX_IMAGE_BYTES:
            raise ValidationError(
                N_("{file} must be an image of at most 5 MB."), field=field, file=path.name
            )
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path) as img:
                img.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise ValidationError(
                N_("{file} is damaged or is not an image."), field=field, file=path.name
            ) from exc
        return self._store.attachments.put_file(path).sha256

    def image_path(self, sha256: str | None) -> Path | None:
        if not sha256:
            return None
        path = self._store.attachments.path_for(sha256)
        return path if path.is_file() else None

    @staticmethod
    def _vat(value: str) -> str:
        vat = digits_only(value).upper()
        if vat and not is_valid_vat(vat):
            raise ValidationError(N_("This VAT number is not valid."), field="vat_number")
        return vat

    @staticmethod
    def _lang(value: str) -> str:
        if value not in SUPPORTED_LANGUAGES:
            raise ValidationError(N_("Unsupported language."), field="default_language")
        return value

    @staticmethod
    def _terms(days: int) -> int:
        # Code de commerce L441-10 I: at most 60 days from the invoice date.
        if not isinstance(days, int) or not 0 <= days <= 60:
            raise ValidationError(
                N_("Payment terms must be between 0 and 60 days (Code de commerce L441-10)."),
                field="payment_terms_days",
            )
        return days

    @staticmethod
    def _rate(bp: int | None) -> int | None:
        if bp is not None and (not isinstance(bp, int) or not 0 <= bp <= 10000):
            raise ValidationError(
                N_("The late penalty rate must be between 0 and 100 %."),
                field="late_penalty_rate_bp",
            )
        return bp

    @staticmethod
    def _hours(hours: int) -> int:
        if not isinstance(hours, int) or not 1 <= hours <= 24 * 30:
            raise ValidationError(
                N_("The response time must be between 1 hour and 30 days."),
                field="response_time_hours",
            )
        return hours
