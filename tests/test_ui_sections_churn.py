"""Every section and dispute tab built and dropped over and over while their reads run in the
pool: the way CI's segfault was reproduced (3 runs of 3 crashed within 9 rounds, before
ui/collector.py). A crash kills the test process, so this fails loudly if it comes back."""

from __future__ import annotations

import random

import pytest

from disputedesk.ui.extensions import load_registry

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("round_", range(40))
def test_sections_and_tabs_dropped_while_they_load(qtbot, services, round_):
    rnd = random.Random(round_)
    registry = load_registry()
    for item in [*registry.sections, *registry.dispute_panels]:
        widget = item.factory(services, None)  # dropped at the next turn, loads in flight
        qtbot.addWidget(widget)
        if rnd.random() < 0.5:
            qtbot.wait(rnd.randint(0, 20))
