"""The business profile dialog: `open_business_profile(parent, services) -> bool`."""

from __future__ import annotations


def open_business_profile(parent, services) -> bool:
    """Show the business profile dialog; True when the owner saved it."""
    from disputedesk.ui.business.business_dialog import open_business_profile as _open

    return _open(parent, services)
