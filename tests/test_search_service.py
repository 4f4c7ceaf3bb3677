"""Global search: the FTS5 index follows every write, and nothing a user types can break it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from disputedesk.domain.enums import Channel, Direction, DisputeCategory
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft, PostalAddress
from disputedesk.services.journal_service import EntryDraft
from disputedesk.services.search_service import match_expression, query_words, snippet

NASTY = [
    "l'atelier \"AND",
    '"',
    "'",
    "AND",
    "OR NOT",
    "NEAR(a b)",
    "a*",
    "*",
    "^début",
    "col:umn",
    "(((",
    "-moins",
    "+plus",
    "{x y}",
    "l'",
    "   ",
    "é",
    "😀 émoji",
    "a" * 500,
    "x_y",
    "\x00zéro",
]


@pytest.fixture
def shop(services):
    c = services.customers.create(
        CustomerDraft(
            first_name="Anaïs",
            last_name="Lefèvre",
            company="L'Atelier Fleuri",
            address=PostalAddress(city="Lyon", postcode="69003"),
            email="anais@atelier.example",
        )
    )
    other = services.customers.create(CustomerDraft(last_name="Martin", first_name="Paul"))
    d = services.disputes.open(
        DisputeDraft(
            customer_id=c.id,
            category=DisputeCategory.PRODUCT_QUALITY,
            description="Le bouquet de mariage est arrivé fané.",
            amount=Money(12_000, "EUR"),
            title="Bouquet fané",
        )
    )
    e = services.journal.add(
        EntryDraft(
            dispute_id=d.id,
            occurred_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
            channel=Channel.PHONE,
            direction=Direction.INCOMING,
            summary="Appel de la cliente",
            body="Elle réclame un remboursement intégral et parle du chrysanthème abîmé.",
        )
    )
    return services, c, other, d, e


@pytest.mark.parametrize("query", NASTY)
def test_nothing_a_user_types_raises(shop, query):
    services = shop[0]
    result = services.search.search(query)
    assert result.query == query


def test_match_expression_quotes_every_word():
    assert match_expression("l'atelier \"AND") == '"atelier" "and"*'
    assert match_expression("Société générale") == '"societe" "generale"*'
    assert match_expression("a") is None
    assert match_expression("  ") is None
    assert match_expression("l'") is None
    assert query_words("NEAR(a b) OR") == ["near", "or"]


def test_finds_customer_dispute_and_journal_words(shop):
    services, customer, _other, dispute, entry = shop
    # A journal word, without its accents, typed half-way.
    result = services.search.search("chrysanthe")
    assert [h.id for h in result.journal] == [entry.id]
    hit = result.journal[0]
    assert hit.dispute_id == dispute.id and hit.reference == dispute.reference
    assert "chrysanthème" in hit.extract
    # Customer by company with an apostrophe, and by e-mail.
    assert [h.id for h in services.search.search("l'atelier").customers] == [customer.id]
    assert [h.id for h in services.search.search("atelier.example").customers] == [customer.id]
    assert services.search.search("martin").customers[0].name == "Paul Martin"
    # Dispute by reference and by its description.
    by_ref = services.search.search(dispute.reference)
    assert [h.id for h in by_ref.disputes] == [dispute.id]
    assert by_ref.disputes[0].customer_name.startswith("L'Atelier Fleuri")
    assert [h.id for h in services.search.search("mariage").disputes] == [dispute.id]
    assert services.search.search("introuvable").empty


def test_index_follows_updates_and_corrections(shop):
    services, customer, _other, dispute, entry = shop
    draft = customer.to_draft()
    services.customers.update(
        customer.id,
        CustomerDraft(**{**{f: getattr(draft, f) for f in draft.__slots__}, "company": "Flora"}),
    )
    assert services.search.search("fleuri").customers == ()
    assert [h.id for h in services.search.search("flora").customers] == [customer.id]
    services.journal.correct(
        entry.id,
        EntryDraft(
            dispute_id=dispute.id,
            occurred_at=entry.occurred_at,
            channel=Channel.PHONE,
            direction=Direction.INCOMING,
            summary="Appel de la cliente (corrigé)",
            body="Elle réclame un avoir pour le glaïeul.",
        ),
    )
    # The original stays (evidence), the correction is found too.
    assert len(services.search.search("glaieul").journal) == 1
    assert len(services.search.search("chrysantheme").journal) == 1


def test_more_flag_and_limit(services):
    for i in range(5):
        services.customers.create(CustomerDraft(last_name=f"Durand{i}", first_name="Zoé"))
    result = services.search.search("zoe", limit=3)
    assert len(result.customers) == 3 and result.more_customers
    assert not services.search.search("zoe", limit=10).more_customers


def test_whole_word_matches_come_first(services):
    exact = services.customers.create(CustomerDraft(last_name="Roux"))
    services.customers.create(CustomerDraft(last_name="Rouxel"))
    assert services.search.search("roux").customers[0].id == exact.id


def test_lost_triggers_are_recreated_and_the_index_rebuilt(shop):
    services, _customer, *_ = shop
    # What a later batch migration rebuilding the customer table would do.
    with services.store.transaction() as s:
        for suffix in ("ai", "ad", "au"):
            s.execute(text(f"DROP TRIGGER search_customer_{suffix}"))
    late = services.customers.create(CustomerDraft(last_name="Tardif"))
    assert services.search.ensure_index() == ["search_customer"]
    assert [h.id for h in services.search.search("tardif").customers] == [late.id]
    assert services.search.ensure_index() == []


def test_snippet_centres_on_the_word():
    body = "x " * 200 + "le mot cherché est là " + "y " * 200
    extract = snippet(body, ["cherche"])
    assert "cherché" in extract and extract.startswith("…") and extract.endswith("…")
    assert len(extract) <= 145
    assert snippet("court", ["zz"]) == "court"
