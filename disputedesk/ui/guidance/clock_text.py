"""Words for the acknowledgement clock ("10 h 30 of opening time left", "due Tuesday 18:00")."""

from __future__ import annotations

from datetime import timedelta

from babel.dates import format_datetime

from disputedesk.domain.business_hours import ClockState, ClockStatus
from disputedesk.i18n import _, ui_locale


def duration_text(value: timedelta) -> str:
    """Opening time as hours and minutes: '2 h 05', '45 min'."""
    minutes = int(abs(value).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours == 0:
        return _("{minutes} min").format(minutes=minutes)
    if minutes == 0:
        return _("{hours} h").format(hours=hours)
    return _("{hours} h {minutes:02d}").format(hours=hours, minutes=minutes)


def moment_text(moment) -> str:
    loc = ui_locale()
    return format_datetime(moment.astimezone(), "EEEE d MMMM, HH:mm", locale=loc)


def clock_text(clock: ClockState) -> str:
    """One sentence saying where the acknowledgement stands."""
    total = duration_text(clock.response_time)
    if clock.status is ClockStatus.MET:
        return _("Acknowledged on {date}, within the response time ({used} of {total}).").format(
            date=moment_text(clock.acknowledged_at), used=duration_text(clock.used), total=total
        )
    if clock.status is ClockStatus.MISSED:
        return _("Acknowledged on {date}, {late} after the response time.").format(
            date=moment_text(clock.acknowledged_at),
            late=duration_text(clock.used - clock.response_time),
        )
    if clock.status is ClockStatus.PAUSED:
        return _(
            "Clock paused while you wait for the customer: {left} of opening time left."
        ).format(left=duration_text(clock.remaining))
    if clock.status is ClockStatus.OVERDUE:
        return _("Acknowledgement overdue since {date} ({late} of opening time late).").format(
            date=moment_text(clock.deadline), late=duration_text(clock.remaining)
        )
    return _("Acknowledge by {date}: {left} of opening time left (of {total}).").format(
        date=moment_text(clock.deadline), left=duration_text(clock.remaining), total=total
    )
