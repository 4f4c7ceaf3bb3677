"""Qt's widgets follow the app's language, not the computer's locale."""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = r"""
import sys
from datetime import date
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit
from disputedesk.ui.application import create_application
app = create_application(["disputedesk"], sys.argv[1])
edit = QDateEdit(QDate(2026, 11, 23))
print(QLocale().name(), edit.text(), QLocale().dayName(1), sep="|")
"""


def _run(lang: str, tmp_path) -> list[str]:
    # The computer says American English; the app's language must win.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, lang],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip().splitlines()[-1].split("|")


def test_french_interface_gives_french_dates(tmp_path):
    name, text, monday = _run("fr", tmp_path)
    assert name == "fr_FR"
    assert text == "23/11/2026"
    assert monday == "lundi"


def test_english_interface_gives_day_first_dates(tmp_path):
    name, text, monday = _run("en", tmp_path)
    assert name == "en_GB"
    assert text == "23/11/2026"
    assert monday == "Monday"
