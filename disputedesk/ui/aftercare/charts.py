"""Bar charts drawn with QPainter from a ChartSpec (no QtCharts: PySide6-Addons is hundreds
of MB). Horizontal bars for categories, grouped vertical bars for months; every bar carries
its number, so the chart reads without a legend or axis. `render_png()` draws off screen at
any scale for the PNG export."""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from disputedesk.domain.money import Money
from disputedesk.i18n import _
from disputedesk.services.dashboard_service import ChartSpec
from disputedesk.ui.aftercare.common import ui_locale

PALETTE = (QColor("#2f6f8f"), QColor("#7fb069"), QColor("#e0a458"), QColor("#c8553d"))
INK = QColor("#222222")
MUTED = QColor("#666666")
GRID = QColor("#dddddd")


def value_text(spec: ChartSpec, value: int, currency: str) -> str:
    if spec.money:
        return Money(value, currency).format(ui_locale())
    return str(value)


def paint_chart(p: QPainter, rect: QRectF, spec: ChartSpec, currency: str) -> None:
    """Draw `spec` inside `rect` (title on top, bars below)."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(rect, QColor("white"))
    base = QFont(p.font())
    title_font = QFont(base)
    title_font.setBold(True)
    title_font.setPointSizeF(base.pointSizeF() * 1.1)
    p.setFont(title_font)
    p.setPen(INK)
    tm = QFontMetrics(title_font)
    p.drawText(
        QRectF(rect.left() + 8, rect.top() + 4, rect.width() - 16, tm.height()),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        spec.title,
    )
    p.setFont(base)
    fm = QFontMetrics(base)
    body = QRectF(rect.left() + 8, rect.top() + tm.height() + 12, rect.width() - 16, rect.height())
    body.setBottom(rect.bottom() - 6)
    values = [v for _name, vals in spec.series for v in vals]
    if not spec.categories or not any(values):
        p.setPen(MUTED)
        p.drawText(body, Qt.AlignmentFlag.AlignCenter, _("Nothing to show yet"))
        p.restore()
        return
    top = max(values) or 1
    if spec.horizontal:
        _paint_horizontal(p, body, spec, currency, top, fm)
    else:
        _paint_vertical(p, body, spec, currency, top, fm)
    p.restore()


def _paint_horizontal(p, body: QRectF, spec: ChartSpec, currency: str, top: int, fm) -> None:
    n = len(spec.categories)
    label_w = min(body.width() * 0.42, max(fm.horizontalAdvance(c) for c in spec.categories) + 8)
    value_w = max(fm.horizontalAdvance(value_text(spec, top, currency)), 20) + 8
    row_h = min(body.height() / n, fm.height() * 2.2)
    bar_w = max(body.width() - label_w - value_w, 10)
    for i, cat in enumerate(spec.categories):
        y = body.top() + i * row_h
        p.setPen(INK)
        label = fm.elidedText(cat, Qt.TextElideMode.ElideRight, int(label_w - 6))
        p.drawText(
            QRectF(body.left(), y, label_w - 6, row_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        value = spec.series[0][1][i]
        w = bar_w * value / top
        bar = QRectF(body.left() + label_w, y + row_h * 0.18, max(w, 1.5), row_h * 0.64)
        p.fillRect(bar, PALETTE[i % len(PALETTE)] if len(spec.series) == 1 else PALETTE[0])
        p.drawText(
            QRectF(bar.right() + 4, y, value_w, row_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            value_text(spec, value, currency),
        )


def _paint_vertical(p, body: QRectF, spec: ChartSpec, currency: str, top: int, fm) -> None:
    legend_h = fm.height() + 6
    x = body.left()
    for k, (name, _vals) in enumerate(spec.series):
        p.fillRect(QRectF(x, body.top() + 3, 10, 10), PALETTE[k % len(PALETTE)])
        p.setPen(INK)
        p.drawText(QRectF(x + 14, body.top(), 200, fm.height()), name)
        x += 24 + fm.horizontalAdvance(name)
    area = QRectF(body.left(), body.top() + legend_h, body.width(), body.height() - legend_h)
    label_h = fm.height() + 4
    plot_h = area.height() - label_h - fm.height()
    n = len(spec.categories)
    slot = area.width() / n
    groups = len(spec.series)
    bar = slot * 0.8 / groups
    base_y = area.top() + fm.height() + plot_h
    p.setPen(GRID)
    p.drawLine(int(area.left()), int(base_y), int(area.right()), int(base_y))
    for i, cat in enumerate(spec.categories):
        x0 = area.left() + i * slot + slot * 0.1
        for k, (_name, vals) in enumerate(spec.series):
            v = vals[i]
            h = plot_h * v / top
            r = QRectF(x0 + k * bar, base_y - h, bar * 0.92, h)
            p.fillRect(r, PALETTE[k % len(PALETTE)])
            if v:
                p.setPen(INK)
                p.drawText(
                    QRectF(r.left() - 10, r.top() - fm.height(), r.width() + 20, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    str(v),
                )
        p.setPen(MUTED)
        p.drawText(
            QRectF(area.left() + i * slot, base_y + 2, slot, label_h),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            fm.elidedText(cat, Qt.TextElideMode.ElideRight, int(slot)),
        )


class ChartWidget(QWidget):
    def __init__(self, spec: ChartSpec, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.currency = currency
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(spec.title)
        self.setToolTip(self._tooltip())

    def _tooltip(self) -> str:
        # Forced rich text with everything escaped: a root cause typed as "<b>" stays text.
        return "<qt>" + html.escape(self.text_summary()).replace("\n", "<br>") + "</qt>"

    def set_spec(self, spec: ChartSpec, currency: str) -> None:
        self.spec, self.currency = spec, currency
        self.setAccessibleName(spec.title)
        self.setToolTip(self._tooltip())
        self.update()

    def text_summary(self) -> str:
        """The chart's numbers as text (tooltip, screen readers)."""
        lines = [self.spec.title]
        for i, cat in enumerate(self.spec.categories):
            vals = ", ".join(
                f"{name}: {value_text(self.spec, vals[i], self.currency)}"
                for name, vals in self.spec.series
            )
            lines.append(f"{cat} — {vals}")
        return "\n".join(lines)

    def sizeHint(self) -> QSize:
        return QSize(420, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 180)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        paint_chart(p, QRectF(self.rect()), self.spec, self.currency)
        p.end()

    def render_image(self, width: int = 1200, height: int = 700) -> QImage:
        img = QImage(width, height, QImage.Format.Format_ARGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        f = p.font()
        f.setPointSizeF(f.pointSizeF() * width / 500)
        p.setFont(f)
        paint_chart(p, QRectF(0, 0, width, height), self.spec, self.currency)
        p.end()
        return img

    def render_png(self, path: str) -> bool:
        return self.render_image().save(path, "PNG")
