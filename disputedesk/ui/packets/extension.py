"""Plugs the referral packet wizard into the main window (see ui/extensions.py)."""

from __future__ import annotations

from disputedesk.i18n import _
from disputedesk.ui.extensions import DisputeAction, Registry


def _open(parent, services, dispute_id: int) -> None:
    from disputedesk.ui.packets.packet_wizard import open_packet_wizard

    open_packet_wizard(parent, services, dispute_id)


def register(registry: Registry) -> None:
    registry.add_dispute_action(
        DisputeAction(
            key="packet",
            label=lambda: _("Referral packet…"),
            run=_open,
            order=300,
            shortcut="Ctrl+Shift+P",
        )
    )
