"""Dashboard figures on the demo shop, each expected value worked out here from the demo's
own specification (demo_data.DISPUTES and the stage paths), not from the service."""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from disputedesk.domain.aftercare import ClosureDraft
from disputedesk.domain.business_hours import ShopCalendar, business_time_between
from disputedesk.domain.enums import DisputeCategory, DisputeStage, Outcome
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.services import demo_data
from disputedesk.services.demo_service import PATHS, seed_demo

NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")
# (customer, category, target stage, days ago, channel, cents, ..., outcome, root cause, files)
SPECS = demo_data.DISPUTES


def _received(spec) -> datetime:
    return NOW - timedelta(days=spec[3], hours=3)


def _step_time(spec, n: int) -> datetime:
    steps = PATHS[spec[2]]
    received = _received(spec)
    return received + (NOW - received) / (len(steps) + 1) * n


@pytest.fixture
def demo(services):
    seed_demo(services, now=NOW)
    return services


def test_counts_by_stage_and_category_on_the_demo(demo):
    st = demo.dashboard.stats(now=NOW)
    assert st.total == len(SPECS) == 15
    open_specs = [s for s in SPECS if not s[2].is_closed]
    assert st.open_count == len(open_specs) == 10
    assert st.resolved_count == sum(1 for s in SPECS if s[2] is DisputeStage.RESOLVED) == 4
    assert st.abandoned_count == 1
    by_stage = dict(st.open_by_stage)
    for stage in DisputeStage:
        if not stage.is_closed:
            assert by_stage[stage] == sum(1 for s in open_specs if s[2] is stage), stage
    assert by_stage[DisputeStage.ACKNOWLEDGED] == 2 and by_stage[DisputeStage.NEGOTIATION] == 2
    by_cat = dict(st.open_by_category)
    assert by_cat[DisputeCategory.UNPAID_INVOICE] == 3
    assert sum(by_cat.values()) == 10


def test_amounts_medians_routes_and_causes_on_the_demo(demo):
    st = demo.dashboard.stats(now=NOW)
    assert st.at_stake_total == Money(sum(s[5] for s in SPECS)) == Money(1_625_500)
    assert st.at_stake_open == Money(sum(s[5] for s in SPECS if not s[2].is_closed))
    assert st.refunded == Money(0) and st.recovered == Money(0)  # no closing dialog used

    # First response: the first step off "Received" (an outgoing e-mail the same minute),
    # counted in the default opening hours like the acknowledgement clock.
    responses = [
        business_time_between(ShopCalendar(), _received(s), _step_time(s, 1)).total_seconds() / 3600
        for s in SPECS
        if PATHS[s[2]]
    ]
    assert st.responded_count == 14  # the complaint received yesterday is not answered
    assert st.median_first_response_hours == pytest.approx(statistics.median(responses))
    assert st.within_target_count == sum(1 for h in responses if h <= 48)

    resolved = [s for s in SPECS if s[2] is DisputeStage.RESOLVED]
    days = [
        (_step_time(s, len(PATHS[s[2]])) - _received(s)).total_seconds() / 86400 for s in resolved
    ]
    assert st.median_resolution_days == pytest.approx(statistics.median(days))
    # 45, 60, 90, 200 days (+3 h) ago, closed 4/5 of the way: 36.1, 48.1, 72.1, 160.1 days
    assert st.median_resolution_days == pytest.approx((48.1 + 72.1) / 2)

    assert dict(st.routes) == {"direct": 4, "mediation": 0, "conciliation": 0, "court": 0}
    assert (st.mediation_succeeded, st.mediation_failed, st.mediation_pending) == (0, 0, 1)
    assert st.mediation_success_rate is None
    assert sorted(st.top_root_causes) == sorted(
        (s[10], 1) for s in SPECS if s[10]
    )  # five different causes, once each


def test_per_month_opened_and_resolved(demo):
    st = demo.dashboard.stats(now=NOW)
    opened = {}
    for s in SPECS:
        m = _received(s).astimezone(PARIS).date().replace(day=1)
        opened[m] = opened.get(m, 0) + 1
    resolved = {}
    for s in SPECS:
        if s[2] is DisputeStage.RESOLVED:
            m = _step_time(s, len(PATHS[s[2]])).astimezone(PARIS).date().replace(day=1)
            resolved[m] = resolved.get(m, 0) + 1
    months = {m.month.month: (m.opened, m.resolved) for m in st.per_month}
    assert st.per_month[0].month == min(opened) and st.per_month[-1].month == date(2026, 11, 1)
    assert len(st.per_month) == 9  # March to November 2026 (the oldest is 240 days ago)
    # November: received 1, 3, 5, 12 days ago; resolved 9, 12, 18 days ago (4/5 of the way)
    assert months[3] == (1, 0) and months[11] == (4, 3)
    for m in st.per_month:
        assert (m.opened, m.resolved) == (opened.get(m.month, 0), resolved.get(m.month, 0))
    assert sum(m.opened for m in st.per_month) == 15


def test_period_filter_closing_amounts_mediation_and_satisfaction(demo):
    st = demo.dashboard.stats(date_from=date(2026, 10, 1), date_to=date(2026, 11, 30), now=NOW)
    expected = [s for s in SPECS if _received(s).astimezone(PARIS).date() >= date(2026, 10, 1)]
    assert st.total == len(expected) == 8  # received 1 to 50 days before 20 November
    assert len(st.per_month) == 2
    # Close two open disputes with the closing dialog's service, one after mediation.
    by_title = {d.title: d for d in demo.disputes.list()}
    quick = by_title["Frais de port facturés à tort"]
    demo.aftercare.close(
        quick.id,
        ClosureDraft(Outcome.REFUND, Money(4500), Money(0), True, "pricing_error"),
        at=NOW,
    )
    demo.aftercare.set_satisfaction(quick.id, 4, "contente")
    wardrobe = by_title["Armoire ancienne : vers à bois"]  # in mediation
    demo.aftercare.close(
        wardrobe.id,
        ClosureDraft(Outcome.SETTLED_IN_MEDIATION, Money(30000), Money(0), True, "product_defect"),
        at=NOW,
    )
    unpaid = by_title["Facture FA-2026-0117 impayée"]
    demo.aftercare.close(
        unpaid.id,
        ClosureDraft(Outcome.PAYMENT_PLAN, Money(0), Money(284000), False, "communication"),
        at=NOW,
    )
    st = demo.dashboard.stats(now=NOW)
    assert st.refunded == Money(34500) and st.recovered == Money(284000)
    assert st.resolved_count == 7 and dict(st.routes)["mediation"] == 1
    assert (st.mediation_succeeded, st.mediation_failed, st.mediation_pending) == (1, 0, 0)
    assert st.mediation_success_rate == 1.0
    assert st.satisfaction_count == 1 and st.satisfaction_average == 4.0
    causes = dict(st.top_root_causes)
    assert causes["Communication"] == 2  # the demo's "Communication" and the built-in key
    assert st.top_root_causes[0] == ("Communication", 2) and len(causes) == 5  # top five
    # Reopening takes the closing's amounts out again.
    demo.aftercare.reopen(unpaid.id, "The plan was not kept", at=NOW + timedelta(hours=1))
    assert demo.dashboard.stats(now=NOW).recovered == Money(0)


def test_empty_store_and_bad_period(services):
    st = services.dashboard.stats(now=NOW)
    assert st.is_empty and st.per_month == () and st.median_first_response_hours is None
    assert st.at_stake_total == Money(0) and st.top_root_causes == ()
    with pytest.raises(ValidationError):
        services.dashboard.stats(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))


def test_a_store_with_nothing_resolved_yet(services):
    from tests.support_aftercare import open_dispute

    d = open_dispute(services)  # received 10 days before 20 November 2026
    st = services.dashboard.stats(now=NOW)
    assert [(m.month, m.opened, m.resolved) for m in st.per_month] == [(date(2026, 11, 1), 1, 0)]
    assert st.median_resolution_days is None and st.open_count == 1
    assert st.at_stake_open == d.amount
    st = services.dashboard.stats(date_from=date(2020, 1, 1), date_to=date(2199, 1, 1), now=NOW)
    assert len(st.per_month) == 1  # months without data on either side are not drawn


def test_first_response_counts_opening_hours_and_waits_like_the_clock(services):
    """Friday 17:00 to Monday 10:00 (Paris) is 65 calendar hours but 5 opening hours in the
    default week (Fri 17-18, Sat 9-12, Mon 9-10): well within a 48 h target. A wait for the
    customer on Saturday 9:00-11:00 takes 2 more hours off, as it pauses the clock."""
    from disputedesk.domain.enums import Channel, CustomerKind
    from disputedesk.domain.records import CustomerDraft, DisputeDraft

    customer = services.customers.create(
        CustomerDraft(kind=CustomerKind.INDIVIDUAL, first_name="Ana", last_name="Roux")
    )

    def paris(day: int, hour: int) -> datetime:
        return datetime(2026, 11, day, hour, 0, tzinfo=PARIS).astimezone(UTC)

    received, answered = paris(13, 17), paris(16, 10)  # Friday 13, Monday 16 November 2026
    d = services.disputes.open(
        DisputeDraft(
            customer_id=customer.id,
            category=DisputeCategory.PRODUCT_QUALITY,
            description="Cracked vase",
            amount=Money(4_000, "EUR"),
            received_via=Channel.PHONE,
            received_at=received,
            title="Cracked vase",
        ),
        now=received,
    )
    services.disputes.change_stage(d.id, DisputeStage.ACKNOWLEDGED, at=answered)
    now = paris(20, 12)
    st = services.dashboard.stats(now=now)
    assert st.responded_count == 1
    assert st.median_first_response_hours == pytest.approx(5.0)
    assert st.within_target_count == 1  # 65 calendar hours would have missed 48 h

    services.guidance.start_wait(d.id, "Asked for a photo", at=paris(14, 9))
    services.guidance.end_wait(d.id, at=paris(14, 11))
    assert services.dashboard.stats(now=now).median_first_response_hours == pytest.approx(3.0)
