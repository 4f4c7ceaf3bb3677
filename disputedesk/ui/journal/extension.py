"""Plugs the communications journal into the main window (see ui/extensions.py).

- the dispute page tab "Journal";
- the dispute action "journal_entry" (Ctrl+J): add an entry in a few keystrokes.
"""

from __future__ import annotations

from disputedesk.i18n import _
from disputedesk.ui.extensions import DisputeAction, DisputePanel, Registry


def _journal_panel(services, parent):
    from disputedesk.ui.journal.journal_panel import JournalPanel

    return JournalPanel(services, parent)


def _journal_entry(parent, services, dispute_id: int) -> None:
    from disputedesk.ui.journal.entry_dialog import open_journal_entry

    open_journal_entry(parent, services, dispute_id)


def register(registry: Registry) -> None:
    registry.add_dispute_panel(
        DisputePanel(
            key="journal",
            label=lambda: _("Journal"),
            factory=_journal_panel,
            order=10,
            module="disputedesk.ui.journal.journal_panel",
        )
    )
    registry.add_dispute_action(
        DisputeAction(
            key="journal_entry",
            label=lambda: _("New journal entry…"),
            run=_journal_entry,
            order=0,
            shortcut="Ctrl+J",
        )
    )
