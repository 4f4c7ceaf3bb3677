"""The drawn timeline: one lane per kind of event, time flowing left to right.

Custom-painted (no item per event): positions are kept in one sorted list and only the
visible slice is drawn, so thousands of journal entries cost nothing while scrolling.
Mouse: click an event to open it, hover for a tooltip, wheel to scroll, Ctrl+wheel to zoom.
Keyboard: ←/→ previous/next event, Home/End, Enter opens, +/− zoom, 0 fits everything.
"""

from __future__ import annotations

import bisect
import math
from datetime import UTC, datetime, timedelta

from babel.dates import format_date, format_datetime
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip

from disputedesk.domain.timeline import DeadlineStatus, EventKind, Timeline, TimelineEvent
from disputedesk.i18n import _, ngettext, ui_locale

LANES = tuple(EventKind)
GUTTER = 150  # lane labels
AXIS = 34  # date axis at the top
LANE_H = 46
MARK = 7  # marker radius
MIN_SCALE = 1 / (3600 * 24 * 400)  # px per second: a year in ~1 px … fine enough
MAX_SCALE = 400 / 3600  # 400 px per hour

OVERDUE_RED = QColor("#d32f2f")
COLORS = {
    "incoming": QColor("#1f77d0"),
    "outgoing": QColor("#2e9d5b"),
    "internal": QColor("#8a8f98"),
    EventKind.DOCUMENT: QColor("#8e5bd0"),
    EventKind.PAYMENT: QColor("#c28a00"),
    DeadlineStatus.MET: QColor("#2e9d5b"),
    DeadlineStatus.MISSED: QColor("#e08a00"),
    DeadlineStatus.OVERDUE: OVERDUE_RED,
}
STAGE_TINTS = ("#5b8def", "#49a6a6")

# Tick steps (seconds) with how to label them.
TICKS = (
    (3600, "hour"),
    (6 * 3600, "hour"),
    (86400, "day"),
    (7 * 86400, "day"),
    (30 * 86400, "month"),
    (91 * 86400, "month"),
    (365 * 86400, "year"),
)


def event_color(event: TimelineEvent, palette: QPalette) -> QColor:
    if event.kind is EventKind.STAGE:
        return palette.color(QPalette.ColorRole.Highlight)
    if event.kind is EventKind.JOURNAL:
        return COLORS.get(event.variant, COLORS["internal"])
    if event.kind is EventKind.DEADLINE:
        return COLORS.get(event.deadline, palette.color(QPalette.ColorRole.Text))
    return COLORS[event.kind]


class TimelineCanvas(QAbstractScrollArea):
    sig_activated = Signal(object)  # TimelineEvent (click, Enter)
    sig_selected = Signal(object)  # TimelineEvent | None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.viewport().setMouseTracking(True)
        self.setAccessibleName(_("Timeline"))
        self.setMinimumHeight(AXIS + LANE_H * len(LANES) + 24)
        self._timeline: Timeline | None = None
        self._t0 = 0.0  # epoch seconds at x = 0
        self._scale = 1 / 3600  # px per second
        self._times: list[float] = []  # event times (epoch s), sorted
        self._by_lane: dict[EventKind, list[int]] = {k: [] for k in LANES}
        self._selected: int | None = None
        self._fitted = True
        self.horizontalScrollBar().valueChanged.connect(self.viewport().update)

    # --- Data ---------------------------------------------------------------------------

    @property
    def timeline(self) -> Timeline | None:
        return self._timeline

    @property
    def events(self) -> tuple[TimelineEvent, ...]:
        return self._timeline.events if self._timeline else ()

    def set_timeline(self, timeline: Timeline | None, *, keep_view: bool = False) -> None:
        previous = self.selected_event()
        self._timeline = timeline
        events = self.events
        self._times = [e.at.timestamp() for e in events]
        self._by_lane = {k: [] for k in LANES}
        for i, e in enumerate(events):
            self._by_lane[e.kind].append(i)
        self._selected = None
        if previous is not None:
            for i, e in enumerate(events):
                if (e.kind, e.ref_id) == (previous.kind, previous.ref_id):
                    self._selected = i
                    break
        if timeline is not None:
            span = max(timeline.end.timestamp() - timeline.start.timestamp(), 3600.0)
            pad = max(span * 0.04, 6 * 3600)
            self._t0 = timeline.start.timestamp() - pad
            self._t1 = timeline.end.timestamp() + pad
        if not keep_view or self._fitted:
            self.fit()
        else:
            self._update_scrollbar()
        self.viewport().update()
        self._announce()

    # --- Geometry -----------------------------------------------------------------------

    def x_of(self, t: float) -> float:
        return GUTTER + (t - self._t0) * self._scale - self.horizontalScrollBar().value()

    def t_of(self, x: float) -> float:
        return self._t0 + (x - GUTTER + self.horizontalScrollBar().value()) / self._scale

    def lane_rect(self, lane: int) -> QRectF:
        return QRectF(0, AXIS + lane * LANE_H, self.viewport().width(), LANE_H)

    def event_pos(self, index: int) -> QPointF:
        e = self.events[index]
        lane = LANES.index(e.kind)
        return QPointF(self.x_of(self._times[index]), AXIS + lane * LANE_H + LANE_H / 2)

    def _content_width(self) -> float:
        if self._timeline is None:
            return 0
        return (self._t1 - self._t0) * self._scale

    def _update_scrollbar(self) -> None:
        width = max(self.viewport().width() - GUTTER, 1)
        bar = self.horizontalScrollBar()
        bar.setRange(0, max(0, math.ceil(self._content_width() - width)))
        bar.setPageStep(width)
        bar.setSingleStep(max(width // 10, 1))

    def fit(self) -> None:
        if self._timeline is None:
            return
        width = max(self.viewport().width() - GUTTER - 4, 50)
        self._scale = min(max(width / max(self._t1 - self._t0, 1), MIN_SCALE), MAX_SCALE)
        self._fitted = True
        self._update_scrollbar()
        self.horizontalScrollBar().setValue(0)
        self.viewport().update()

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        if self._timeline is None:
            return
        if anchor_x is None:
            anchor_x = GUTTER + (self.viewport().width() - GUTTER) / 2
        anchor_t = self.t_of(anchor_x)
        self._scale = min(max(self._scale * factor, MIN_SCALE), MAX_SCALE)
        self._fitted = False
        self._update_scrollbar()
        self.horizontalScrollBar().setValue(
            round((anchor_t - self._t0) * self._scale - (anchor_x - GUTTER))
        )
        self.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()
        else:
            self._update_scrollbar()

    # --- Selection ----------------------------------------------------------------------

    def selected_event(self) -> TimelineEvent | None:
        if self._selected is None or self._selected >= len(self.events):
            return None
        return self.events[self._selected]

    def select(self, index: int | None, *, ensure_visible: bool = True) -> None:
        if index is not None and not 0 <= index < len(self.events):
            return
        self._selected = index
        if index is not None and ensure_visible:
            x = self.event_pos(index).x()
            left, right = GUTTER + 20, self.viewport().width() - 20
            bar = self.horizontalScrollBar()
            if x < left:
                bar.setValue(round(bar.value() - (left - x)))
            elif x > right:
                bar.setValue(round(bar.value() + (x - right)))
        self.viewport().update()
        self._announce()
        self.sig_selected.emit(self.selected_event())

    def _announce(self) -> None:
        e = self.selected_event()
        if e is None:
            count = len(self.events)
            self.setAccessibleDescription(
                ngettext(
                    "{count} event. Use the arrow keys to move, Enter to open.",
                    "{count} events. Use the arrow keys to move, Enter to open.",
                    count,
                ).format(count=count)
            )
        else:
            self.setAccessibleDescription(describe(e))

    def hit(self, pos: QPointF) -> int | None:
        """The event under `pos` (nearest in its lane within a few pixels), or None."""
        if pos.y() < AXIS or pos.x() < GUTTER:
            return None
        lane = int((pos.y() - AXIS) // LANE_H)
        if not 0 <= lane < len(LANES):
            return None
        indexes = self._by_lane[LANES[lane]]
        if not indexes:
            return None
        t = self.t_of(pos.x())
        times = [self._times[i] for i in indexes] if len(indexes) < 64 else None
        if times is None:
            lo, hi = 0, len(indexes)
            while lo < hi:  # bisect on the lane's (sorted) times without copying them
                mid = (lo + hi) // 2
                if self._times[indexes[mid]] < t:
                    lo = mid + 1
                else:
                    hi = mid
            pos_in_lane = lo
        else:
            pos_in_lane = bisect.bisect_left(times, t)
        best, best_dx = None, MARK + 4.0
        for j in (pos_in_lane - 1, pos_in_lane):
            if 0 <= j < len(indexes):
                dx = abs(self.x_of(self._times[indexes[j]]) - pos.x())
                if dx <= best_dx:
                    best, best_dx = indexes[j], dx
        return best

    # --- Input --------------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.hit(event.position())
            if index is not None:
                self.select(index, ensure_visible=False)
                self.sig_activated.emit(self.events[index])
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        index = self.hit(event.position())
        cursor = (
            Qt.CursorShape.PointingHandCursor if index is not None else Qt.CursorShape.ArrowCursor
        )
        self.viewport().setCursor(cursor)
        super().mouseMoveEvent(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            index = self.hit(QPointF(event.pos()))
            if index is not None:
                QToolTip.showText(event.globalPos(), describe(self.events[index]), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def wheelEvent(self, event) -> None:
        delta = event.angleDelta().y() or event.angleDelta().x()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.25 if delta > 0 else 0.8, event.position().x())
        else:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - delta)
        event.accept()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        n = len(self.events)
        current = self._selected
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down) and n:
            self.select(0 if current is None else min(current + 1, n - 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up) and n:
            self.select(n - 1 if current is None else max(current - 1, 0))
        elif key == Qt.Key.Key_Home and n:
            self.select(0)
        elif key == Qt.Key.Key_End and n:
            self.select(n - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.selected_event() is not None:
                self.sig_activated.emit(self.selected_event())
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.5)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / 1.5)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    # --- Painting -----------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        w, h = self.viewport().width(), self.viewport().height()
        p.fillRect(0, 0, w, h, pal.color(QPalette.ColorRole.Base))
        alt = pal.color(QPalette.ColorRole.AlternateBase)
        for lane in range(len(LANES)):
            if lane % 2:
                p.fillRect(self.lane_rect(lane), alt)
        if self._timeline is None:
            self._paint_gutter(p, pal)
            return
        p.save()
        p.setClipRect(QRectF(GUTTER, 0, w - GUTTER, h))
        self._paint_axis(p, pal, w)
        self._paint_stage_bands(p, pal, w)
        self._paint_today(p, pal, h)
        self._paint_events(p, pal, w)
        p.restore()
        self._paint_gutter(p, pal)

    def _paint_gutter(self, p: QPainter, pal: QPalette) -> None:
        p.fillRect(
            QRectF(0, 0, GUTTER, self.viewport().height()), pal.color(QPalette.ColorRole.Window)
        )
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        for lane, kind in enumerate(LANES):
            count = len(self._by_lane[kind])
            rect = self.lane_rect(lane).adjusted(8, 0, 0, 0)
            rect.setWidth(GUTTER - 12)
            label = f"{kind.label} ({count})" if count else kind.label
            p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, label)
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.drawLine(QPointF(GUTTER, 0), QPointF(GUTTER, self.viewport().height()))

    def _paint_axis(self, p: QPainter, pal: QPalette, w: int) -> None:
        step, unit = next(
            ((s, u) for s, u in TICKS if s * self._scale >= 90), (TICKS[-1][0], "year")
        )
        t_left, t_right = self.t_of(GUTTER), self.t_of(w)
        grid = QPen(pal.color(QPalette.ColorRole.Midlight), 1)
        text_pen = QPen(pal.color(QPalette.ColorRole.Text))
        zone = datetime.now().astimezone().tzinfo
        for t in _ticks(t_left, t_right, step, unit, zone):
            x = self.x_of(t)
            p.setPen(grid)
            p.drawLine(QPointF(x, AXIS - 6), QPointF(x, AXIS + LANE_H * len(LANES)))
            if x + 3 < GUTTER:
                continue
            p.setPen(text_pen)
            moment = datetime.fromtimestamp(t, UTC).astimezone(zone)
            p.drawText(
                QRectF(x + 3, 4, 200, AXIS - 8),
                Qt.AlignmentFlag.AlignLeft,
                _tick_label(moment, unit),
            )

    def _paint_stage_bands(self, p: QPainter, pal: QPalette, w: int) -> None:
        stages = self._by_lane[EventKind.STAGE]
        if not stages:
            return
        rect = self.lane_rect(0)
        end_t = self._timeline.now.timestamp()
        font = QFont(p.font())
        for n, index in enumerate(stages):
            x0 = self.x_of(self._times[index])
            last = n + 1 == len(stages)
            t_next = self._times[stages[n + 1]] if not last else max(end_t, self._times[index])
            x1 = self.x_of(t_next)
            if x1 < GUTTER or x0 > w:
                continue
            band = QRectF(x0, rect.top() + 10, max(x1 - x0, 2), rect.height() - 20)
            color = QColor(STAGE_TINTS[n % 2])
            color.setAlpha(70)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawRoundedRect(band, 4, 4)
            visible = band.intersected(QRectF(GUTTER, band.top(), w - GUTTER, band.height()))
            if visible.width() > 40:
                p.setPen(pal.color(QPalette.ColorRole.Text))
                p.setFont(font)
                text_rect = visible.adjusted(MARK + 6, 0, -4, 0)
                text = p.fontMetrics().elidedText(
                    self.events[index].title, Qt.TextElideMode.ElideRight, int(text_rect.width())
                )
                p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_today(self, p: QPainter, pal: QPalette, h: int) -> None:
        x = self.x_of(self._timeline.now.timestamp())
        color = pal.color(QPalette.ColorRole.Highlight)
        p.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x, AXIS - 4), QPointF(x, AXIS + LANE_H * len(LANES)))
        label = _("Today")
        width = p.fontMetrics().horizontalAdvance(label) + 10
        box = QRectF(x - width / 2, AXIS + LANE_H * len(LANES) + 2, width, 18)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawRoundedRect(box, 4, 4)
        p.setPen(pal.color(QPalette.ColorRole.HighlightedText))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_events(self, p: QPainter, pal: QPalette, w: int) -> None:
        t_left = self.t_of(GUTTER - MARK * 2)
        t_right = self.t_of(w + MARK * 2)
        lo = bisect.bisect_left(self._times, t_left)
        hi = bisect.bisect_right(self._times, t_right)
        outline = QPen(pal.color(QPalette.ColorRole.Base), 1.5)
        last_x: dict[EventKind, float] = {}
        for i in range(lo, hi):
            e = self.events[i]
            pos = self.event_pos(i)
            # Thousands of marks can share a pixel: draw one per pixel column and lane.
            if i != self._selected and abs(last_x.get(e.kind, -99) - pos.x()) < 1:
                continue
            last_x[e.kind] = pos.x()
            _draw_mark(p, e, pos, event_color(e, pal), outline, pal)
        if self._selected is not None and lo <= self._selected < hi:
            pos = self.event_pos(self._selected)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(pal.color(QPalette.ColorRole.Text), 2))
            p.drawEllipse(pos, MARK + 5, MARK + 5)


def _draw_mark(p: QPainter, e: TimelineEvent, pos: QPointF, color: QColor, outline, pal) -> None:
    p.setPen(outline)
    p.setBrush(QBrush(color))
    r = MARK
    if e.kind is EventKind.STAGE:
        path = QPainterPath()
        path.moveTo(pos.x(), pos.y() - r - 1)
        path.lineTo(pos.x() + r + 1, pos.y())
        path.lineTo(pos.x(), pos.y() + r + 1)
        path.lineTo(pos.x() - r - 1, pos.y())
        path.closeSubpath()
        p.drawPath(path)
    elif e.kind is EventKind.DOCUMENT:
        p.drawRect(QRectF(pos.x() - r + 1, pos.y() - r, 2 * r - 2, 2 * r))
    elif e.kind is EventKind.DEADLINE:
        path = QPainterPath()  # a flag-like triangle
        path.moveTo(pos.x(), pos.y() - r - 2)
        path.lineTo(pos.x() + r + 1, pos.y() + r)
        path.lineTo(pos.x() - r - 1, pos.y() + r)
        path.closeSubpath()
        if e.deadline is DeadlineStatus.UPCOMING:
            p.setBrush(pal.color(QPalette.ColorRole.Base))
            p.setPen(QPen(pal.color(QPalette.ColorRole.Text), 1.5))
        p.drawPath(path)
        if e.deadline is DeadlineStatus.OVERDUE:
            p.setPen(QPen(OVERDUE_RED, 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(pos, r + 5, r + 5)
    else:
        p.drawEllipse(pos, r, r)


def _ticks(t_left: float, t_right: float, step: int, unit: str, zone) -> list[float]:
    """Tick times aligned on local midnights / month starts / year starts."""
    out: list[float] = []
    start = datetime.fromtimestamp(max(t_left, 0), UTC).astimezone(zone)
    if unit == "hour":
        moment = start.replace(minute=0, second=0, microsecond=0)
        delta = timedelta(seconds=step)
    elif unit == "day":
        moment = start.replace(hour=0, minute=0, second=0, microsecond=0)
        if step >= 7 * 86400:
            moment -= timedelta(days=moment.weekday())
        delta = timedelta(seconds=step)
    else:
        moment = start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        if unit == "year":
            moment = moment.replace(month=1)
        delta = None
    months = {30 * 86400: 1, 91 * 86400: 3, 365 * 86400: 12}.get(step, 1)
    for _n in range(400):
        t = moment.timestamp()
        if t > t_right:
            break
        if t >= t_left - step:
            out.append(t)
        if delta is not None:
            naive = moment.replace(tzinfo=None) + delta
            moment = naive.replace(tzinfo=zone)
        else:
            month = moment.month - 1 + months
            moment = moment.replace(year=moment.year + month // 12, month=month % 12 + 1)
    return out


def _tick_label(moment: datetime, unit: str) -> str:
    loc = ui_locale()
    if unit == "hour":
        return format_datetime(moment, "d MMM HH:mm", locale=loc)
    if unit == "day":
        return format_date(moment.date(), "d MMM", locale=loc)
    if unit == "month":
        return format_date(moment.date(), "MMM yyyy", locale=loc)
    return format_date(moment.date(), "yyyy", locale=loc)


def format_moment(moment: datetime, all_day: bool = False) -> str:
    if all_day:
        return format_date(moment.date(), "long", locale=ui_locale())
    return format_datetime(moment.astimezone(), "d MMM yyyy, HH:mm", locale=ui_locale())


def describe(e: TimelineEvent) -> str:
    """One line for tooltips, the details strip and screen readers."""
    parts = [format_moment(e.at, e.all_day), e.kind.label, e.title]
    if e.amount is not None:
        parts.append(e.amount.format(ui_locale()))
    if e.detail:
        parts.append(e.detail)
    return " — ".join(p for p in parts if p)
