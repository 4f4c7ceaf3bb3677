"""The modules the launch imports ahead (Section.module, DisputePanel.module) are the ones
the factories really build from, so the warm-up cannot silently miss or point nowhere."""

from __future__ import annotations

import importlib

from disputedesk.ui.extensions import load_registry


def test_every_dispute_tab_names_the_module_its_factory_builds_from(qtbot, services):
    registry = load_registry()
    assert registry.dispute_panels
    for panel in registry.dispute_panels:
        assert panel.module, panel.key
        module = importlib.import_module(panel.module)
        widget = panel.factory(services, None)
        qtbot.addWidget(widget)
        assert type(widget).__module__ == module.__name__, panel.key


def test_sections_that_name_a_module_build_from_it(qtbot, services):
    for section in load_registry().sections:
        if not section.module:
            continue
        module = importlib.import_module(section.module)
        widget = section.factory(services, None)
        qtbot.addWidget(widget)
        assert type(widget).__module__ == module.__name__, section.key
