"""Plugs the customers area into the main window (see ui/extensions.py).

- the "Customers" section (Ctrl+2): list, form, the customer's disputes.
"""

from __future__ import annotations

from disputedesk.i18n import _
from disputedesk.ui.extensions import Registry, Section


def _customers_section(services, parent):
    from disputedesk.ui.customers.customers_section import CustomersSection

    return CustomersSection(services, parent)


def register(registry: Registry) -> None:
    registry.add_section(
        Section(
            key="customers",
            label=lambda: _("Customers"),
            factory=_customers_section,
            order=10,
            shortcut="Ctrl+2",
        )
    )
