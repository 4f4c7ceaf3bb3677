"""The application's icon (title bars, task bar, dialogs), set by create_application."""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = r"""
from disputedesk.ui.application import create_application
app = create_application(["disputedesk"], "en")
icon = app.windowIcon()
sizes = sorted(s.width() for s in icon.availableSizes())
print(icon.isNull(), icon.pixmap(32).isNull(), icon.pixmap(32).width(), *sizes)
"""


def test_create_application_sets_the_window_icon(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr[-2000:]
    null, pixmap_null, width, *sizes = out.stdout.split()
    assert null == "False"
    assert pixmap_null == "False" and width == "32"  # the files are found and read
    assert [int(s) for s in sizes] == [16, 24, 32, 48, 64, 128, 256, 1024]


def test_the_icon_is_the_packaging_one():
    from importlib import resources
    from pathlib import Path

    shipped = resources.files("disputedesk.resources").joinpath("icons", "disputedesk.png")
    source = Path(__file__).resolve().parent.parent / "packaging" / "icons" / "disputedesk.png"
    assert shipped.read_bytes() == source.read_bytes()
