"""Plugs the aftercare area into the main window (see ui/extensions.py).

- Dispute actions "close_dispute" (close, or reopen a closed dispute), "gesture", "review";
- the dispute page tab "Aftercare"; the sections "Dashboard" and
  "Policies" (the policy register);
- Today lines for loyalty vouchers about to expire unused and policy changes due for
  review.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from disputedesk.i18n import _
from disputedesk.ui.extensions import (
    DisputeAction,
    DisputePanel,
    Registry,
    Section,
    TodayItem,
    TodaySource,
)

EXPIRY_WARNING_DAYS = 14


def _close(parent, services, dispute_id: int) -> None:
    from disputedesk.ui.aftercare.close_dialog import open_close_dialog

    open_close_dialog(parent, services, dispute_id)


def _gesture(parent, services, dispute_id: int) -> None:
    from disputedesk.ui.aftercare.gesture_dialog import open_gesture_dialog

    open_gesture_dialog(parent, services, dispute_id)


def _review(parent, services, dispute_id: int) -> None:
    from disputedesk.ui.aftercare.review_dialog import open_review_dialog

    open_review_dialog(parent, services, dispute_id)


def _panel(services, parent):
    from disputedesk.ui.aftercare.aftercare_panel import AftercarePanel

    return AftercarePanel(services, parent)


def _policies(services, parent):
    from disputedesk.ui.aftercare.policies_section import PoliciesSection

    return PoliciesSection(services, parent)


def _dashboard(services, parent):
    from disputedesk.ui.aftercare.dashboard_section import DashboardSection

    return DashboardSection(services, parent)


def voucher_items(services, now: datetime) -> list[TodayItem]:
    """Vouchers about to expire unused: a nudge to remind the customer (called off the GUI
    thread by the Today view)."""
    from disputedesk.ui.aftercare.common import date_text, money_text

    today = now.astimezone().date()
    items = []
    for g in services.aftercare.expiring_gestures(today, within_days=EXPIRY_WARNING_DAYS):
        customer = services.customers.get(g.customer_id)
        due = datetime.combine(g.expires_on, datetime.min.time()).astimezone() + timedelta(hours=18)
        items.append(
            TodayItem(
                due=due,
                title=_("Voucher {code} for {name} expires unused on {date}").format(
                    code=g.code, name=customer.display_name, date=date_text(g.expires_on)
                ),
                detail=_("{kind}, {value}: remind the customer?").format(
                    kind=g.kind.label, value=money_text(g.value)
                ),
                overdue=False,
                customer_id=g.customer_id,
                dispute_id=g.dispute_id,
            )
        )
    return items


def policy_items(services, now: datetime) -> list[TodayItem]:
    """Policy changes whose review date has come (or comes within a week)."""
    from disputedesk.ui.aftercare.common import date_text

    today = now.astimezone().date()
    items = []
    for p in services.aftercare.policies():
        if not p.review_due(today + timedelta(days=7)):
            continue
        due = datetime.combine(p.review_on, datetime.min.time()).astimezone() + timedelta(hours=9)
        detail = _("In charge: {owner}").format(owner=p.owner) if p.owner else ""
        items.append(
            TodayItem(
                due=due,
                title=_("Review the policy change “{title}” (due {date})").format(
                    title=p.title, date=date_text(p.review_on)
                ),
                detail=detail,
                overdue=p.review_on < today,
                open_key="policies",
            )
        )
    return items


def register(registry: Registry) -> None:
    registry.add_dispute_action(
        DisputeAction(
            key="close_dispute", label=lambda: _("Close or reopen…"), run=_close, order=400
        )
    )
    registry.add_dispute_action(
        DisputeAction(key="gesture", label=lambda: _("Loyalty gesture…"), run=_gesture, order=410)
    )
    registry.add_dispute_action(
        DisputeAction(key="review", label=lambda: _("Public review…"), run=_review, order=420)
    )
    registry.add_dispute_panel(
        DisputePanel(
            key="aftercare",
            label=lambda: _("Aftercare"),
            factory=_panel,
            order=60,
            module="disputedesk.ui.aftercare.aftercare_panel",
        )
    )
    registry.add_section(
        Section(
            key="dashboard",
            label=lambda: _("Dashboard"),
            factory=_dashboard,
            order=60,
            module="disputedesk.ui.aftercare.dashboard_section",
        )
    )
    registry.add_section(
        Section(
            key="policies",
            label=lambda: _("Policies"),
            factory=_policies,
            order=70,
            module="disputedesk.ui.aftercare.policies_section",
        )
    )
    registry.add_today_source(TodaySource(key="vouchers", collect=voucher_items))
    registry.add_today_source(TodaySource(key="policy_reviews", collect=policy_items))
