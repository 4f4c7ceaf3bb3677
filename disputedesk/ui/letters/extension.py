"""Plugs the letters into the main window (see ui/extensions.py): the wizard on a dispute
("letter"), the dispute's Letters tab (registered-mail tracking and receipt), and the owner's
templates and envelope settings. (Public reviews and their replies are in the aftercare
area: ui/aftercare/review_dialog.py.)"""

from __future__ import annotations

from disputedesk.i18n import _
from disputedesk.ui.extensions import DisputeAction, DisputePanel, Menu, MenuAction, Registry


def _open_wizard(parent, services, dispute_id: int) -> None:
    from disputedesk.ui.letters import open_letter_wizard

    open_letter_wizard(parent, services, dispute_id)


def _templates(parent, services) -> None:
    from disputedesk.ui.letters.settings_dialog import LetterSettingsDialog

    LetterSettingsDialog(services, parent).exec()


def _letters_panel(services, parent):
    from disputedesk.ui.letters.letters_panel import LettersPanel

    return LettersPanel(services, parent)


def register(registry: Registry) -> None:
    registry.add_dispute_action(
        DisputeAction(
            key="letter",
            label=lambda: _("Write a letter…"),
            run=_open_wizard,
            order=100,
            shortcut="Ctrl+L",
        )
    )
    registry.add_dispute_panel(
        DisputePanel(
            key="letters",
            label=lambda: _("Letters"),
            factory=_letters_panel,
            order=40,
            module="disputedesk.ui.letters.letters_panel",
        )
    )
    registry.add_menu_action(
        MenuAction(
            key="letter_settings",
            menu=Menu.TOOLS,
            label=lambda: _("Letter templates and envelope…"),
            run=_templates,
            order=200,
        )
    )
