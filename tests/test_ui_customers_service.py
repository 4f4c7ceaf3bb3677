"""The customer list's paged, sorted search (CustomerService.page / count_matching)."""

from __future__ import annotations

from dataclasses import astuple

from disputedesk.domain.enums import CustomerKind, DisputeCategory, DisputeStage
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft, PostalAddress
from disputedesk.services.customer_service import CustomerQuery, CustomerSort


def _customer(services, last, *, city="Lyon", company="", email="", phone="", first=""):
    kind = CustomerKind.PROFESSIONAL if company else CustomerKind.INDIVIDUAL
    return services.customers.create(
        CustomerDraft(
            kind=kind,
            first_name=first,
            last_name=last,
            company=company,
            email=email,
            phone=phone,
            address=PostalAddress(city=city),
        )
    )


def _dispute(services, customer_id, amount_minor):
    return services.disputes.open(
        DisputeDraft(
            customer_id=customer_id,
            category=DisputeCategory.OTHER,
            description="Problème",
            amount=Money(amount_minor),
        )
    )


def _ids(rows):
    return [r.customer.id for r in rows]


def test_page_sorts_by_every_column_in_sql_and_pages_without_overlap(services):
    a = _customer(services, "Arnaud", city="Brest", email="z@x.fr", phone="0600000003")
    b = _customer(services, "Bernard", city="Aix", email="a@x.fr", phone="0600000001")
    c = _customer(services, "Colin", city="Caen", email="m@x.fr", phone="0600000002")
    _dispute(services, b.id, 5000)
    _dispute(services, b.id, 7000)
    _dispute(services, c.id, 100000)
    closed = _dispute(services, a.id, 999999)
    services.disputes.change_stage(closed.id, DisputeStage.ABANDONED, reason="test")

    def order(sort, descending=False):
        return _ids(services.customers.page(CustomerQuery(sort=sort, descending=descending)))

    assert order(CustomerSort.NAME) == [a.id, b.id, c.id]
    assert order(CustomerSort.NAME, True) == [c.id, b.id, a.id]
    assert order(CustomerSort.CITY) == [b.id, a.id, c.id]
    assert order(CustomerSort.EMAIL) == [b.id, c.id, a.id]
    assert order(CustomerSort.PHONE) == [b.id, c.id, a.id]
    assert order(CustomerSort.OPEN_DISPUTES, True) == [b.id, c.id, a.id]
    assert order(CustomerSort.AMOUNT, True) == [c.id, b.id, a.id]

    rows = {r.customer.id: r for r in services.customers.page(CustomerQuery())}
    assert (rows[b.id].open_disputes, rows[b.id].amount_at_stake_minor) == (2, 12000)
    # A closed dispute is neither open nor at stake.
    assert (rows[a.id].open_disputes, rows[a.id].amount_at_stake_minor) == (0, 0)

    first = services.customers.page(CustomerQuery(), offset=0, limit=2)
    rest = services.customers.page(CustomerQuery(), offset=2, limit=2)
    assert _ids(first) + _ids(rest) == [a.id, b.id, c.id]


def test_page_search_archived_and_count_agree(services):
    a = _customer(services, "Moreau", city="Lyon", email="elise@example.fr")
    b = _customer(services, "Durand", city="Paris", company="Menuiserie 50% Bois")
    d = _dispute(services, b.id, 100)
    services.customers.set_archived(a.id, True)

    def found(text, include_archived=False):
        q = CustomerQuery(text=text, include_archived=include_archived)
        ids = _ids(services.customers.page(q))
        assert services.customers.count_matching(q) == len(ids)
        return ids

    assert found("") == [b.id]
    assert sorted(found("", True)) == sorted([a.id, b.id])
    assert found("lyon") == []  # archived: hidden by default
    assert found("LYON", True) == [a.id]
    assert found("example.fr", True) == [a.id]
    assert found(d.reference) == [b.id]
    assert found("50%") == [b.id]
    assert found("zz%") == []  # wildcards are plain text
    assert found("Bois 50") == [b.id]  # words in any order
    assert found("06 12") == [] and found("0612") == []


def test_search_words_accents_phone_digits_and_first_letter(services):
    a = _customer(services, "Moreau", first="Élise", phone="06 12 34 56 78", city="Évry")
    b = _customer(services, "Martin", email="jm@atelier-bois.fr")
    c = _customer(services, "Durand")

    def found(text):
        q = CustomerQuery(text=text)
        ids = _ids(services.customers.page(q))
        assert services.customers.count_matching(q) == len(ids)
        return sorted(ids)

    assert found("elise") == [a.id]  # accents do not matter
    assert found("EVRY") == [a.id]
    assert found("mor eli") == []  # every word but the last is a whole word
    assert found("moreau eli") == [a.id]
    assert found("0612345678") == [a.id]  # a phone number typed without its spaces
    assert found("06 12 34") == [a.id]
    assert found("atelier") == [b.id]
    assert found("m") == sorted([a.id, b.id])  # one letter: the start of the name
    assert found("d") == [c.id]


def test_list_rows_is_the_same_page_as_page_with_only_what_the_list_shows(services):
    """The list's worker reads `list_rows` (no ORM objects); it must list exactly what `page`
    lists, in the same order, for every sort, search, archive filter and offset."""
    made = [
        _customer(services, "Arnaud", city="Brest", email="z@x.fr", phone="0600000003"),
        _customer(services, "Bernard", city="Aix", company="Zeta", first="Jo"),
        _customer(services, "Colin", city="Caen", email="m@x.fr", phone="0600000002"),
        _customer(services, "Durand", city="Aix", first="Marie"),
        _customer(services, "Etienne", city="Brest", company="Alpha"),
    ]
    _dispute(services, made[1].id, 5000)
    _dispute(services, made[1].id, 7000)
    _dispute(services, made[2].id, 100000)
    services.customers.set_archived(made[3].id, True)
    queries = [
        CustomerQuery(sort=sort, descending=descending, include_archived=archived, text=text)
        for sort in CustomerSort
        for descending in (False, True)
        for archived in (False, True)
        for text in ("", "brest", "a")
    ]
    seen_counts = set()
    for query in queries:
        for offset, limit in ((0, 200), (1, 2), (3, 5)):
            summaries = services.customers.page(query, offset, limit)
            rows = services.customers.list_rows(query, offset, limit)
            expected = [
                (
                    s.customer.id,
                    s.customer.company,
                    s.customer.last_name,
                    s.customer.first_name,
                    s.customer.email,
                    s.customer.phone,
                    s.customer.address.city,
                    s.customer.archived,
                    s.open_disputes,
                    s.amount_at_stake_minor,
                )
                for s in summaries
            ]
            assert [astuple(r)[:-1] for r in rows] == expected, (query, offset, limit)
            seen_counts.update((r.open_disputes, r.amount_at_stake_minor) for r in rows)
    assert {(2, 12000), (1, 100000), (0, 0)} <= seen_counts
    archived = services.customers.list_rows(CustomerQuery(include_archived=True))
    assert [r.archived for r in archived if r.id == made[3].id] == [True]
    assert services.customers.list_rows(CustomerQuery(text="nobody-like-this")) == []


def test_list_rows_after_a_place_goes_on_exactly_where_the_page_ended(services):
    """The list asks for its next page after the last row's place (a seek, not an offset).
    Walked page by page that way, every order gives the same rows as one whole page: ties on
    the name, the city, an empty company or e-mail and equal totals included, whichever way
    each key runs."""
    made = [
        _customer(services, "Martin", city="Brest", email="a@x.fr"),
        _customer(services, "Martin", city="Aix"),
        _customer(services, "Martin", city="Brest", company="Zeta", phone="0600000001"),
        _customer(services, "Durand", city="Aix", company="Zeta", email="a@x.fr"),
        _customer(services, "Durand", city="Brest", first="Léa"),
        _customer(services, "Martin", city="Brest"),
        _customer(services, "Abel", city="Aix", phone="0600000001"),
        _customer(services, "Martin", city="Aix", first="Léa"),
    ]
    for i in (0, 4, 6):
        _dispute(services, made[i].id, 5000)
    services.customers.set_archived(made[5].id, True)
    for sort in CustomerSort:
        for descending in (False, True):
            for archived in (False, True):
                for text in ("", "martin", "a"):
                    query = CustomerQuery(
                        sort=sort, descending=descending, include_archived=archived, text=text
                    )
                    whole = services.customers.list_rows(query)
                    for size in (1, 2, 3):
                        walked, after = [], None
                        while page := services.customers.list_rows(
                            query, len(walked), size, after=after
                        ):
                            walked += page
                            after = page[-1].place
                        assert [r.id for r in walked] == [r.id for r in whole], (query, size)
                    assert all(r.place[-1] == r.id for r in whole)


def test_sort_by_totals_matches_a_full_sort_on_every_page(services):
    """Sorting by open disputes or amount reads two runs (customers with a total above 0,
    then the others by name, or the reverse); every page, including the ones across the
    border between the runs, must be what sorting all matching customers gives."""
    import random

    rnd = random.Random(3)
    made = []
    for i in range(24):
        name = rnd.choice(["Moreau", "Martin", "Petit"])  # ties on the name too
        made.append(_customer(services, name, city=rnd.choice(["Lyon", "Brest"]), first=f"P{i}"))
    for c in made[::3]:
        services.customers.set_archived(c.id, True)
    for c in rnd.sample(made, 14):
        for _ in range(rnd.randint(1, 3)):
            d = _dispute(services, c.id, rnd.choice([0, 0, 5000, 5000, 12000]))  # 0 and ties
            if rnd.random() < 0.3:
                services.disputes.change_stage(d.id, DisputeStage.ABANDONED, reason="test")
    lines = services.disputes.lines()
    totals: dict[int, tuple[int, int]] = {}
    for line in lines:
        if line.stage not in (DisputeStage.RESOLVED, DisputeStage.ABANDONED):
            n, amount = totals.get(line.customer_id, (0, 0))
            totals[line.customer_id] = (n + 1, amount + line.amount.minor)
    assert any(t[1] == 0 for t in totals.values())  # an open dispute with nothing at stake

    for sort in (CustomerSort.OPEN_DISPUTES, CustomerSort.AMOUNT):
        for text in ("", "lyon", "mo"):
            for archived in (False, True):
                base = CustomerQuery(text=text, include_archived=archived)
                matching = services.customers.list_rows(base, 0, 1000)
                for descending in (False, True):
                    query = CustomerQuery(text, archived, sort, descending)

                    def key(r, sort=sort, descending=descending):
                        total = totals.get(r.id, (0, 0))[
                            0 if sort is CustomerSort.OPEN_DISPUTES else 1
                        ]
                        name = " ".join(p for p in (r.last_name, r.first_name) if p).casefold()
                        if descending:
                            return (-total, name, -r.id)
                        return (total, name, r.id)

                    expected = [r.id for r in sorted(matching, key=key)]
                    assert [r.id for r in services.customers.list_rows(query, 0, 1000)] == expected
                    for offset in range(0, len(expected) + 2):
                        for limit in (1, 3, 7):
                            got = [r.id for r in services.customers.list_rows(query, offset, limit)]
                            assert got == expected[offset : offset + limit], (query, offset, limit)
                    assert _ids(services.customers.page(query, 2, 5)) == expected[2:7]
