"""Stamps land upright in the corner the reader sees, whatever the page's rotation or box."""

from __future__ import annotations

import pytest
from pypdf import PageObject
from pypdf.generic import NameObject, NumberObject, RectangleObject

from disputedesk.documents.packet_stamp import displayed_size, stamp_matrix


def _displayed(u: float, v: float, box, rotate: int) -> tuple[float, float]:
    """Where a point of the page's own space appears on screen (origin bottom-left)."""
    x0, y0, x1, y1 = box
    u, v = u - x0, v - y0
    w, h = x1 - x0, y1 - y0
    return {0: (u, v), 90: (v, w - u), 180: (w - u, h - v), 270: (h - v, u)}[rotate]


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_overlay_corners_map_to_the_visible_corners(rotate):
    box = (100, 50, 695, 892)
    page = PageObject.create_blank_page(width=800, height=1000)
    page.mediabox = RectangleObject([0, 0, 800, 1000])
    page.cropbox = RectangleObject(box)
    page[NameObject("/Rotate")] = NumberObject(rotate)
    a, b, c, d, e, f = stamp_matrix(page)
    dw, dh = displayed_size(page)
    assert (dw, dh) == ((595, 842) if rotate in (0, 180) else (842, 595))
    for x, y in ((0, 0), (dw, dh), (dw, 0)):
        u, v = a * x + c * y + e, b * x + d * y + f
        assert _displayed(u, v, box, rotate) == pytest.approx((x, y))
