"""Today's agenda (Qt-free): acknowledgements due, deadlines, call-backs, in due order."""

from datetime import UTC, datetime, timedelta

from disputedesk.domain.enums import DisputeStage as S
from disputedesk.services.agenda_service import AgendaKind
from tests.support_guidance import make_dispute


def test_today_lists_acknowledgements_deadlines_and_call_backs(services):
    now = datetime.now(UTC)
    fresh = make_dispute(services, received_at=now - timedelta(minutes=5), last_name="Fresh")
    old = make_dispute(services, received_at=now - timedelta(days=30), last_name="Old")
    answered = make_dispute(services, received_at=now - timedelta(days=30), last_name="Done")
    services.disputes.change_stage(answered.id, S.ACKNOWLEDGED, at=now - timedelta(days=29))
    waiting = make_dispute(services, received_at=now - timedelta(days=30), last_name="Waiting")
    services.guidance.start_wait(waiting.id, at=now - timedelta(days=30) + timedelta(seconds=1))
    services.tasks.add(
        "Rappeler Mme Old", now - timedelta(hours=3), dispute_id=old.id, kind="call_back"
    )
    services.tasks.add("Envoyer le devis", now - timedelta(days=2), dispute_id=answered.id)
    done = services.tasks.add("Fait", now - timedelta(days=2), dispute_id=answered.id)
    services.tasks.set_done(done.id)
    services.tasks.add("Audience", now + timedelta(days=20), dispute_id=answered.id)

    lines = services.agenda.today(now=now)
    by_title = {}
    for line in lines:
        by_title.setdefault(line.title, []).append(line)
    acks = [line for line in lines if line.kind is AgendaKind.ACKNOWLEDGE]
    assert {line.dispute_id for line in acks} == {fresh.id, old.id}  # not answered, not waiting
    old_ack = next(line for line in acks if line.dispute_id == old.id)
    assert old_ack.overdue and old.reference in old_ack.detail and "Old" in old_ack.detail
    fresh_ack = next(line for line in acks if line.dispute_id == fresh.id)
    assert not fresh_ack.overdue
    call = by_title["Rappeler Mme Old"][0]
    assert call.kind is AgendaKind.CALL_BACK and call.overdue and call.dispute_id == old.id
    assert by_title["Envoyer le devis"][0].kind is AgendaKind.DEADLINE
    assert "Fait" not in by_title and "Audience" not in by_title
    assert [line.due for line in lines] == sorted(line.due for line in lines)


def test_today_is_empty_on_an_empty_store(services):
    assert services.agenda.today() == []
