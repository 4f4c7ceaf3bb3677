"""Dashboard section: shows the service's numbers, an empty store says so, PNG and PDF."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QImage

from disputedesk.services.dashboard_service import chart_specs, key_figures
from disputedesk.services.demo_service import seed_demo
from disputedesk.ui.aftercare import dashboard_section, gesture_dialog
from disputedesk.ui.aftercare.dashboard_section import DashboardSection


def _section(qtbot, services):
    section = DashboardSection(services)
    qtbot.addWidget(section)
    return section


def _wait(qtbot, section):
    qtbot.waitUntil(lambda: section.stats is not None and not section.loader.busy, timeout=10000)


def test_empty_store_says_there_is_nothing_yet(qtbot, services):
    section = _section(qtbot, services)
    _wait(qtbot, section)
    assert section.stats.is_empty
    assert "Nothing to show yet" in section.status.text()
    assert section.tile_labels[0][1].text() == "0"
    section.resize(1100, 900)
    section.grab()  # paints every chart without error


def test_dashboard_shows_the_numbers_the_service_computed(qtbot, services, monkeypatch, tmp_path):
    seed_demo(services, now=datetime.now(UTC))
    section = _section(qtbot, services)
    _wait(qtbot, section)
    stats = services.dashboard.stats()
    assert section.stats == stats and section.status.text() == ""
    shown = [(n.text(), v.text()) for n, v in section.tile_labels]
    assert shown == list(key_figures(stats))
    assert ("Disputes in the period", "15") in shown
    specs = {s.key: s for s in chart_specs(stats)}
    for key, chart in section.charts.items():
        assert chart.spec == specs[key]
    stage_chart = section.charts["open_by_stage"]
    assert "Acknowledged — Disputes: 2" in stage_chart.text_summary()
    assert "Under analysis — Disputes: 1" in stage_chart.text_summary()

    target = tmp_path / "stages.png"
    monkeypatch.setattr(
        dashboard_section.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    assert section.save_png("open_by_stage") == str(target)
    img = QImage(str(target))
    assert img.width() == 1200 and img.height() == 700

    pdf = tmp_path / "report.pdf"
    monkeypatch.setattr(
        gesture_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), "")
    )
    section.pdf_loader.synchronous = True
    section._pdf()
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "Dispute report" in text and "Open disputes by stage" in text
    assert "Disputes in the period" in text and "15" in text
    section.resize(1100, 1400)
    section.grab().save(str(tmp_path / "dashboard.png"))


def test_changes_are_recomputed_when_seen(qtbot, services):
    from tests.support_aftercare import open_dispute

    section = _section(qtbot, services)
    _wait(qtbot, section)
    assert section.stats.total == 0
    open_dispute(services)
    from disputedesk.ui.events import data_events

    data_events().changed.emit("dispute", 0)  # hidden: only marked
    assert section._dirty and section.stats.total == 0
    section.show()
    qtbot.waitUntil(lambda: section.stats.total == 1, timeout=10000)
    assert not section._dirty
