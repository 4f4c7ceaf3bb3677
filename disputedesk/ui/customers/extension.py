"""Plugs the customers area into the main window (see ui/extensions.py).

- the "Customers" section (Ctrl+2): list, form, the customer's disputes;
- File › Business profile… (the shop's identity, legal mentions, logo and signature).
"""

from __future__ import annotations

from disputedesk.i18n import _
from disputedesk.ui.extensions import Menu, MenuAction, Registry, Section


def _customers_section(services, parent):
    from disputedesk.ui.customers.customers_section import CustomersSection

    return CustomersSection(services, parent)


def _business_profile(parent, services) -> None:
    from disputedesk.ui.business import open_business_profile

    open_business_profile(parent, services)


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
    registry.add_menu_action(
        MenuAction(
            key="business_profile",
            menu=Menu.FILE,
            label=lambda: _("&Business profile…"),
            run=_business_profile,
            order=10,
        )
    )
