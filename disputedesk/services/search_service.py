"""Global search: customers, disputes and journal text at once, through the FTS5 index.

The index (migration 0005) is external-content: it holds postings only, the text stays in
the source tables, triggers keep it in step. What the user types is never passed to FTS5 as
syntax: it is cut into words (letters and digits, the way the index's tokenizer cuts them)
and each word is quoted, so quotes, apostrophes, AND/OR/NOT/NEAR, `*`, `^`, `:` or brackets
are plain text. The last word is a prefix (search as you type), unless every word is a lone
letter ("l'a"): those are whole words.

Results come newest first: ordering by rowid lets FTS5 stop after `limit` matches, where a
relevance sort would rank every match (seconds for a common word among a million entries).
Customers and disputes are re-ordered among the first candidates: whole-word matches first.

A prefix longer than the index's prefix indexes (2 and 3 characters) makes FTS5 merge the
postings of every term it covers into one list before returning the first row: 25-40 ms for
"remb" among a million entries, where "remboursement" alone is in half of them. So such a
prefix is replaced by the index's own terms that start with it (read from an fts5vocab
table), OR-ed: FTS5 then walks those postings newest first and stops after `limit`, with the
same matches. Past EXPAND_TERMS terms the prefix query stays (many terms: each one rarer).
The fts5vocab tables live in each connection's temp schema, created when the pool hands the
connection out for the first time (not inside a read: its rollback would drop them, and undoing
a schema change makes SQLite re-read the whole schema before the next statement).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, select, text

from disputedesk.domain.enums import Channel, DisputeStage
from disputedesk.models import CustomerRow, DisputeRow, JournalEntryRow
from disputedesk.storage.store import Store

# Same definitions as migration 0005 (which is frozen); used to re-create lost triggers.
SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "search_customer": (
        "customer",
        ("first_name", "last_name", "company", "email", "phone", "city", "postcode", "siret"),
    ),
    "search_dispute": ("dispute", ("reference", "title", "description", "customer_request")),
    "search_journal": ("journal_entry", ("summary", "body")),
}
MAX_WORDS = 8
PREFIX_INDEX_MAX = 3  # migration 0005: prefix='2 3'
EXPAND_TERMS = 16  # a longer prefix is replaced by its terms when it has at most this many
CANDIDATES = 60  # customers/disputes read to re-order by whole-word matches
SNIPPET_CHARS = 140
_WORD = re.compile(r"[^\W_]+")


class _FoldTable(dict):
    """str.translate table built as characters are met: base letter, lower case, one
    character for one (so positions in the folded text match the original)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        base = unicodedata.normalize("NFKD", c)[:1] or c
        low = base.lower()
        value = low if len(low) == 1 else base
        self[code] = value
        return value


_FOLD = _FoldTable()


def fold(value: str) -> str:
    """Lower case without accents, one character for one (positions stay valid)."""
    return value.translate(_FOLD)


def query_words(user_text: str) -> list[str]:
    """The words of a query as the index's tokenizer sees them (folded)."""
    words = [fold(w) for w in _WORD.findall(user_text or "")]
    words = [w for w in words if w]
    if any(len(w) > 1 for w in words):
        # "l'atelier", "d'accord": the lone letters would match nearly everything.
        words = [w for w in words if len(w) > 1]
    return words[:MAX_WORDS]


def match_expression(user_text: str) -> str | None:
    """A safe FTS5 MATCH expression for what the user typed; None when too short to search."""
    words = query_words(user_text)
    if not words or (len(words) == 1 and len(words[0]) < 2):
        return None
    # Words hold only letters and digits, so quoting them needs no escaping.
    parts = [f'"{w}"' for w in words]
    parts[-1] += "*"
    return " ".join(parts)


def expanded_expression(words: list[str], terms: list[str]) -> str:
    """The MATCH expression with the last (prefix) word replaced by the index terms that start
    with it: `"w1" AND ("t1" OR "t2")`. Terms come from the index, so hold no quote; doubled
    anyway, the FTS5 way of quoting one."""
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    last = quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"
    return " AND ".join([*(f'"{w}"' for w in words[:-1]), last])


def snippet(body: str, words: list[str], width: int = SNIPPET_CHARS) -> str:
    """A short extract of `body` around the first searched word, on one line."""
    flat = " ".join((body or "").split())
    if len(flat) <= width:
        return flat
    folded = fold(flat)
    positions = [p for p in (folded.find(w) for w in words) if p >= 0]
    start = max(0, min(positions) - width // 4) if positions else 0
    end = min(len(flat), start + width)
    start = max(0, end - width)
    piece = flat[start:end].strip()
    return ("…" if start > 0 else "") + piece + ("…" if end < len(flat) else "")


@dataclass(frozen=True, slots=True)
class CustomerHit:
    id: int
    name: str
    city: str
    email: str
    archived: bool


@dataclass(frozen=True, slots=True)
class DisputeHit:
    id: int
    reference: str
    title: str
    customer_name: str
    stage: DisputeStage


@dataclass(frozen=True, slots=True)
class JournalHit:
    id: int
    dispute_id: int
    reference: str
    occurred_at: datetime
    channel: Channel | None
    summary: str
    extract: str


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    customers: tuple[CustomerHit, ...] = ()
    disputes: tuple[DisputeHit, ...] = ()
    journal: tuple[JournalHit, ...] = ()
    # True when a group has more matches than shown.
    more_customers: bool = False
    more_disputes: bool = False
    more_journal: bool = False

    @property
    def searched(self) -> bool:
        return match_expression(self.query) is not None

    @property
    def empty(self) -> bool:
        return not (self.customers or self.disputes or self.journal)


def _name(company: str, first: str, last: str) -> str:
    person = " ".join(p for p in (first, last) if p)
    if company and person:
        return f"{company} ({person})"
    return company or person


def _whole_word_score(words: list[str], *fields: str) -> int:
    found = set(_WORD.findall(fold(" ".join(fields))))
    return sum(1 for w in words if w in found)


_VOCAB_READY = "disputedesk_search_vocab"


def _vocab(table: str) -> str:
    return f"temp.{table}_terms"


def _add_vocab_tables(dbapi_conn, record, _proxy) -> None:
    """Pool checkout hook: this connection's fts5vocab tables, once. Out of any transaction
    here (SQLAlchemy begins after checkout), so they stay for the connection's life."""
    if record.info.get(_VOCAB_READY):
        return
    cursor = dbapi_conn.cursor()
    try:
        for table in SOURCES:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {_vocab(table)} "
                f"USING fts5vocab(main, {table}, instance)"
            )
    except sqlite3.Error:
        return  # prefixes on this connection stay prefix queries (slower, same results)
    finally:
        cursor.close()
    record.info[_VOCAB_READY] = True


class SearchService:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._checked = False
        # Here rather than in storage/engine.py: only the search reads these tables.
        if not event.contains(store.engine, "checkout", _add_vocab_tables):
            event.listen(store.engine, "checkout", _add_vocab_tables)

    # --- Index health -------------------------------------------------------------------

    def ensure_index(self) -> list[str]:
        """Re-create the sync triggers a later batch migration may have dropped (rebuilding a
        source table drops its triggers) and rebuild that index. Returns what was repaired."""
        with self._store.read() as s:
            present = {
                row[0]
                for row in s.execute(
                    text("SELECT name FROM sqlite_master WHERE name LIKE 'search_%'")
                )
            }
        broken = [
            name
            for name in SOURCES
            if name in present
            and not all(f"{name}_{suffix}" in present for suffix in ("ai", "ad", "au"))
        ]
        if broken:
            with self._store.transaction() as s:
                for name in broken:
                    table, cols = SOURCES[name]
                    for statement in _trigger_statements(name, table, cols):
                        s.execute(text(statement))
                    s.execute(text(f"INSERT INTO {name}({name}) VALUES ('rebuild')"))
        self._checked = True
        return broken

    def warm_up(self) -> None:
        """Run each of the search's statements once, on no row. The first run of each in a
        process is 50-120 ms of SQLAlchemy compiling and setting up, which the popup has done
        here, off the GUI thread, when it opens, instead of on the first keystroke."""
        if not self._checked:
            self.ensure_index()
        with self._store.read() as s:
            for table in SOURCES:
                self._ids(s, table, '"0"', ["0"], 1)
            self._customer_rows(s, [0])
            self._dispute_rows(s, [0])
            self._journal_rows(s, [0])

    # --- Search -------------------------------------------------------------------------

    def search(self, user_text: str, *, limit: int = 8) -> SearchResults:
        expr = match_expression(user_text)
        if expr is None:
            return SearchResults(user_text)
        if not self._checked:
            self.ensure_index()
        words = query_words(user_text)
        with self._store.read() as s:
            customers, more_c = self._customers(s, expr, words, limit)
            disputes, more_d = self._disputes(s, expr, words, limit)
            journal, more_j = self._journal(s, expr, words, limit)
        return SearchResults(user_text, customers, disputes, journal, more_c, more_d, more_j)

    @staticmethod
    def _expression(s, table: str, expr: str, words: list[str]) -> str | None:
        """The expression to run on `table`: `expr`, or its last word expanded into the
        table's terms (module docstring). None when that word starts no term there."""
        prefix = words[-1]
        if len(prefix) < 2:
            # "l'a", every word a lone letter: "a"* has no prefix index and matches most of
            # an index (390 ms among a million entries). A lone letter is a whole word.
            return " AND ".join(f'"{w}"' for w in words)
        # Only a prefix the tokenizer keeps as it is (ASCII letters and digits, which French
        # words are once folded) is looked up as typed: `fold` and unicode61 part ways on
        # some other scripts, where the prefix query stays.
        if len(prefix) <= PREFIX_INDEX_MAX or not (prefix.isascii() and prefix.isalnum()):
            return expr
        connection = s.connection()
        if not connection.info.get(_VOCAB_READY):
            return expr
        # The driver's cursor: a statement through SQLAlchemy costs more than the seek itself.
        cursor = connection.connection.cursor()
        try:
            # One seek per distinct term ('instance' has a row per posting: never step on).
            terms: list[str] = []
            after = prefix
            while len(terms) <= EXPAND_TERMS:
                row = cursor.execute(
                    f"SELECT term FROM {_vocab(table)} WHERE term >= ? LIMIT 1", (after,)
                ).fetchone()
                if row is None or not row[0].startswith(prefix):
                    break
                terms.append(row[0])
                after = row[0] + "\x01"  # just past it: tokens hold no control character
        finally:
            cursor.close()
        if not terms:
            return None
        if len(terms) > EXPAND_TERMS:
            return expr
        return expanded_expression(words, terms)

    @classmethod
    def _ids(cls, s, table: str, expr: str, words: list[str], limit: int) -> list[int]:
        q = cls._expression(s, table, expr, words)
        if q is None:
            return []
        rows = s.execute(
            text(f"SELECT rowid FROM {table} WHERE {table} MATCH :q ORDER BY rowid DESC LIMIT :n"),
            {"q": q, "n": limit},
        )
        return [r[0] for r in rows]

    def _customers(self, s, expr, words, limit):
        ids = self._ids(s, "search_customer", expr, words, CANDIDATES)
        if not ids:
            return (), False
        rows = self._customer_rows(s, ids)
        rows.sort(
            key=lambda r: (
                r.archived,
                -_whole_word_score(words, r.company, r.first_name, r.last_name),
                -r.id,
            )
        )
        hits = tuple(
            CustomerHit(
                r.id, _name(r.company, r.first_name, r.last_name), r.city, r.email, r.archived
            )
            for r in rows[:limit]
        )
        return hits, len(ids) > limit

    def _disputes(self, s, expr, words, limit):
        ids = self._ids(s, "search_dispute", expr, words, CANDIDATES)
        if not ids:
            return (), False
        rows = self._dispute_rows(s, ids)
        rows.sort(
            key=lambda r: (
                DisputeStage(r.stage).is_closed,
                -_whole_word_score(words, r.reference, r.title),
                -r.id,
            )
        )
        hits = tuple(
            DisputeHit(
                r.id,
                r.reference,
                r.title,
                _name(r.company, r.first_name, r.last_name),
                DisputeStage(r.stage),
            )
            for r in rows[:limit]
        )
        return hits, len(ids) > limit

    def _journal(self, s, expr, words, limit):
        ids = self._ids(s, "search_journal", expr, words, limit + 1)
        if not ids:
            return (), False
        rows = self._journal_rows(s, ids[:limit])
        hits = tuple(
            JournalHit(
                r.id,
                r.dispute_id,
                r.reference,
                r.occurred_at,
                _channel(r.channel),
                r.summary,
                snippet(r.body, words),
            )
            for r in rows
        )
        return hits, len(ids) > limit

    @staticmethod
    def _customer_rows(s, ids: list[int]):
        return s.execute(
            select(
                CustomerRow.id,
                CustomerRow.company,
                CustomerRow.first_name,
                CustomerRow.last_name,
                CustomerRow.city,
                CustomerRow.email,
                CustomerRow.archived,
            ).where(CustomerRow.id.in_(ids))
        ).all()

    @staticmethod
    def _dispute_rows(s, ids: list[int]):
        return s.execute(
            select(
                DisputeRow.id,
                DisputeRow.reference,
                DisputeRow.title,
                DisputeRow.stage,
                CustomerRow.company,
                CustomerRow.first_name,
                CustomerRow.last_name,
            )
            .join(CustomerRow, CustomerRow.id == DisputeRow.customer_id)
            .where(DisputeRow.id.in_(ids))
        ).all()

    @staticmethod
    def _journal_rows(s, ids: list[int]):
        return s.execute(
            select(
                JournalEntryRow.id,
                JournalEntryRow.dispute_id,
                JournalEntryRow.occurred_at,
                JournalEntryRow.channel,
                JournalEntryRow.summary,
                JournalEntryRow.body,
                DisputeRow.reference,
            )
            .join(DisputeRow, DisputeRow.id == JournalEntryRow.dispute_id)
            .where(JournalEntryRow.id.in_(ids))
            .order_by(JournalEntryRow.id.desc())
        ).all()


def _channel(value: str) -> Channel | None:
    try:
        return Channel(value)
    except ValueError:  # a channel a newer version added
        return None


def _trigger_statements(name: str, table: str, cols: tuple[str, ...]) -> list[str]:
    col_list = ", ".join(cols)
    new = ", ".join(f"new.{c}" for c in cols)
    old = ", ".join(f"old.{c}" for c in cols)
    return [
        f"DROP TRIGGER IF EXISTS {name}_ai",
        f"DROP TRIGGER IF EXISTS {name}_ad",
        f"DROP TRIGGER IF EXISTS {name}_au",
        f"CREATE TRIGGER {name}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {name}(rowid, {col_list}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {name}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {col_list}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {name}_au AFTER UPDATE OF {col_list} ON {table} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {col_list}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {name}(rowid, {col_list}) VALUES (new.id, {new}); END",
    ]
