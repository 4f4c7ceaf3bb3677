"""Generated documents: the PDF is stored once, by hash, and its record never changes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from disputedesk.domain.errors import NotFoundError
from disputedesk.domain.records import Document
from disputedesk.i18n import N_
from disputedesk.models import DisputeRow, DocumentRow
from disputedesk.services import convert
from disputedesk.services import validate as v
from disputedesk.storage.store import Store


class DocumentService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def record(
        self,
        pdf: bytes,
        *,
        kind: str,
        language: str,
        title: str,
        file_name: str,
        dispute_id: int | None = None,
        session=None,
    ) -> Document:
        """Store `pdf` and its record. Pass `session` to join a caller's unit of work."""
        if not pdf.startswith(b"%PDF-"):
            raise ValueError("not a PDF")
        stored = self._store.documents.put_bytes(pdf)
        values = dict(
            dispute_id=dispute_id,
            kind=v.clean(kind, "kind", max_len=40, required=True),
            language=language,
            title=v.clean(title, "title", max_len=300),
            sha256=stored.sha256,
            file_name=v.clean(file_name, "file_name", max_len=255, required=True),
            size=stored.size,
        )
        if session is not None:
            return self._insert(session, values)
        with self._store.transaction() as s:
            return self._insert(s, values)

    @staticmethod
    def _insert(s, values: dict) -> Document:
        if values["dispute_id"] is not None and s.get(DisputeRow, values["dispute_id"]) is None:
            raise NotFoundError(N_("This dispute does not exist (any more)."), field="dispute")
        row = DocumentRow(**values)
        s.add(row)
        s.flush()
        return convert.document(row)

    def get(self, document_id: int) -> Document:
        with self._store.read() as s:
            row = s.get(DocumentRow, document_id)
            if row is None:
                raise NotFoundError(N_("This document does not exist."), field="document")
            return convert.document(row)

    def list(self, dispute_id: int) -> list[Document]:
        with self._store.read() as s:
            rows = s.scalars(
                select(DocumentRow)
                .where(DocumentRow.dispute_id == dispute_id)
                .order_by(DocumentRow.created_at, DocumentRow.id)
            )
            return [convert.document(r) for r in rows]

    def path(self, document: Document) -> Path:
        path = self._store.documents.path_for(document.sha256)
        if not path.is_file():
            raise NotFoundError(
                N_("The file of {file} is missing from the store."),
                field="document",
                file=document.file_name,
            )
        return path
