"""Today's acknowledgement lines are the same whether each deadline is found through the
opening ledger (business_deadline, what the clock uses) or by the walk over every opening
range (add_business_time): same lines, same order, same overdue flags."""

import random
from datetime import UTC, datetime, timedelta

from disputedesk.domain import business_hours as bh
from disputedesk.domain.enums import DisputeStage as S
from disputedesk.services.agenda_service import AgendaKind
from tests.support_guidance import make_dispute


def test_today_lines_match_the_walked_deadlines(services, monkeypatch):
    rnd = random.Random(7)
    # A Monday just before a bank holiday week-end and a DST change, so the deadlines cross
    # closed days and a 23-hour day.
    now = datetime(2026, 3, 30, 10, 17, tzinfo=UTC)
    for i in range(60):
        received = now - timedelta(minutes=rnd.randrange(0, 14 * 24 * 60))
        d = make_dispute(services, received_at=received, last_name=f"Client{i}")
        roll = rnd.random()
        if roll < 0.15:
            services.disputes.change_stage(d.id, S.ACKNOWLEDGED, at=received + timedelta(hours=2))
        elif roll < 0.4:
            start = received + timedelta(minutes=rnd.randrange(1, 3 * 24 * 60))
            services.guidance.start_wait(d.id, at=min(start, now - timedelta(minutes=1)))
            if rnd.random() < 0.7:
                services.guidance.end_wait(
                    d.id, at=min(start + timedelta(hours=rnd.randrange(1, 72)), now)
                )
        if rnd.random() < 0.2:
            services.tasks.add(
                f"Rappeler {i}", now + timedelta(hours=rnd.randrange(-48, 12)), dispute_id=d.id
            )

    through_ledger = services.agenda.today(now=now)
    monkeypatch.setattr(bh, "business_deadline", bh.add_business_time)
    walked = services.agenda.today(now=now)

    assert through_ledger == walked
    acks = [line for line in walked if line.kind is AgendaKind.ACKNOWLEDGE]
    # The shop has something of each: the comparison covers overdue and running clocks.
    assert any(line.overdue for line in acks) and any(not line.overdue for line in acks)
