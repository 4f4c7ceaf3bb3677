"""Global search: a prefix longer than the index's prefix indexes is searched through the
index's own terms (fts5vocab), with exactly the matches of the prefix query it replaces."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from disputedesk.domain.enums import Channel, Direction, DisputeCategory
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft
from disputedesk.services.demo_service import seed_demo
from disputedesk.services.journal_service import EntryDraft
from disputedesk.services.search_service import (
    EXPAND_TERMS,
    SOURCES,
    SearchService,
    expanded_expression,
    match_expression,
    query_words,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def dispute(services):
    customer = services.customers.create(CustomerDraft(last_name="Garnier", first_name="Luc"))
    return services.disputes.open(
        DisputeDraft(
            customer_id=customer.id,
            category=DisputeCategory.PRODUCT_QUALITY,
            description="Lampe arrivée cassée.",
            amount=Money(4_500, "EUR"),
            title="Lampe cassée",
        )
    )


def add_entry(services, dispute, body: str, minutes: int = 0):
    return services.journal.add(
        EntryDraft(
            dispute_id=dispute.id,
            occurred_at=T0 + timedelta(minutes=minutes),
            channel=Channel.EMAIL,
            direction=Direction.INCOMING,
            summary="Message",
            body=body,
        )
    )


def expression(services, table: str, user_text: str) -> str | None:
    with services.store.read() as s:
        return SearchService._expression(
            s, table, match_expression(user_text), query_words(user_text)
        )


def ids(services, table: str, expr: str) -> list[int]:
    with services.store.read() as s:
        rows = s.execute(
            text(f"SELECT rowid FROM {table} WHERE {table} MATCH :q ORDER BY rowid DESC"),
            {"q": expr},
        )
        return [r[0] for r in rows]


def test_expanded_expression_quotes_terms_and_keeps_the_other_words():
    assert expanded_expression(["remb"], ["remboursement"]) == '"remboursement"'
    assert (
        expanded_expression(["lampe", "remb"], ["remballer", "remboursement"])
        == '"lampe" AND ("remballer" OR "remboursement")'
    )
    assert expanded_expression(["ab"], ['a"b']) == '"a""b"'


def test_a_long_prefix_becomes_the_terms_it_starts(services, dispute):
    a = add_entry(services, dispute, "Elle demande le remboursement.", 1)
    b = add_entry(services, dispute, "Nous allons rembourser la lampe.", 2)
    c = add_entry(services, dispute, "Il faut remballer le colis.", 3)
    add_entry(services, dispute, "Rendez-vous pris.", 4)
    assert (
        expression(services, "search_journal", "Remb")
        == '("remballer" OR "remboursement" OR "rembourser")'
    )
    assert [h.id for h in services.search.search("remb").journal] == [c.id, b.id, a.id]
    assert [h.id for h in services.search.search("rembours").journal] == [b.id, a.id]
    # Only the last word is a prefix; the others stay whole words.
    assert (
        expression(services, "search_journal", "lampe rembo")
        == '"lampe" AND ("remboursement" OR "rembourser")'
    )
    assert [h.id for h in services.search.search("lampe rembo").journal] == [b.id]
    # Up to the prefix indexes' length, and for a lone letter, no look-up.
    assert expression(services, "search_journal", "rem") == '"rem"*'
    assert expression(services, "search_journal", "l'a") == '"l" AND "a"'


def test_a_prefix_starting_no_term_searches_nothing_there(services, dispute):
    add_entry(services, dispute, "Colis perdu.")
    assert expression(services, "search_journal", "zzzz") is None
    assert expression(services, "search_customer", "colis") is None
    assert services.search.search("zzzz").empty
    assert [h.title for h in services.search.search("cassé").disputes] == ["Lampe cassée"]


def test_terms_written_since_the_last_search_are_found(services, dispute):
    add_entry(services, dispute, "Remboursement promis.")
    assert len(services.search.search("remb").journal) == 1
    later = add_entry(services, dispute, "Article remboursable selon les conditions.", 5)
    assert services.search.search("remb").journal[0].id == later.id
    assert len(services.search.search("remb").journal) == 2


def test_more_terms_than_the_limit_keep_the_prefix_query(services):
    made = [
        services.customers.create(CustomerDraft(last_name=f"Durand{i}", first_name="Zoé"))
        for i in range(EXPAND_TERMS + 1)
    ]
    assert expression(services, "search_customer", "dura") == '"dura"*'
    found = services.search.search("dura", limit=EXPAND_TERMS + 5).customers
    assert sorted(h.id for h in found) == sorted(c.id for c in made)
    few = services.search.search(f"durand{EXPAND_TERMS}", limit=50).customers
    assert [h.id for h in few] == [made[EXPAND_TERMS].id]


def test_a_prefix_outside_ascii_stays_a_prefix_query(services, dispute):
    entry = add_entry(services, dispute, "Une œuvre abîmée pendant le transport.")
    assert expression(services, "search_journal", "œuvr") == '"œuvr"*'
    assert [h.id for h in services.search.search("œuvr").journal] == [entry.id]


def test_lone_letters_are_whole_words(services):
    services.customers.create(CustomerDraft(last_name="Roy", company="L'Atelier"))
    boutique = services.customers.create(CustomerDraft(last_name="Roy", company="L'A Boutique"))
    assert [h.id for h in services.search.search("l'a").customers] == [boutique.id]
    assert expression(services, "search_customer", "l'a") == '"l" AND "a"'


def test_expansion_matches_the_prefix_query_on_the_sample_shop(services):
    """Every 4- to 6-letter prefix of every word of the sample shop, in every index: the
    expanded expression finds exactly the rows the prefix query finds."""
    seed_demo(services)
    checked = 0
    for table in SOURCES:
        with services.store.read() as s:
            terms = [r[0] for r in s.execute(text(f"SELECT DISTINCT term FROM temp.{table}_terms"))]
        prefixes = {t[:n] for t in terms for n in (4, 5, 6) if len(t) >= n and t.isascii()}
        assert prefixes
        for prefix in sorted(prefixes):
            expanded = expression(services, table, prefix)
            assert expanded is not None, prefix
            assert ids(services, table, expanded) == ids(services, table, f'"{prefix}"*'), prefix
            checked += expanded != f'"{prefix}"*'
    assert checked > 100


def test_term_tables_stay_out_of_the_store(services, dispute, data_paths):
    add_entry(services, dispute, "Remboursement promis.")
    for _ in range(2):  # the read's rollback keeps them: they are made outside any read
        assert len(services.search.search("remb").journal) == 1
        with services.store.read() as s:
            temp = {r[0] for r in s.execute(text("SELECT name FROM temp.sqlite_master"))}
            assert {f"{t}_terms" for t in SOURCES} <= temp
    with sqlite3.connect(data_paths.database) as con:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert not any(n.endswith("_terms") for n in names)


def test_warm_up_runs_every_statement_and_changes_nothing(services, dispute):
    services.search.warm_up()
    entry = add_entry(services, dispute, "Remboursement promis.")
    services.search.warm_up()
    assert [h.id for h in services.search.search("remb").journal] == [entry.id]
