"""full-text search index

Global search (Ctrl+K) over customers, disputes and journal text: one external-content FTS5
table per source table (the text stays in the source table, the index holds only postings),
kept in sync by triggers, filled by a 'rebuild' here.

- tokenizer unicode61 with remove_diacritics 2: "societe" finds "Société";
- prefix indexes of 2 and 3 characters: search-as-you-type on short prefixes stays fast;
- triggers on UPDATE fire only when an indexed column changes (a stage change costs nothing).

Kept in step with disputedesk/services/search_service.py (SOURCES), which re-creates the
triggers if a later batch migration rebuilt one of the source tables (that drops triggers).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:12:38.041239
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SOURCES = {
    "search_customer": (
        "customer",
        ("first_name", "last_name", "company", "email", "phone", "city", "postcode", "siret"),
    ),
    "search_dispute": ("dispute", ("reference", "title", "description", "customer_request")),
    "search_journal": ("journal_entry", ("summary", "body")),
}


def _statements(name: str, table: str, cols: tuple[str, ...]) -> list[str]:
    col_list = ", ".join(cols)
    new = ", ".join(f"new.{c}" for c in cols)
    old = ", ".join(f"old.{c}" for c in cols)
    return [
        f"CREATE VIRTUAL TABLE {name} USING fts5({col_list}, content='{table}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
        f"CREATE TRIGGER {name}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {name}(rowid, {col_list}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {name}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {col_list}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {name}_au AFTER UPDATE OF {col_list} ON {table} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {col_list}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {name}(rowid, {col_list}) VALUES (new.id, {new}); END",
        f"INSERT INTO {name}({name}) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    for name, (table, cols) in SOURCES.items():
        for statement in _statements(name, table, cols):
            op.execute(statement)


def downgrade() -> None:
    for name, (table, _cols) in SOURCES.items():
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {name}")
