"""The letter wizard and the letter screens of a dispute.

Entry point (contract): `open_letter_wizard(parent, services, dispute_id, kind=None)`.
"""

from __future__ import annotations


def open_letter_wizard(parent, services, dispute_id: int, kind=None):
    """A modeless wizard for one dispute; `kind` (a LetterKind or its value) preselects the
    letter and opens on its details."""
    from disputedesk.ui.letters.letter_wizard import LetterWizard

    wizard = LetterWizard(services, dispute_id, parent, kind=kind)
    wizard.show()
    return wizard
