"""Guidance service: steps stored, waits pause the clock, acknowledgement detected, settings."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from disputedesk.domain.business_hours import ClockStatus, ClosedPeriod, ShopCalendar, TimeRange
from disputedesk.domain.enums import Channel, Direction
from disputedesk.domain.enums import DisputeStage as S
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.guidance import STEPS, ClockSettings, next_step, steps_for
from disputedesk.services.journal_service import EntryDraft
from tests.support_guidance import make_dispute

PARIS = ZoneInfo("Europe/Paris")
MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=PARIS)


def test_every_open_stage_has_a_recommended_step_and_actions_use_contract_keys():
    for stage in S:
        assert steps_for(stage), stage
    assert next_step(S.RECEIVED, set()).key == "acknowledge"
    assert next_step(S.RECEIVED, {"acknowledge"}).key == "listen"
    allowed = {"journal_entry", "letter", "packet", "close_dispute", "gesture", "review", None}
    assert {s.action_key for s in STEPS} <= allowed


def test_steps_are_stored_and_the_next_step_follows(services):
    d = make_dispute(services)
    g = services.guidance.guidance(d.id)
    assert g.next_step.key == "acknowledge"
    assert not any(st.done for st in g.steps)
    services.guidance.set_step(d.id, "acknowledge", True)
    g = services.guidance.guidance(d.id)
    assert g.next_step.key == "listen"
    assert [st.step.key for st in g.steps if st.done] == ["acknowledge"]
    services.guidance.set_step(d.id, "acknowledge", False)
    assert services.guidance.guidance(d.id).next_step.key == "acknowledge"
    with pytest.raises(ValidationError):
        services.guidance.set_step(d.id, "nonsense", True)


def _settings(hours=14):
    day = (TimeRange.of("9:00", "12:00"), TimeRange.of("14:00", "18:00"))
    return ClockSettings(ShopCalendar(weekly=(day,) * 5 + ((), ()), french_holidays=True), hours)


def test_settings_round_trip_and_feed_the_business_profile(services):
    assert services.guidance.clock_settings().response_time_hours == 48
    cal = ShopCalendar(
        weekly=((TimeRange.of("14:00", "19:00"), TimeRange.of("9:00", "12:00")),) + ((),) * 6,
        closed=(ClosedPeriod(date(2026, 8, 1), date(2026, 8, 15), "Congés d'été"),),
        alsace_moselle=True,
    )
    saved = services.guidance.save_clock_settings(ClockSettings(cal, 24))
    assert saved.response_time_hours == 24
    assert services.business.get().response_time_hours == 24
    again = services.guidance.clock_settings()
    assert again.calendar.weekly[0] == (TimeRange(540, 720), TimeRange(840, 1140))
    assert again.calendar.closed[0].label == "Congés d'été"
    assert again.calendar.alsace_moselle
    with pytest.raises(ValidationError):
        services.guidance.save_clock_settings(ClockSettings(ShopCalendar(weekly=((),) * 7), 24))
    with pytest.raises(ValidationError):
        services.guidance.save_clock_settings(ClockSettings(cal, 0))
    assert services.guidance.clock_settings().response_time_hours == 24  # nothing changed


def test_clock_runs_in_opening_hours_and_stops_when_acknowledged(services):
    services.guidance.save_clock_settings(_settings(14))
    d = make_dispute(services, received_at=MONDAY_9)
    g = services.guidance.guidance(d.id, now=MONDAY_9 + timedelta(hours=6))
    assert g.clock.status is ClockStatus.RUNNING
    assert g.clock.used == timedelta(hours=4)  # lunch break not counted
    assert g.clock.deadline == datetime(2026, 11, 17, 18, 0, tzinfo=PARIS)
    late = services.guidance.guidance(d.id, now=datetime(2026, 11, 18, 10, tzinfo=PARIS))
    assert late.clock.status is ClockStatus.OVERDUE
    # An e-mail sent to the customer acknowledges the complaint.
    services.journal.add(
        EntryDraft(
            d.id,
            Channel.EMAIL,
            Direction.OUTGOING,
            "Accusé de réception",
            occurred_at=datetime(2026, 11, 17, 10, tzinfo=PARIS),
        )
    )
    done = services.guidance.guidance(d.id, now=datetime(2026, 11, 23, tzinfo=PARIS))
    assert done.clock.status is ClockStatus.MET
    assert done.clock.acknowledged_at == datetime(2026, 11, 17, 10, tzinfo=PARIS)


def test_stage_change_and_internal_notes(services):
    services.guidance.save_clock_settings(_settings(14))
    d = make_dispute(services, received_at=MONDAY_9)
    services.journal.add(
        EntryDraft(
            d.id,
            Channel.INTERNAL_NOTE,
            Direction.INTERNAL,
            "Note",
            occurred_at=MONDAY_9 + timedelta(hours=1),
        )
    )
    g = services.guidance.guidance(d.id, now=datetime(2026, 11, 19, tzinfo=PARIS))
    assert g.clock.status is ClockStatus.OVERDUE  # an internal note answers nobody
    services.disputes.change_stage(d.id, S.ACKNOWLEDGED, at=datetime(2026, 11, 19, tzinfo=PARIS))
    g = services.guidance.guidance(d.id, now=datetime(2026, 11, 20, tzinfo=PARIS))
    assert g.clock.status is ClockStatus.MISSED


def test_waiting_for_the_customer_pauses_the_clock_until_they_write(services):
    services.guidance.save_clock_settings(_settings(14))
    d = make_dispute(services, received_at=MONDAY_9)
    services.guidance.start_wait(d.id, "Photos demandées", at=MONDAY_9 + timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.guidance.start_wait(d.id, at=MONDAY_9 + timedelta(hours=2))
    g = services.guidance.guidance(d.id, now=datetime(2026, 11, 23, tzinfo=PARIS))
    assert g.clock.status is ClockStatus.PAUSED and g.waiting is not None
    assert g.clock.used == timedelta(hours=1)
    clocks = services.guidance.unacknowledged_clocks(now=datetime(2026, 11, 23, tzinfo=PARIS))
    assert clocks[d.id].status is ClockStatus.PAUSED
    # The customer's photos arrive Wednesday 9:00: the wait ends by itself.
    services.journal.add(
        EntryDraft(
            d.id,
            Channel.EMAIL,
            Direction.INCOMING,
            "Photos",
            occurred_at=datetime(2026, 11, 18, 9, tzinfo=PARIS),
        )
    )
    g = services.guidance.guidance(d.id, now=datetime(2026, 11, 18, 11, tzinfo=PARIS))
    assert g.waiting is None
    assert g.waits[0].ended_at == datetime(2026, 11, 18, 9, tzinfo=PARIS)
    assert g.clock.status is ClockStatus.RUNNING
    assert g.clock.used == timedelta(hours=3)  # 1 h Monday + 2 h Wednesday
    assert services.guidance.end_wait(d.id) is None  # nothing left to end


def test_ending_a_wait_by_hand(services):
    services.guidance.save_clock_settings(_settings(14))
    d = make_dispute(services, received_at=MONDAY_9)
    services.guidance.start_wait(d.id, at=MONDAY_9 + timedelta(hours=1))
    ended = services.guidance.end_wait(d.id, at=MONDAY_9 + timedelta(hours=2))
    assert ended.ended_at == MONDAY_9 + timedelta(hours=2)
    g = services.guidance.guidance(d.id, now=MONDAY_9 + timedelta(hours=3))
    assert g.clock.used == timedelta(hours=2)
    with pytest.raises(ValidationError):
        services.guidance.start_wait(d.id, at=MONDAY_9 + timedelta(minutes=90))


def test_steps_and_waits_go_with_the_dispute(services, store):
    from sqlalchemy import func, select

    from disputedesk.models.guidance import CustomerWaitRow, GuidanceStepRow

    d = make_dispute(services)
    services.guidance.set_step(d.id, "listen", True)
    services.guidance.start_wait(d.id)
    with store.transaction() as s:
        from disputedesk.models import DisputeRow

        s.delete(s.get(DisputeRow, d.id))
    with store.read() as s:
        assert s.scalar(select(func.count(GuidanceStepRow.id))) == 0
        assert s.scalar(select(func.count(CustomerWaitRow.id))) == 0


def test_now_must_be_aware(services):
    d = make_dispute(services)
    with pytest.raises(ValidationError):
        services.guidance.guidance(d.id, now=datetime(2026, 1, 1))
    assert services.guidance.guidance(d.id, now=datetime.now(UTC)).dispute_id == d.id
