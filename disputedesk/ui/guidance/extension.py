"""Plugs the timeline, guidance and Today areas into the main window (see ui/extensions.py).

- Dispute page tabs "Timeline" and "Guidance";
- Tools ▸ "Opening hours and response time…";
- the "Today" section (Ctrl+1) and its source of lines: complaints to acknowledge (from the
  acknowledgement clock), deadlines due or overdue, promised call-backs.
"""

from __future__ import annotations

from datetime import datetime

from disputedesk.i18n import _
from disputedesk.ui.extensions import (
    DisputePanel,
    Menu,
    MenuAction,
    Registry,
    Section,
    TodayItem,
    TodaySource,
)


def _timeline_panel(services, parent):
    from disputedesk.ui.timeline.timeline_panel import TimelinePanel

    return TimelinePanel(services, parent)


def _guidance_panel(services, parent):
    from disputedesk.ui.guidance.guidance_panel import GuidancePanel

    return GuidancePanel(services, parent)


def _today_view(services, parent):
    from disputedesk.ui.today.today_view import TodayView

    return TodayView(services, parent)


def _hours_dialog(parent, services) -> None:
    from disputedesk.ui.guidance.hours_dialog import open_hours_dialog

    open_hours_dialog(parent, services)


def agenda_items(services, now: datetime) -> list[TodayItem]:
    """Today lines of this area (called off the GUI thread by the Today view)."""
    from disputedesk.services.agenda_service import AgendaKind

    items = []
    for line in services.agenda.today(now=now):
        if line.kind is AgendaKind.CALL_BACK:
            title = _("Call back: {title}").format(title=line.title)
        else:
            title = line.title
        items.append(
            TodayItem(
                due=line.due,
                title=title,
                detail=line.detail,
                overdue=line.overdue,
                customer_id=line.customer_id,
                dispute_id=line.dispute_id,
            )
        )
    return items


def register(registry: Registry) -> None:
    registry.add_section(
        Section(
            key="today",
            label=lambda: _("Today"),
            factory=_today_view,
            module="disputedesk.ui.today.today_view",
            order=0,
            shortcut="Ctrl+1",
        )
    )
    registry.add_dispute_panel(
        DisputePanel(
            key="timeline",
            label=lambda: _("Timeline"),
            factory=_timeline_panel,
            order=20,
            module="disputedesk.ui.timeline.timeline_panel",
        )
    )
    registry.add_dispute_panel(
        DisputePanel(
            key="guidance",
            label=lambda: _("Guidance"),
            factory=_guidance_panel,
            order=30,
            module="disputedesk.ui.guidance.guidance_panel",
        )
    )
    registry.add_menu_action(
        MenuAction(
            key="opening_hours",
            menu=Menu.TOOLS,
            label=lambda: _("Opening hours and response time…"),
            run=_hours_dialog,
            order=50,
        )
    )
    registry.add_today_source(TodaySource(key="agenda", collect=agenda_items))
