"""How feature areas plug into the main window without editing it.

Each area (letters, receivables, packets, aftercare, safety, …) has a module with a
`register(registry: Registry)` function, listed in EXTENSION_MODULES. The main window
builds its sections, menus, dispute actions, dispute page tabs and Today list from the
registry, so adding a feature means adding one line here, never touching `main_window.py`.

Start-up cost: an extension module is imported at every launch, before the window appears, so
it imports only this module and i18n at its top; everything else (widgets, services' heavy
parts, PDF libraries) is imported inside the factories and commands, when first used.

Labels are callables returning translated text, so they follow the language in force when the
window is built.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from PySide6.QtWidgets import QWidget

from disputedesk.services import Services

EXTENSION_MODULES: tuple[str, ...] = (
    "disputedesk.ui.packets.extension",
    "disputedesk.ui.guidance.extension",
    "disputedesk.ui.safety.extension",
    "disputedesk.ui.aftercare.extension",
    "disputedesk.ui.disputes.extension",
    "disputedesk.ui.customers.extension",
    "disputedesk.ui.receivables.extension",
    "disputedesk.ui.journal.extension",
    "disputedesk.ui.letters.extension",
)

Label = Callable[[], str]


class Menu(StrEnum):
    FILE = "file"
    DISPUTE = "dispute"
    TOOLS = "tools"
    HELP = "help"


@dataclass(frozen=True)
class Section:
    """A page of the main window's navigation (e.g. Receivables, Dashboard, Policies)."""

    key: str
    label: Label
    factory: Callable[[Services, QWidget], QWidget]
    order: int = 100
    shortcut: str | None = None
    # The module `factory` imports (optional): when this section opens first, the launch
    # imports it while the database is checked instead of after the window appears.
    module: str | None = None


@dataclass(frozen=True)
class MenuAction:
    """An application-wide command (e.g. "Restore from backup…")."""

    key: str
    menu: Menu
    label: Label
    run: Callable[[QWidget, Services], None]
    order: int = 100
    shortcut: str | None = None


@dataclass(frozen=True)
class DisputeAction:
    """A command on the selected dispute (e.g. "Write a letter…", "Referral packet…").

    `run(parent, services, dispute_id)`; `enabled(services, dispute_id)` may hide it.
    """

    key: str
    label: Label
    run: Callable[[QWidget, Services, int], None]
    order: int = 100
    shortcut: str | None = None
    enabled: Callable[[Services, int], bool] | None = None


@dataclass(frozen=True)
class DisputePanel:
    """A tab of the dispute page (e.g. Timeline, Guidance, Invoices, Aftercare).

    `factory(services, parent)` returns a widget with a method `show_dispute(dispute_id)`
    (None when no dispute is selected); it refreshes itself on `ui.events.data_events()`.
    """

    key: str
    label: Label
    factory: Callable[[Services, QWidget], QWidget]
    order: int = 100
    # The module `factory` imports (optional): imported at launch while the database is
    # checked, so the first dispute opened does not pay for it.
    module: str | None = None


@dataclass(frozen=True)
class TodayItem:
    """One line of the Today view: something the owner should do or know today."""

    due: datetime
    title: str
    detail: str = ""
    overdue: bool = False
    customer_id: int | None = None
    dispute_id: int | None = None
    # Key of a DisputeAction or Section to open when the line is activated.
    open_key: str | None = None


@dataclass(frozen=True)
class TodaySource:
    key: str
    collect: Callable[[Services, datetime], list[TodayItem]]


@dataclass
class Registry:
    sections: list[Section] = field(default_factory=list)
    menu_actions: list[MenuAction] = field(default_factory=list)
    dispute_actions: list[DisputeAction] = field(default_factory=list)
    dispute_panels: list[DisputePanel] = field(default_factory=list)
    today_sources: list[TodaySource] = field(default_factory=list)
    # Called with the main window once it is shown (e.g. start-up catch-up jobs).
    on_window_shown: list[Callable[[QWidget, Services], None]] = field(default_factory=list)

    def first_section(self, remembered: str | None) -> Section | None:
        """The section the window opens on: the one remembered, else the first one."""
        for section in self.sections:
            if section.key == remembered:
                return section
        return self.sections[0] if self.sections else None

    def add_section(self, item: Section) -> None:
        self.sections.append(item)

    def add_menu_action(self, item: MenuAction) -> None:
        self.menu_actions.append(item)

    def add_dispute_action(self, item: DisputeAction) -> None:
        self.dispute_actions.append(item)

    def add_dispute_panel(self, item: DisputePanel) -> None:
        self.dispute_panels.append(item)

    def add_today_source(self, item: TodaySource) -> None:
        self.today_sources.append(item)

    def sorted(self) -> Registry:
        return Registry(
            sections=sorted(self.sections, key=lambda s: (s.order, s.key)),
            menu_actions=sorted(self.menu_actions, key=lambda a: (a.menu, a.order, a.key)),
            dispute_actions=sorted(self.dispute_actions, key=lambda a: (a.order, a.key)),
            dispute_panels=sorted(self.dispute_panels, key=lambda p: (p.order, p.key)),
            today_sources=list(self.today_sources),
            on_window_shown=list(self.on_window_shown),
        )


def load_registry(modules: tuple[str, ...] = EXTENSION_MODULES) -> Registry:
    registry = Registry()
    for name in modules:
        importlib.import_module(name).register(registry)
    return registry.sorted()
