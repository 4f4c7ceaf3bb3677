"""Plugs the disputes area into the main window (see ui/extensions.py).

- the "Disputes" section (Ctrl+3): all open disputes, filterable;
- the dispute page tab "Overview" (facts, amount, request, stage, outcome, lessons);
- the dispute action "change_stage".
"""

from __future__ import annotations

from disputedesk.i18n import _
from disputedesk.ui.extensions import Registry, Section


def _disputes_section(services, parent):
    from disputedesk.ui.disputes.disputes_section import DisputesSection

    return DisputesSection(services, parent)


def register(registry: Registry) -> None:
    registry.add_section(
        Section(
            key="disputes",
            label=lambda: _("Disputes"),
            factory=_disputes_section,
            order=20,
            shortcut="Ctrl+3",
        )
    )
