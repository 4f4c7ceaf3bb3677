"""Plugs the safety area into the main window (see ui/extensions.py): File › Restore from
backup…, and the privacy commands (export, erase, retention) in the Tools menu."""

from __future__ import annotations

from disputedesk.i18n import _
from disputedesk.ui.extensions import Menu, MenuAction, Registry


def _restore(parent, services) -> None:
    from disputedesk.ui.safety.restore_dialog import open_restore_dialog

    open_restore_dialog(parent, services)


def _privacy(parent, services) -> None:
    from disputedesk.ui.safety.privacy_dialog import open_privacy_dialog

    open_privacy_dialog(parent, services)


def register(registry: Registry) -> None:
    registry.add_menu_action(
        MenuAction(
            key="restore_backup",
            menu=Menu.FILE,
            label=lambda: _("Restore from backup…"),
            run=_restore,
            order=800,
        )
    )
    registry.add_menu_action(
        MenuAction(
            key="personal_data",
            menu=Menu.TOOLS,
            label=lambda: _("Personal data (RGPD)…"),
            run=_privacy,
            order=800,
        )
    )
