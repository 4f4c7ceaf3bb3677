"""The acknowledgement clock: business time counted in the shop's opening hours.

Pure Python. A complaint must be acknowledged within the shop's response time (e.g. 48 h),
counted only while the shop is open (weekly opening hours, minus closed dates and French
public holidays), and not while the shop is waiting for the customer (pause periods).

Every interval is computed in the shop's time zone (Europe/Paris by default) and converted to
UTC before any arithmetic, so a day that changes to or from summer time counts the hours that
really elapsed (23 or 25 hours for a shop open round the clock).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from disputedesk.domain.errors import ValidationError
from disputedesk.i18n import N_

MINUTES_PER_DAY = 24 * 60
DEFAULT_TIMEZONE = "Europe/Paris"
DEFAULT_RESPONSE_HOURS = 48
# Beyond this many days without a single open minute, the clock gives up (no deadline).
HORIZON_DAYS = 800


@dataclass(frozen=True, slots=True, order=True)
class TimeRange:
    """Opening hours within one day, in minutes since local midnight (end may be 1440)."""

    start: int
    end: int

    @classmethod
    def of(cls, start: str, end: str) -> TimeRange:
        return cls(parse_hhmm(start), parse_hhmm(end))

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class ClosedPeriod:
    """Days the shop is closed (holidays, stock-taking…), first and last day included."""

    first: date
    last: date
    label: str = ""

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


Week = tuple[tuple[TimeRange, ...], ...]  # Monday (0) … Sunday (6)


def _default_week() -> Week:
    day = (TimeRange.of("09:00", "12:00"), TimeRange.of("14:00", "18:00"))
    return (day, day, day, day, day, (TimeRange.of("09:00", "12:00"),), ())


@dataclass(frozen=True, slots=True)
class ShopCalendar:
    weekly: Week = field(default_factory=_default_week)
    closed: tuple[ClosedPeriod, ...] = ()
    french_holidays: bool = True
    # Alsace and Moselle add Good Friday and 26 December (Code du travail L3134-13).
    alsace_moselle: bool = False
    timezone: str = DEFAULT_TIMEZONE

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.timezone)

    @property
    def weekly_minutes(self) -> int:
        return sum(r.minutes for day in self.weekly for r in day)

    def closed_reason(self, day: date) -> str | None:
        """Why the shop is closed all day on `day` (a holiday or closed period), else None."""
        for period in self.closed:
            if period.contains(day):
                return period.label or N_("Closed")
        if self.french_holidays:
            name = french_public_holidays(day.year, self.alsace_moselle).get(day)
            if name:
                return name
        return None

    def is_open_day(self, day: date) -> bool:
        return bool(self.weekly[day.weekday()]) and self.closed_reason(day) is None


@dataclass(frozen=True, slots=True)
class Pause:
    """A period when the clock stops (the shop waits for the customer); end None = ongoing."""

    start: datetime
    end: datetime | None = None


def parse_hhmm(text: str) -> int:
    """'9:30' -> 570; '24:00' is allowed as the end of a day."""
    raw = (text or "").strip().replace("h", ":").replace("H", ":")
    if ":" not in raw:
        raw = raw + ":00"
    hours, _, minutes = raw.partition(":")
    if not hours.isdigit() or not (minutes or "0").isdigit():
        raise ValidationError(N_("“{text}” is not a time (e.g. 9:30)."), field="hours", text=text)
    value = int(hours) * 60 + int(minutes or 0)
    if int(minutes or 0) >= 60 or value > MINUTES_PER_DAY:
        raise ValidationError(N_("“{text}” is not a time (e.g. 9:30)."), field="hours", text=text)
    return value


def format_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@cache
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            N_("Unknown time zone “{zone}”."), field="timezone", zone=name
        ) from exc


# --- French public holidays -------------------------------------------------------------


def easter_sunday(year: int) -> date:
    """Gregorian Easter (anonymous algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def french_public_holidays(year: int, alsace_moselle: bool = False) -> dict[date, str]:
    """The jours fériés of Code du travail L3133-1 (and L3134-13 for Alsace-Moselle)."""
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): N_("New Year's Day"),
        easter + timedelta(days=1): N_("Easter Monday"),
        date(year, 5, 1): N_("Labour Day"),
        date(year, 5, 8): N_("Victory in Europe Day"),
        easter + timedelta(days=39): N_("Ascension Day"),
        easter + timedelta(days=50): N_("Whit Monday"),
        date(year, 7, 14): N_("Bastille Day"),
        date(year, 8, 15): N_("Assumption Day"),
        date(year, 11, 1): N_("All Saints' Day"),
        date(year, 11, 11): N_("Armistice Day"),
        date(year, 12, 25): N_("Christmas Day"),
    }
    if alsace_moselle:
        days[easter - timedelta(days=2)] = N_("Good Friday")
        days[date(year, 12, 26)] = N_("St Stephen's Day")
    return days


# --- Validation ---------------------------------------------------------------------------


def check_calendar(cal: ShopCalendar) -> ShopCalendar:
    """Refuse a calendar the clock cannot use; returns it (ranges sorted) when it is sound."""
    _zone(cal.timezone)
    if len(cal.weekly) != 7:
        raise ValidationError(N_("Opening hours need the seven days of the week."), field="hours")
    week = []
    for weekday, ranges in enumerate(cal.weekly):
        ordered = tuple(sorted(ranges))
        previous_end = -1
        for r in ordered:
            if not 0 <= r.start < r.end <= MINUTES_PER_DAY:
                raise ValidationError(
                    N_("On day {day}, the opening {start}–{end} must end after it starts."),
                    field=f"hours.{weekday}",
                    day=weekday + 1,
                    start=format_hhmm(r.start),
                    end=format_hhmm(r.end),
                )
            if r.start < previous_end:
                raise ValidationError(
                    N_("On day {day}, two opening periods overlap."),
                    field=f"hours.{weekday}",
                    day=weekday + 1,
                )
            previous_end = r.end
        week.append(ordered)
    if not any(week):
        raise ValidationError(
            N_("The shop must be open at least once a week for the clock to run."),
            field="hours",
        )
    for period in cal.closed:
        if period.last < period.first:
            raise ValidationError(
                N_("A closed period must end on or after its first day."), field="closed"
            )
        if (period.last - period.first).days > 366:
            raise ValidationError(
                N_("A closed period cannot last more than a year."), field="closed"
            )
    return ShopCalendar(
        weekly=tuple(week),
        closed=tuple(sorted(cal.closed, key=lambda p: (p.first, p.last))),
        french_holidays=cal.french_holidays,
        alsace_moselle=cal.alsace_moselle,
        timezone=cal.timezone,
    )


def check_response_hours(hours: int) -> int:
    if isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= 24 * 30:
        raise ValidationError(
            N_("The response time must be between 1 hour and 30 days."),
            field="response_time_hours",
        )
    return hours


# --- Interval arithmetic -------------------------------------------------------------------


def _utc(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive datetime refused: business hours need aware datetimes")
    return dt.astimezone(UTC)


def _local_moment(cal: ShopCalendar, day: date, minutes: int) -> datetime:
    if minutes >= MINUTES_PER_DAY:
        day, minutes = day + timedelta(days=1), minutes - MINUTES_PER_DAY
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=cal.zone)
    # A wall time that does not exist (spring forward) normalises through UTC.
    return local.astimezone(UTC)


def open_intervals(
    cal: ShopCalendar, start: datetime, *, horizon_days: int = HORIZON_DAYS
) -> Iterator[tuple[datetime, datetime]]:
    """Opening intervals (UTC) from `start` onwards, the first one clipped to `start`."""
    start = _utc(start)
    day = start.astimezone(cal.zone).date() - timedelta(days=1)  # a range may cross midnight
    for _ in range(horizon_days + 2):
        if cal.weekly[day.weekday()] and cal.closed_reason(day) is None:
            for r in cal.weekly[day.weekday()]:
                a = _local_moment(cal, day, r.start)
                b = _local_moment(cal, day, r.end)
                if b <= start or b <= a:
                    continue
                yield max(a, start), b
        day += timedelta(days=1)


def _merged_pauses(pauses: Iterable[Pause]) -> list[tuple[datetime, datetime | None]]:
    items = sorted(
        ((_utc(p.start), _utc(p.end) if p.end else None) for p in pauses),
        key=lambda p: p[0],
    )
    merged: list[tuple[datetime, datetime | None]] = []
    for s, e in items:
        if e is not None and e <= s:
            continue
        if merged and (merged[-1][1] is None or s <= merged[-1][1]):
            last_s, last_e = merged[-1]
            end = None if (last_e is None or e is None) else max(last_e, e)
            merged[-1] = (last_s, end)
        else:
            merged.append((s, e))
    return merged


def _counted(
    intervals: Iterable[tuple[datetime, datetime]],
    pauses: list[tuple[datetime, datetime | None]],
) -> Iterator[tuple[datetime, datetime]]:
    """Opening intervals minus the pause periods."""
    for a, b in intervals:
        cursor = a
        for ps, pe in pauses:
            if pe is not None and pe <= cursor:
                continue
            if ps >= b:
                break
            if ps > cursor:
                yield cursor, ps
            if pe is None:
                return
            cursor = max(cursor, pe)
            if cursor >= b:
                break
        if cursor < b:
            yield cursor, b


def add_business_time(
    cal: ShopCalendar, start: datetime, duration: timedelta, pauses: Iterable[Pause] = ()
) -> datetime | None:
    """The moment `duration` of opening time has elapsed after `start`, pauses excluded.

    None when it never arrives: an ongoing pause, or no opening within the horizon.
    A complaint received outside opening hours starts counting at the next opening.
    """
    remaining = duration
    if remaining <= timedelta(0):
        return _utc(start)
    for a, b in _counted(open_intervals(cal, start), _merged_pauses(pauses)):
        span = b - a
        if span >= remaining:
            return a + remaining
        remaining -= span
    return None


@dataclass(frozen=True, slots=True)
class _WalkDay:
    ranges: tuple[tuple[datetime, datetime], ...]  # UTC, in the order of the weekly hours
    total: timedelta
    first: datetime | None  # earliest start among the ranges
    last: datetime | None  # latest end among the ranges


_NO_OPENING = _WalkDay((), timedelta(0), None, None)


class _OpeningLedger:
    """Opening time accumulated day by day for one calendar, so the opening time between two
    moments costs two look-ups instead of a walk over every opening range in between (the
    dashboard measures thousands of responses, some months long).

    A day's ranges lie within that local day (an end is at most 24:00), so the opening time
    before a moment is: the whole days before its local day, plus that day's ranges up to it.
    """

    def __init__(self, cal: ShopCalendar) -> None:
        self._cal = cal
        self._lock = threading.Lock()  # shared by the worker threads
        self._base: int | None = None  # ordinal of the first day counted in _before
        self._before: list[timedelta] = []  # opening time before day _base + i
        # A day's opening ranges never change for one calendar: each is computed once (the
        # Today view asks for thousands of deadlines, each over the same few days).
        self._days: dict[int, _WalkDay] = {}

    def walk_day(self, ordinal: int) -> _WalkDay:
        """The day's ranges as `open_intervals` yields them (UTC, in the order of the weekly
        hours), with their total and bounds."""
        found = self._days.get(ordinal)
        if found is None:
            cal, day = self._cal, date.fromordinal(ordinal)
            found = _NO_OPENING
            if cal.weekly[day.weekday()] and cal.closed_reason(day) is None:
                # As open_intervals: a range starting in the hour skipped when summer time
                # begins can come out empty or reversed in UTC; it counts for nothing.
                moments = (
                    (_local_moment(cal, day, r.start), _local_moment(cal, day, r.end))
                    for r in cal.weekly[day.weekday()]
                )
                ranges = tuple((a, b) for a, b in moments if b > a)
                if ranges:
                    found = _WalkDay(
                        ranges,
                        sum((b - a for a, b in ranges), timedelta(0)),
                        min(a for a, _b in ranges),
                        max(b for _a, b in ranges),
                    )
            self._days[ordinal] = found
        return found

    def _before_day(self, ordinal: int) -> timedelta:
        if self._base is None or ordinal < self._base:
            # (Re)start a year earlier than asked, so nearby earlier days are at hand.
            self._base = ordinal - 366
            self._before = [timedelta(0)]
        while self._base + len(self._before) <= ordinal:
            day = self._base + len(self._before) - 1
            self._before.append(self._before[-1] + self.walk_day(day).total)
        return self._before[ordinal - self._base]

    def _until(self, moment: datetime) -> timedelta:
        """Opening time from the ledger's first day to `moment` (UTC-aware)."""
        ordinal = moment.astimezone(self._cal.zone).date().toordinal()
        total = self._before_day(ordinal)
        for a, b in self.walk_day(ordinal).ranges:
            if a < moment:
                total += min(b, moment) - a
        return total

    def span(self, start: datetime, end: datetime) -> timedelta:
        """Opening time between two UTC-aware moments (`start` <= `end`)."""
        with self._lock:  # both ends counted from the same first day
            before = self._until(start)  # moves the first day back first, if it must
            return self._until(end) - before  # a later day never moves it back


@lru_cache(maxsize=8)
def _ledger(cal: ShopCalendar) -> _OpeningLedger:
    return _OpeningLedger(cal)


def business_time_between(
    cal: ShopCalendar, start: datetime, end: datetime, pauses: Iterable[Pause] = ()
) -> timedelta:
    """Opening time elapsed between `start` and `end`, pauses excluded.

    The same time as walking `open_intervals` from `start` to `end` minus the pauses (the
    tests check it against that walk): the merged pauses do not overlap, so each one's
    opening time is subtracted once.
    """
    start, end = _utc(start), _utc(end)
    if end <= start:
        return timedelta(0)
    ledger = _ledger(cal)
    total = ledger.span(start, end)
    for ps, pe in _merged_pauses(pauses):
        a, b = max(ps, start), end if pe is None else min(pe, end)
        if b > a:
            total -= ledger.span(a, b)
    return total


def business_deadline(
    cal: ShopCalendar, start: datetime, duration: timedelta, pauses: Iterable[Pause] = ()
) -> datetime | None:
    """The same moment as `add_business_time` (the tests check it against that walk), for
    when thousands are asked at once: each day's opening ranges come from the calendar's
    ledger, computed once, and a day that the start and the pauses leave whole is taken in
    one step (its total) unless the duration ends within it.
    """
    start = _utc(start)
    remaining = duration
    if remaining <= timedelta(0):
        return start
    pauses_ = _merged_pauses(pauses)
    ledger = _ledger(cal)
    first = start.astimezone(cal.zone).date().toordinal() - 1  # as open_intervals does
    for ordinal in range(first, first + HORIZON_DAYS + 2):
        day = ledger.walk_day(ordinal)
        if not day.ranges:
            continue
        if (
            day.total < remaining
            and day.first >= start
            and not any(ps < day.last and (pe is None or pe > day.first) for ps, pe in pauses_)
        ):
            remaining -= day.total  # every range counts whole: no clipping, no pause
            continue
        for a, b in _counted(((max(a, start), b) for a, b in day.ranges if b > start), pauses_):
            span = b - a
            if span >= remaining:
                return a + remaining
            remaining -= span
        if pauses_ and pauses_[-1][1] is None and pauses_[-1][0] < day.last:
            # An ongoing pause has begun: nothing after it ever counts, so the walk ends with
            # None; stop now rather than look at every remaining day of the horizon.
            return None
    return None


def next_opening(cal: ShopCalendar, moment: datetime) -> datetime | None:
    """The moment the shop is (or next is) open, from `moment` on."""
    for a, _b in open_intervals(cal, moment):
        return a
    return None


# --- The acknowledgement clock ------------------------------------------------------------


class ClockStatus(StrEnum):
    RUNNING = "running"  # not acknowledged yet, time left
    PAUSED = "paused"  # waiting for the customer right now
    OVERDUE = "overdue"  # not acknowledged, deadline passed
    MET = "met"  # acknowledged within the response time
    MISSED = "missed"  # acknowledged, but after the deadline


@dataclass(frozen=True, slots=True)
class ClockState:
    status: ClockStatus
    received_at: datetime
    response_time: timedelta
    deadline: datetime | None  # None while paused (it moves when the pause ends)
    used: timedelta  # business time counted so far (or until the acknowledgement)
    acknowledged_at: datetime | None = None

    @property
    def remaining(self) -> timedelta:
        """Business time left (negative once overdue)."""
        return self.response_time - self.used

    @property
    def is_done(self) -> bool:
        return self.status in (ClockStatus.MET, ClockStatus.MISSED)


def clock_state(
    cal: ShopCalendar,
    received_at: datetime,
    response_time: timedelta,
    now: datetime,
    *,
    acknowledged_at: datetime | None = None,
    pauses: Iterable[Pause] = (),
) -> ClockState:
    pauses = tuple(pauses)
    received_at, now = _utc(received_at), _utc(now)
    end = _utc(acknowledged_at) if acknowledged_at else now
    used = business_time_between(cal, received_at, end, pauses)
    deadline = business_deadline(cal, received_at, response_time, pauses)
    if acknowledged_at is not None:
        on_time = used <= response_time
        status = ClockStatus.MET if on_time else ClockStatus.MISSED
    elif any(p.start <= now and (p.end is None or p.end > now) for p in pauses):
        status = ClockStatus.PAUSED
        deadline = None
    elif used >= response_time:
        status = ClockStatus.OVERDUE
    else:
        status = ClockStatus.RUNNING
    return ClockState(
        status=status,
        received_at=received_at,
        response_time=response_time,
        deadline=deadline,
        used=used,
        acknowledged_at=_utc(acknowledged_at) if acknowledged_at else None,
    )
