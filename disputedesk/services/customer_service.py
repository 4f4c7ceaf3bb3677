"""Customers: create, edit, search, archive."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy import text as sql_text

from disputedesk.domain.enums import CustomerKind, DisputeStage
from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.records import Customer, CustomerDraft
from disputedesk.i18n import N_, SUPPORTED_LANGUAGES
from disputedesk.models import CustomerRow, DisputeRow
from disputedesk.services import convert
from disputedesk.services import validate as v
from disputedesk.services.search_service import match_expression
from disputedesk.storage.store import Store

CLOSED = (DisputeStage.RESOLVED.value, DisputeStage.ABANDONED.value)


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    customer: Customer
    open_disputes: int
    amount_at_stake_minor: int


@dataclass(frozen=True, slots=True)
class CustomerListRow:
    """One line of the customer list: what it shows, nothing else (see `list_rows`)."""

    id: int
    company: str
    last_name: str
    first_name: str
    email: str
    phone: str
    city: str
    archived: bool
    open_disputes: int
    amount_at_stake_minor: int
    # Where the row stands in the order it was listed in (its sort keys, its id last): given
    # back to `list_rows` as `after`, it lists the rows that follow.
    place: tuple[str | int, ...] = ()


class CustomerSort(StrEnum):
    """Orders the customer list can be sorted in (done by SQL, never in memory)."""

    NAME = "name"
    COMPANY = "company"
    EMAIL = "email"
    PHONE = "phone"
    CITY = "city"
    OPEN_DISPUTES = "open_disputes"
    AMOUNT = "amount"


@dataclass(frozen=True, slots=True)
class CustomerQuery:
    text: str = ""
    include_archived: bool = False
    sort: CustomerSort = CustomerSort.NAME
    descending: bool = False


def _like(term: str) -> str:
    return f"%{term.replace('\\', '\\\\').replace('%', '\\%').replace('_', '\\_')}%"


_PHONE_LIKE = re.compile(r"[\d\s.+()\-]+")


def _matching(q, text: str):
    """Restrict `q` to customers matching `text` (search as you type).

    Through the full-text index (migration 0005; same words and prefix rule as the global
    search): every word typed must begin a word of the name, company, e-mail, phone, city,
    postcode or SIRET, the last one as a prefix. Besides: a dispute reference fragment, a phone
    number typed without its spaces, and a single letter as the start of the name. A LIKE scan
    of every column took 70-650 ms on 100,000 customers; the index answers in a few ms.
    """
    term = (text or "").strip()
    if not term:
        return q
    conditions = []
    expr = match_expression(term)
    if expr is not None:
        ids = sql_text("SELECT rowid FROM search_customer WHERE search_customer MATCH :fts")
        conditions.append(CustomerRow.id.in_(ids.bindparams(fts=expr).columns(rowid=Integer)))
    elif len(term) == 1:
        first = term.casefold()
        conditions.append(
            and_(CustomerRow.sort_name >= first, CustomerRow.sort_name < chr(ord(first) + 1))
        )
    if len(term) >= 2:
        by_ref = select(DisputeRow.customer_id).where(
            DisputeRow.reference.like(_like(term), escape="\\")
        )
        conditions.append(CustomerRow.id.in_(by_ref))
    digits = re.sub(r"\D", "", term)
    if len(digits) >= 4 and _PHONE_LIKE.fullmatch(term):
        # "0612345678" finds "06 12 34 56 78": digits by pairs, anything between them (one
        # LIKE per row; stripping the spaces with replace() cost three times as much).
        pairs = [digits[i : i + 2] for i in range(0, len(digits), 2)]
        conditions.append(CustomerRow.phone.like("%" + "%".join(pairs) + "%"))
    if not conditions:
        return q.where(false())
    return q.where(or_(*conditions))


def _validated(d: CustomerDraft) -> dict:
    kind = CustomerKind(d.kind)
    country = v.check_country(d.address.country)
    values = dict(
        kind=kind.value,
        title=v.clean(d.title, "title", max_len=40),
        first_name=v.clean(d.first_name, "first_name", max_len=100),
        last_name=v.clean(d.last_name, "last_name", max_len=100),
        company=v.clean(d.company, "company", max_len=200),
        siret=v.check_siret(d.siret),
        address_line1=v.clean(d.address.line1, "address_line1", max_len=200),
        address_line2=v.clean(d.address.line2, "address_line2", max_len=200),
        postcode=v.check_postcode(d.address.postcode, country),
        city=v.clean(d.address.city, "city", max_len=100),
        country=country,
        email=v.check_email(d.email),
        phone=v.check_phone(d.phone),
        language=d.language if d.language in SUPPORTED_LANGUAGES else "",
        notes=v.clean(d.notes, "notes", max_len=100_000),
    )
    if not values["language"]:
        raise ValidationError(N_("Unsupported language."), field="language")
    if kind is CustomerKind.PROFESSIONAL and not values["company"]:
        raise ValidationError(
            N_("Enter the company name of a professional customer."), field="company"
        )
    if kind is CustomerKind.INDIVIDUAL and not values["last_name"]:
        raise ValidationError(N_("Enter the customer's last name."), field="last_name")
    values["sort_name"] = " ".join(
        p for p in (values["company"], values["last_name"], values["first_name"]) if p
    ).casefold()
    return values


def _totals_by_customer():
    """Open disputes and amount at stake per customer who has open disputes.

    Grouped by `customer_id + 0` on purpose: grouped by the bare column, SQLite walks the
    customer_id index and looks every dispute up in the table in that order (50 ms for 30,000
    disputes); the expression makes it read the table in order and group in a temporary
    b-tree (18 ms), same groups.
    """
    return (
        select(
            DisputeRow.customer_id.label("customer_id"),
            func.count(DisputeRow.id).label("n"),
            func.sum(DisputeRow.amount_minor).label("amount"),
        )
        .where(DisputeRow.stage.not_in(CLOSED), DisputeRow.customer_id.is_not(None))
        .group_by(DisputeRow.customer_id + literal_column("0"))
        .subquery()
    )


def _by_name(query: CustomerQuery) -> ColumnElement:
    """The name key of the list's order. While searching, the matches are fetched by id and
    sorted: `+ ""` keeps SQLite from walking a sort index (migration 0007) and testing every
    customer in index order until a page is full. Without a search, the index gives the page
    without sorting 100,000 rows."""
    if len(query.text.strip()) >= 2:
        return CustomerRow.sort_name + ""
    return CustomerRow.sort_name


def _order(query: CustomerQuery) -> list[tuple[ColumnElement, bool]]:
    """The list's order by a column, first key first: (expression, descending)."""
    sort = CustomerSort(query.sort)
    searching = len(query.text.strip()) >= 2
    column = {
        CustomerSort.NAME: CustomerRow.sort_name,
        CustomerSort.COMPANY: CustomerRow.company,
        CustomerSort.EMAIL: CustomerRow.email,
        CustomerSort.PHONE: CustomerRow.phone,
        CustomerSort.CITY: CustomerRow.city,
    }[sort]
    order = [(column + "" if searching else column, query.descending)]
    if sort is not CustomerSort.NAME:
        order.append((_by_name(query), False))  # ties in a stable, readable order
    order.append((CustomerRow.id, query.descending))
    return order


def _beyond(order: list[tuple[ColumnElement, bool]], place: tuple[str | int, ...]):
    """The rows after `place` in `order` (keyset paging: a seek in the sort index instead of
    counting rows from the top). On 100,000 customers a page's id query by OFFSET took
    18 ms at row 12,000 and 145 ms at row 99,000, by seek 0.3 ms at any depth. Written key
    by key because the keys do not all run the same way; the first key's bound alone lets
    SQLite seek."""
    if len(place) != len(order):
        raise ValueError("a place from another order")
    terms = []
    for i, (expr, descending) in enumerate(order):
        same = [e == value for (e, _d), value in zip(order[:i], place[:i], strict=True)]
        terms.append(and_(*same, expr < place[i] if descending else expr > place[i]))
    first, descending = order[0]
    bound = first <= place[0] if descending else first >= place[0]
    return and_(bound, or_(*terms))


def _page_ids(query: CustomerQuery, offset: int, limit: int, after=None):
    """One page of the customer list sorted by a column: the ids in order, each followed by
    its sort keys (only the sort key is computed for every matching customer; counts and
    amounts are looked up for the page's rows only). `after`: the place of the row before
    the page; `offset` is then not used."""
    order = _order(query)
    ids_q = select(CustomerRow.id, *(expr for expr, _d in order[:-1]))
    if not query.include_archived:
        ids_q = ids_q.where(CustomerRow.archived.is_(False))
    ids_q = _matching(ids_q, query.text)
    if after is not None:
        ids_q = ids_q.where(_beyond(order, after))
        offset = 0
    by = [expr.desc() if descending else expr.asc() for expr, descending in order]
    return ids_q.order_by(*by).offset(max(0, offset)).limit(max(0, limit))


_BY_TOTALS = (CustomerSort.OPEN_DISPUTES, CustomerSort.AMOUNT)


def _page_id_list(
    s, query: CustomerQuery, offset: int, limit: int, after=None
) -> list[tuple[int, tuple[str | int, ...]]]:
    """The ids of one page, in the list's order, each with its place."""
    if CustomerSort(query.sort) not in _BY_TOTALS:
        return [
            (ident, (*keys, ident))
            for ident, *keys in s.execute(_page_ids(query, offset, limit, after)).all()
        ]
    return _page_ids_by_totals(s, query, max(0, offset), max(0, limit), after)


def _page_ids_by_totals(
    s, query: CustomerQuery, offset: int, limit: int, after=None
) -> list[tuple[int, tuple[str | int, ...]]]:
    """A page sorted by open disputes or amount at stake, without sorting every customer.

    Joining the totals to all 100,000 customers and sorting them all by the total took
    120-270 ms. But most customers have no open dispute: their key is 0, and among them the
    order is the name order the name index already has. So the list is two runs, read one
    after the other: the customers whose total is above 0 (a few thousand, sorted by total),
    and the others walking the name index (first when ascending, last when descending). A
    total is never below 0: counts cannot be, and DisputeService refuses negative amounts.
    """
    sort = CustomerSort(query.sort)
    totals = _totals_by_customer()
    key = totals.c.n if sort is CustomerSort.OPEN_DISPUTES else totals.c.amount
    by_name = _by_name(query)
    last = (CustomerRow.id, query.descending)

    def filtered(q):
        if not query.include_archived:
            q = q.where(CustomerRow.archived.is_(False))
        return _matching(q, query.text)

    # Each run selects the row's place (total, name, id): 0 stands for the total of the
    # customers of the zero run.
    above = filtered(
        select(CustomerRow.id, key, by_name).join(totals, totals.c.customer_id == CustomerRow.id)
    ).where(key > 0)
    zero = filtered(select(CustomerRow.id, literal(0), by_name)).where(
        CustomerRow.id.not_in(select(totals.c.customer_id).where(key > 0))
    )
    runs = [
        (above, [(key, query.descending), (by_name, False), last]),
        (zero, [(by_name, False), last]),
    ]
    if not query.descending:
        runs.reverse()

    def read(run, q, count: int):
        by = [expr.desc() if descending else expr.asc() for expr, descending in run[1]]
        rows = s.execute(q.order_by(*by).limit(count)).all()
        return [(ident, (total, name, ident)) for ident, total, name in rows]

    first, second = runs  # each: (query, order)
    if after is not None:  # where the row before the page stands (keyset: as in _beyond)
        in_first = (after[0] > 0) == (first[0] is above)
        run = first if in_first else second
        place = after if run[0] is above else after[1:]
        page = read(run, run[0].where(_beyond(run[1], place)), limit)
        if in_first and len(page) < limit:
            page += read(second, second[0], limit - len(page))
        return page
    page = read(first, first[0].offset(offset), limit)
    if len(page) == limit:
        return page
    if page or offset == 0:
        in_first = offset + len(page)
    else:  # the page starts past the first run: how long is it?
        in_first = s.scalar(select(func.count()).select_from(first[0].subquery()))
    return page + read(second, second[0].offset(max(0, offset - in_first)), limit - len(page))


def _open_totals():
    """Open-dispute count and amount at stake of the customer row being selected."""
    open_disputes = DisputeRow.stage.not_in(CLOSED)
    n_open = (
        select(func.count(DisputeRow.id))
        .where(DisputeRow.customer_id == CustomerRow.id, open_disputes)
        .correlate(CustomerRow)
        .scalar_subquery()
    )
    at_stake = (
        select(func.coalesce(func.sum(DisputeRow.amount_minor), 0))
        .where(DisputeRow.customer_id == CustomerRow.id, open_disputes)
        .correlate(CustomerRow)
        .scalar_subquery()
    )
    return n_open, at_stake


def _chunks(ids: list[int], size: int = 500):
    """Slices of `ids` under SQLite's bound-variable limit (a refresh may ask for many)."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class CustomerService:
    def __init__(self, store: Store) -> None:
        self._store = store

    @staticmethod
    def check(draft: CustomerDraft) -> None:
        """Validate a draft without saving (no I/O): raises what `create` would raise."""
        _validated(draft)

    def create(self, draft: CustomerDraft) -> Customer:
        values = _validated(draft)
        with self._store.transaction() as s:
            row = CustomerRow(**values)
            s.add(row)
            s.flush()
            return convert.customer(row)

    def update(self, customer_id: int, draft: CustomerDraft) -> Customer:
        values = _validated(draft)
        with self._store.transaction() as s:
            row = self._row(s, customer_id)
            for key, value in values.items():
                setattr(row, key, value)
            s.flush()
            return convert.customer(row)

    def get(self, customer_id: int) -> Customer:
        with self._store.read() as s:
            return convert.customer(self._row(s, customer_id))

    def set_archived(self, customer_id: int, archived: bool) -> Customer:
        with self._store.transaction() as s:
            row = self._row(s, customer_id)
            row.archived = archived
            s.flush()
            return convert.customer(row)

    def search(
        self,
        text: str = "",
        *,
        include_archived: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[CustomerSummary]:
        """Customers matching `text` in name, company, e-mail, phone, city or dispute reference."""
        open_count = (
            select(
                DisputeRow.customer_id,
                func.count(DisputeRow.id).label("n"),
                func.coalesce(func.sum(DisputeRow.amount_minor), 0).label("amount"),
            )
            .where(DisputeRow.stage.not_in(CLOSED))
            .group_by(DisputeRow.customer_id)
            .subquery()
        )
        q = select(
            CustomerRow,
            func.coalesce(open_count.c.n, 0),
            func.coalesce(open_count.c.amount, 0),
        ).outerjoin(open_count, open_count.c.customer_id == CustomerRow.id)
        if not include_archived:
            q = q.where(CustomerRow.archived.is_(False))
        q = _matching(q, text)
        q = q.order_by(CustomerRow.sort_name, CustomerRow.id).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self._store.read() as s:
            return [
                CustomerSummary(convert.customer(row), int(n), int(amount))
                for row, n, amount in s.execute(q).all()
            ]

    def page(
        self, query: CustomerQuery, offset: int = 0, limit: int = 200
    ) -> list[CustomerSummary]:
        """One page of the customer list, filtered and sorted by SQL, with whole customers.

        Two steps: the page's ids in order (only the sort key is computed for every matching
        customer), then the page's rows with their open-dispute counts and amounts (one
        indexed lookup per shown customer). Computing the counts inside the sorted query made
        SQLite evaluate them for all 100,000 customers.
        """
        n_open, at_stake = _open_totals()
        with self._store.read() as s:
            ids = [ident for ident, _place in _page_id_list(s, query, offset, limit)]
            by_id = {}
            for chunk in _chunks(ids):
                for row, n, amount in s.execute(
                    select(CustomerRow, n_open, at_stake).where(CustomerRow.id.in_(chunk))
                ).all():
                    by_id[row.id] = CustomerSummary(convert.customer(row), int(n), int(amount))
        return [by_id[i] for i in ids if i in by_id]

    def list_rows(
        self,
        query: CustomerQuery,
        offset: int = 0,
        limit: int = 200,
        *,
        after: tuple[str | int, ...] | None = None,
    ) -> list[CustomerListRow]:
        """The same page as `page`, with only what the list shows.

        The list's worker calls this while the user scrolls: plain column tuples instead of
        ORM objects and whole customers cut its Python time (which holds the GIL the GUI
        thread needs to paint) from about 15 ms to about 3 ms a page of 200.

        `after`: the `place` of the last row of the previous page. The page then starts right
        after that row, found by a seek in the sort index whatever its depth, and `offset`
        is not used.
        """
        n_open, at_stake = _open_totals()
        c = CustomerRow
        columns = (c.id, c.company, c.last_name, c.first_name, c.email, c.phone, c.city)
        with self._store.read() as s:
            places = dict(_page_id_list(s, query, offset, limit, after))  # in the list's order
            by_id = {}
            for chunk in _chunks(list(places)):
                rows = s.execute(
                    select(*columns, c.archived, n_open, at_stake).where(c.id.in_(chunk))
                )
                for ident, *texts, archived, n, amount in rows:
                    by_id[ident] = CustomerListRow(
                        ident, *texts, bool(archived), int(n), int(amount), place=places[ident]
                    )
        return [by_id[ident] for ident in places if ident in by_id]

    def count_matching(self, query: CustomerQuery) -> int:
        """How many customers `page` would list in all."""
        q = select(func.count(CustomerRow.id))
        if not query.include_archived:
            q = q.where(CustomerRow.archived.is_(False))
        q = _matching(q, query.text)
        with self._store.read() as s:
            return int(s.scalar(q) or 0)

    def count(self, *, include_archived: bool = False) -> int:
        q = select(func.count(CustomerRow.id))
        if not include_archived:
            q = q.where(CustomerRow.archived.is_(False))
        with self._store.read() as s:
            return int(s.scalar(q) or 0)

    @staticmethod
    def _row(s, customer_id: int) -> CustomerRow:
        row = s.get(CustomerRow, customer_id)
        if row is None:
            raise NotFoundError(N_("This customer does not exist (any more)."), field="customer")
        return row
