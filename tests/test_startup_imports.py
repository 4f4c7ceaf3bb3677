"""Start-up loads no PDF or migration library: ReportLab, pypdf, Factur-X and Alembic are
imported only when a PDF is made or read, or when the schema must change (issue 3: the window
opens fast). Checked in a fresh interpreter, through the real launch (command line, start-up
checks, window, first section, start-up hooks)."""

from __future__ import annotations

from pathlib import Path

from disputedesk.paths import DataPaths
from disputedesk.storage.store import open_store
from tests.test_startup_launch_order import run_fresh

HEAVY = ("reportlab", "pypdf", "facturx", "alembic", "lxml", "PIL")

LAUNCH = r"""
import sys, time
import disputedesk.app as A

HEAVY = set(sys.argv[2].split(","))
real_run_window = A._run_window

def run_window(app, services, scheduler):
    from PySide6.QtCore import QThreadPool, QTimer
    from disputedesk.ui.main_window import MainWindow
    usable = []

    def look():
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        if not windows or windows[0].location is None or windows[0]._start_loader.busy:
            return
        if not usable:
            usable.append(time.monotonic())
        elif time.monotonic() - usable[0] > 0.5:  # the start-up hooks ran (50 ms after paint)
            QThreadPool.globalInstance().waitForDone()
            loaded = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
            print("SECTION", windows[0].location.key)
            print("LOADED", " ".join(loaded))
            app.exit(0)

    timer = QTimer(app)
    timer.timeout.connect(look)
    timer.start(20)
    return real_run_window(app, services, scheduler)

A._run_window = run_window
from disputedesk.cli import main
sys.exit(main(["--lang", "en", "--data-dir", sys.argv[1]]))
"""


def _launch(root: Path, tmp_path: Path) -> tuple[str, list[str]]:
    out = run_fresh(LAUNCH, [str(root), ",".join(HEAVY)], tmp_path)
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
    return lines["SECTION"], lines.get("LOADED", "").split()


def test_the_real_launch_imports_no_pdf_or_migration_library(tmp_path):
    paths = DataPaths(tmp_path / "data")
    open_store(paths, lock=False).close()  # created and migrated here, so only opened there

    section, loaded = _launch(paths.root, tmp_path)

    assert section  # the window was shown with its first section
    assert loaded == []


def test_a_new_data_folder_does_load_alembic(tmp_path):
    """The check above is not blind: a folder without a database yet is migrated at start-up,
    which takes Alembic."""
    _section, loaded = _launch(tmp_path / "new", tmp_path)
    assert "alembic" in loaded
    assert "reportlab" not in loaded


def test_a_sections_module_is_where_its_widget_comes_from(qtbot, services):
    """`Section.module` (imported ahead during the launch) names the factory's module."""
    from disputedesk.ui.extensions import load_registry

    named = [s for s in load_registry().sections if s.module]
    assert {"today", "disputes", "receivables"} <= {s.key for s in named}
    for section in named:
        widget = section.factory(services, None)
        qtbot.addWidget(widget)
        assert type(widget).__module__ == section.module, section.key
