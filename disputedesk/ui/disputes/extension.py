"""Plugs the disputes area into the main window (see ui/extensions.py).

- the "Disputes" section (Ctrl+3): all open disputes, filterable;
- the dispute page tab "Overview" (facts, amount, request, stage, outcome, lessons);
- the dispute action "change_stage".
"""

from __future__ import annotations

from disputedesk.i18n import _
from disputedesk.ui.extensions import DisputeAction, DisputePanel, Registry, Section


def _disputes_section(services, parent):
    from disputedesk.ui.disputes.disputes_section import DisputesSection

    return DisputesSection(services, parent)


def _overview_panel(services, parent):
    from disputedesk.ui.disputes.overview_panel import OverviewPanel

    return OverviewPanel(services, parent)


def _change_stage(parent, services, dispute_id: int) -> None:
    from disputedesk.ui.disputes.stage_dialog import open_change_stage

    open_change_stage(parent, services, dispute_id)


def register(registry: Registry) -> None:
    registry.add_dispute_panel(
        DisputePanel(
            key="overview",
            label=lambda: _("Overview"),
            factory=_overview_panel,
            order=0,
            module="disputedesk.ui.disputes.overview_panel",
        )
    )
    registry.add_dispute_action(
        DisputeAction(
            key="change_stage",
            label=lambda: _("Change the stage…"),
            run=_change_stage,
            order=10,
        )
    )
    registry.add_section(
        Section(
            key="disputes",
            label=lambda: _("Disputes"),
            factory=_disputes_section,
            module="disputedesk.ui.disputes.disputes_section",
            order=20,
            shortcut="Ctrl+3",
        )
    )
