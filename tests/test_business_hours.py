"""The acknowledgement clock: opening hours, closed days, holidays, DST, pauses."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disputedesk.domain.business_hours import (
    ClockStatus,
    ClosedPeriod,
    Pause,
    ShopCalendar,
    TimeRange,
    add_business_time,
    business_time_between,
    check_calendar,
    check_response_hours,
    clock_state,
    easter_sunday,
    french_public_holidays,
    next_opening,
    parse_hhmm,
)
from disputedesk.domain.errors import ValidationError

PARIS = ZoneInfo("Europe/Paris")
H = timedelta(hours=1)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def office(days=(0, 1, 2, 3, 4), **kw) -> ShopCalendar:
    """9:00-12:00 and 14:00-18:00 (7 h a day) on the given weekdays."""
    day = (TimeRange.of("9:00", "12:00"), TimeRange.of("14:00", "18:00"))
    return ShopCalendar(weekly=tuple(day if d in days else () for d in range(7)), **kw)


def always_open(**kw) -> ShopCalendar:
    return ShopCalendar(weekly=((TimeRange(0, 1440),),) * 7, **kw)


NO_HOLIDAYS = dict(french_holidays=False)


def test_easter_dates_match_the_calendar():
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2038) == date(2038, 4, 25)  # the latest possible
    assert easter_sunday(2285) == date(2285, 3, 22)  # the earliest possible


def test_french_public_holidays_2026():
    days = french_public_holidays(2026)
    assert len(days) == 11
    assert date(2026, 4, 6) in days  # Easter Monday
    assert date(2026, 5, 14) in days  # Ascension
    assert date(2026, 5, 25) in days  # Whit Monday
    assert date(2026, 4, 3) not in days  # Good Friday only in Alsace-Moselle
    alsace = french_public_holidays(2026, alsace_moselle=True)
    assert date(2026, 4, 3) in alsace and date(2026, 12, 26) in alsace


def test_within_one_day():
    cal = office(**NO_HOLIDAYS)
    start = paris(2026, 11, 23, 9, 30)  # Monday
    assert add_business_time(cal, start, 2 * H) == paris(2026, 11, 23, 11, 30)
    # 2 h 30 left at 9:30 before noon -> lunch break skipped
    assert add_business_time(cal, start, 3 * H) == paris(2026, 11, 23, 14, 30)


def test_48_hours_over_a_weekend():
    cal = office(**NO_HOLIDAYS)
    friday = paris(2026, 11, 27, 16, 0)  # 2 h left on Friday
    # 2 h on Friday + five 7-hour days (35 h) + Monday 7 Dec (7 h) = 44 h; 4 h more on Tuesday
    deadline = add_business_time(cal, friday, 48 * H)
    assert deadline == paris(2026, 12, 8, 15, 0)
    assert business_time_between(cal, friday, deadline) == 48 * H


def test_complaint_received_out_of_hours_starts_at_next_opening():
    cal = office(**NO_HOLIDAYS)
    saturday_night = paris(2026, 11, 28, 22, 15)
    assert next_opening(cal, saturday_night) == paris(2026, 11, 30, 9, 0)
    assert add_business_time(cal, saturday_night, 1 * H) == paris(2026, 11, 30, 10, 0)
    lunch = paris(2026, 11, 30, 12, 30)
    assert add_business_time(cal, lunch, 30 * timedelta(minutes=1)) == paris(2026, 11, 30, 14, 30)
    assert business_time_between(cal, saturday_night, paris(2026, 11, 30, 9, 0)) == timedelta(0)


def test_public_holidays_are_skipped():
    cal = office()
    # Tuesday 10 Nov 2026, 17:00: 1 h left; Wed 11 Nov is Armistice Day
    start = paris(2026, 11, 10, 17, 0)
    assert add_business_time(cal, start, 2 * H) == paris(2026, 11, 12, 10, 0)
    assert add_business_time(office(**NO_HOLIDAYS), start, 2 * H) == paris(2026, 11, 11, 10, 0)


def test_christmas_and_new_year():
    cal = office()
    start = paris(2026, 12, 24, 17, 0)  # Thursday; 25 Dec Friday is a holiday
    assert add_business_time(cal, start, 2 * H) == paris(2026, 12, 28, 10, 0)
    alsace = office(alsace_moselle=True)
    # 26 Dec 2025 (Friday) is a holiday in Alsace-Moselle only
    start = paris(2025, 12, 24, 17, 0)
    assert add_business_time(office(), start, 2 * H) == paris(2025, 12, 26, 10, 0)
    assert add_business_time(alsace, start, 2 * H) == paris(2025, 12, 29, 10, 0)


def test_closed_periods():
    cal = office(
        french_holidays=False,
        closed=(ClosedPeriod(date(2026, 8, 3), date(2026, 8, 21), "Congés"),),
    )
    start = paris(2026, 7, 31, 17, 0)  # Friday, 1 h left
    assert add_business_time(cal, start, 2 * H) == paris(2026, 8, 24, 10, 0)
    assert cal.closed_reason(date(2026, 8, 10)) == "Congés"
    assert cal.closed_reason(date(2026, 8, 22)) is None


def test_spring_forward_day_counts_real_hours():
    cal = always_open(**NO_HOLIDAYS)
    # 29 March 2026: clocks go from 02:00 to 03:00 in Paris; that day lasts 23 hours.
    start = paris(2026, 3, 29, 0, 0)
    end = paris(2026, 3, 30, 0, 0)
    assert business_time_between(cal, start, end) == 23 * H
    assert add_business_time(cal, start, 3 * H) == paris(2026, 3, 29, 4, 0)


def test_fall_back_day_counts_real_hours():
    cal = always_open(**NO_HOLIDAYS)
    # 25 October 2026: 03:00 CEST becomes 02:00 CET; that day lasts 25 hours.
    start = paris(2026, 10, 25, 0, 0)
    assert business_time_between(cal, start, paris(2026, 10, 26, 0, 0)) == 25 * H
    assert add_business_time(cal, start, 24 * H) == paris(2026, 10, 25, 23, 0)


def test_opening_hours_follow_the_wall_clock_across_dst():
    cal = office(**NO_HOLIDAYS)
    # Friday 27 March 2026 17:00 (CET, UTC+1), 1 h left; Monday 30 March is CEST (UTC+2).
    deadline = add_business_time(cal, paris(2026, 3, 27, 17, 0), 2 * H)
    assert deadline == paris(2026, 3, 30, 10, 0)
    assert deadline.astimezone(UTC) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def test_a_pause_moves_the_deadline_by_the_opening_time_it_covered():
    cal = office(**NO_HOLIDAYS)
    start = paris(2026, 11, 23, 9, 0)
    base = add_business_time(cal, start, 14 * H)
    assert base == paris(2026, 11, 24, 18, 0)
    pause = Pause(paris(2026, 11, 23, 11, 0), paris(2026, 11, 23, 16, 0))  # 3 h of opening
    assert add_business_time(cal, start, 14 * H, [pause]) == paris(2026, 11, 25, 12, 0)
    # A pause entirely outside opening hours changes nothing.
    night = Pause(paris(2026, 11, 23, 19, 0), paris(2026, 11, 24, 8, 0))
    assert add_business_time(cal, start, 14 * H, [night]) == base


def test_overlapping_pauses_count_once():
    cal = always_open(**NO_HOLIDAYS)
    start = paris(2026, 11, 23, 0, 0)
    pauses = [
        Pause(paris(2026, 11, 23, 1, 0), paris(2026, 11, 23, 3, 0)),
        Pause(paris(2026, 11, 23, 2, 0), paris(2026, 11, 23, 4, 0)),
    ]
    assert business_time_between(cal, start, paris(2026, 11, 23, 6, 0), pauses) == 3 * H


def test_an_ongoing_pause_has_no_deadline():
    cal = office(**NO_HOLIDAYS)
    start = paris(2026, 11, 23, 9, 0)
    pause = Pause(paris(2026, 11, 23, 10, 0))
    assert add_business_time(cal, start, 1 * H, [pause]) == paris(2026, 11, 23, 10, 0)
    assert add_business_time(cal, start, 2 * H, [pause]) is None


def test_clock_states():
    cal = office(**NO_HOLIDAYS)
    received = paris(2026, 11, 23, 9, 0)
    rt = 14 * H
    running = clock_state(cal, received, rt, paris(2026, 11, 23, 15, 0))
    assert running.status is ClockStatus.RUNNING
    assert running.used == 4 * H and running.remaining == 10 * H
    assert running.deadline == paris(2026, 11, 24, 18, 0)
    overdue = clock_state(cal, received, rt, paris(2026, 11, 25, 9, 30))
    assert overdue.status is ClockStatus.OVERDUE and overdue.remaining == -30 * timedelta(minutes=1)
    met = clock_state(
        cal, received, rt, paris(2026, 12, 1), acknowledged_at=paris(2026, 11, 24, 17, 0)
    )
    assert met.status is ClockStatus.MET
    missed = clock_state(
        cal, received, rt, paris(2026, 12, 1), acknowledged_at=paris(2026, 11, 25, 10, 0)
    )
    assert missed.status is ClockStatus.MISSED
    paused = clock_state(
        cal, received, rt, paris(2026, 11, 26), pauses=[Pause(paris(2026, 11, 23, 10, 0))]
    )
    assert paused.status is ClockStatus.PAUSED and paused.deadline is None
    assert paused.used == 1 * H


def test_calendar_validation():
    with pytest.raises(ValidationError) as err:
        check_calendar(ShopCalendar(weekly=((),) * 7))
    assert err.value.field == "hours"
    with pytest.raises(ValidationError) as err:
        check_calendar(ShopCalendar(weekly=((TimeRange(600, 540),),) + ((),) * 6))
    assert err.value.field == "hours.0"
    overlapping = (TimeRange.of("9:00", "12:00"), TimeRange.of("11:00", "13:00"))
    with pytest.raises(ValidationError):
        check_calendar(ShopCalendar(weekly=(overlapping,) + ((),) * 6))
    with pytest.raises(ValidationError) as err:
        check_calendar(office(closed=(ClosedPeriod(date(2026, 8, 2), date(2026, 8, 1)),)))
    assert err.value.field == "closed"
    with pytest.raises(ValidationError):
        check_calendar(office(timezone="Mars/Olympus"))
    unsorted = (TimeRange.of("14:00", "18:00"), TimeRange.of("9:00", "12:00"))
    ok = check_calendar(ShopCalendar(weekly=(unsorted,) + ((),) * 6))
    assert ok.weekly[0][0].start == 9 * 60


def test_parse_times_and_response_hours():
    assert parse_hhmm("9:30") == 570
    assert parse_hhmm("9h30") == 570
    assert parse_hhmm("18") == 1080
    assert parse_hhmm("24:00") == 1440
    for bad in ("25:00", "9:75", "abc", ""):
        with pytest.raises(ValidationError):
            parse_hhmm(bad)
    assert check_response_hours(48) == 48
    for bad in (0, 721, True, 4.5):
        with pytest.raises(ValidationError):
            check_response_hours(bad)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        add_business_time(office(), datetime(2026, 11, 23, 9), H)


moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
durations = st.integers(min_value=1, max_value=200 * 60).map(lambda m: timedelta(minutes=m))


@given(start=moments, duration=durations)
def test_adding_then_measuring_gives_the_duration_back(start, duration):
    cal = office(closed=(ClosedPeriod(date(2026, 8, 3), date(2026, 8, 21)),))
    deadline = add_business_time(cal, start, duration)
    assert deadline is not None and deadline > start
    assert business_time_between(cal, start, deadline) == duration
    # The deadline always falls inside opening hours, on an open day.
    local = deadline.astimezone(PARIS)
    assert cal.is_open_day(local.date())


@given(start=moments, duration=durations, pause_at=durations, pause_len=durations)
def test_a_pause_never_brings_the_deadline_forward(start, duration, pause_at, pause_len):
    cal = office()
    pause = Pause(start + pause_at, start + pause_at + pause_len)
    plain = add_business_time(cal, start, duration)
    paused = add_business_time(cal, start, duration, [pause])
    assert paused >= plain
    assert business_time_between(cal, start, paused, [pause]) == duration


def _walked(cal, start, end, pauses=()):
    """The reference: walk every opening range from `start`, minus the pause periods."""
    from disputedesk.domain.business_hours import _counted, _merged_pauses, open_intervals

    total = timedelta(0)
    days = (end - start).days + 2
    for a, b in _counted(open_intervals(cal, start, horizon_days=days), _merged_pauses(pauses)):
        if a >= end:
            break
        total += min(b, end) - a
    return total


spans = st.integers(min_value=0, max_value=500 * 24 * 60).map(lambda m: timedelta(minutes=m))
pause_lists = st.lists(st.tuples(durations, durations, st.booleans()), max_size=3)


@given(start=moments, span=spans, pauses=pause_lists, late_night=st.booleans())
def test_between_matches_the_walk_over_every_opening_range(start, span, pauses, late_night):
    """The ledger behind business_time_between (months in two look-ups) gives exactly the
    time of the walk, across holidays, closed weeks, DST changes, ranges up to 24:00 and
    pauses that overlap or never end."""
    week = office(days=(0, 1, 2, 3, 5)).weekly
    if late_night:
        week = (*week[:4], (TimeRange.of("18:00", "24:00"),), *week[5:])
    cal = ShopCalendar(
        weekly=week, closed=(ClosedPeriod(date(2026, 8, 3), date(2026, 8, 21), "Summer"),)
    )
    end = start + span
    ps = [
        Pause(start + offset, None if open_ended else start + offset + length)
        for offset, length, open_ended in pauses
    ]
    assert business_time_between(cal, start, end, ps) == _walked(cal, start, end, ps)
    # Asked in the other order (earlier days met after later ones), the same answer.
    earlier = start - timedelta(days=400)
    assert business_time_between(cal, earlier, start) == _walked(cal, earlier, start)
    assert business_time_between(cal, start, end, ps) == _walked(cal, start, end, ps)


long_durations = st.integers(min_value=0, max_value=30 * 24 * 60).map(
    lambda m: timedelta(minutes=m)
)
pause_offsets = st.integers(min_value=-3 * 24 * 60, max_value=60 * 24 * 60).map(
    lambda m: timedelta(minutes=m)
)


@given(
    start=moments,
    duration=long_durations,
    pauses=st.lists(st.tuples(pause_offsets, durations, st.booleans()), max_size=3),
    late_night=st.booleans(),
    always=st.booleans(),
    whole_hours=st.booleans(),
)
def test_deadline_matches_the_walk_over_every_opening_range(
    start, duration, pauses, late_night, always, whole_hours
):
    """business_deadline (each day's ranges computed once, whole days in one step) gives
    exactly add_business_time's walk: across holidays, a closed period, DST changes, ranges
    up to 24:00 and round the clock, pauses before, across or after the start, overlapping or
    never ending."""
    from disputedesk.domain.business_hours import business_deadline

    week = office(days=(0, 1, 2, 3, 5)).weekly
    if late_night:
        week = (*week[:4], (TimeRange.of("18:00", "24:00"),), *week[5:])
    if always:
        week = (*week[:6], (TimeRange(0, 1440),))
    cal = ShopCalendar(
        weekly=week, closed=(ClosedPeriod(date(2026, 8, 3), date(2026, 8, 21), "Summer"),)
    )
    if whole_hours:  # deadlines that end exactly at the close of a day
        start = start.replace(minute=0, second=0, microsecond=0)
        duration = timedelta(hours=duration // H)
    ps = [
        Pause(start + offset, None if open_ended else start + offset + length)
        for offset, length, open_ended in pauses
    ]
    assert business_deadline(cal, start, duration, ps) == add_business_time(
        cal, start, duration, ps
    )


def test_deadline_gives_up_beyond_the_horizon_like_the_walk():
    from disputedesk.domain.business_hours import business_deadline

    closed = tuple(ClosedPeriod(date(2026 + i, 1, 1), date(2026 + i, 12, 31)) for i in range(4))
    cal = office(closed=closed)
    start = paris(2025, 12, 31, 17, 0)
    assert add_business_time(cal, start, 2 * H) is None
    assert business_deadline(cal, start, 2 * H) is None
    assert business_deadline(cal, start, 1 * H) == add_business_time(cal, start, 1 * H)
    # Ongoing pause: the walk stops there; so does the ledger, even on a later open day.
    pause = Pause(paris(2025, 12, 31, 17, 30))
    assert business_deadline(office(), start, 2 * H, [pause]) is None
    assert business_deadline(office(), start, 20 * timedelta(minutes=1), [pause]) == paris(
        2025, 12, 31, 17, 20
    )


def test_a_range_in_the_hour_summer_time_skips_counts_for_nothing():
    """On 29 March 2026 Paris skips 02:00-03:00: a range 02:45-03:00 comes out reversed in
    UTC. The walk skips it; the ledger (between, deadlines) must not count it negative."""
    day = (TimeRange.of("02:45", "03:00"), TimeRange.of("09:00", "10:00"))
    cal = ShopCalendar(weekly=(day,) * 7, french_holidays=False)
    start, end = paris(2026, 3, 28, 12, 0), paris(2026, 3, 30, 12, 0)
    # 28th 02:45 is before the start; 29th: only 09-10; 30th: 02:45-03:00 and 09-10.
    assert business_time_between(cal, start, end) == 2 * H + timedelta(minutes=15)
    assert business_time_between(cal, start, end) == _walked(cal, start, end)
    deadline = add_business_time(cal, start, 2 * H)
    assert business_time_between(cal, start, deadline) == 2 * H
