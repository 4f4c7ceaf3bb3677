"""Plugs the unpaid-invoices area into the main window (see ui/extensions.py).

- the "Receivables" section (Ctrl+4): aging, invoices, payments, the dunning worklist;
- a Today line when invoices are to be dunned;
- at start-up (window shown): pauses whose promised date passed resume, and when levels fell
  due (including while DisputeDesk was closed) the owner is offered the worklist.
"""

from __future__ import annotations

from datetime import date, datetime

from disputedesk.i18n import _, ngettext
from disputedesk.ui.extensions import Registry, Section, TodayItem, TodaySource


def _section(services, parent):
    from disputedesk.ui.receivables.receivables_section import ReceivablesSection

    return ReceivablesSection(services, parent)


def _today_items(services, now: datetime) -> list[TodayItem]:
    from disputedesk.domain.rates import half_year_label

    today = now.date()
    out: list[TodayItem] = []
    missing = services.receivables.missing_rates(today)
    if missing:
        out.append(
            TodayItem(
                due=now,
                title=_("Enter the late-payment rates for the {period}").format(
                    period=half_year_label(missing[0][1])
                ),
                detail=", ".join(s.label for s, _d in missing),
                open_key="receivables",
            )
        )
    near = [
        ln for ln in services.receivables.lines(today) if ln.limitation_near and ln.days_overdue
    ]
    if near:
        first = min(near, key=lambda ln: ln.limitation_date)
        out.append(
            TodayItem(
                due=now,
                title=ngettext(
                    "{n} unpaid invoice close to its time limit",
                    "{n} unpaid invoices close to their time limit",
                    len(near),
                ).format(n=len(near)),
                detail=_("{number} ({customer}) is time-barred on {date}").format(
                    number=first.number,
                    customer=first.customer_name,
                    date=first.limitation_date.strftime("%d/%m/%Y"),
                ),
                overdue=True,
                customer_id=first.customer_id,
                dispute_id=first.dispute_id,
                open_key="receivables",
            )
        )
    items = services.dunning.worklist(today)
    if not items:
        return out
    return [
        *out,
        TodayItem(
            due=now,
            title=ngettext(
                "{n} unpaid invoice to remind today",
                "{n} unpaid invoices to remind today",
                len(items),
            ).format(n=len(items)),
            detail=", ".join(sorted({i.line.customer_name for i in items}))[:200],
            overdue=any(i.caught_up for i in items),
            open_key="receivables",
        ),
    ]


def _due(services, today: date) -> tuple[int, list]:
    """Resume the pauses whose promised date passed; the invoices to dun (database work: off
    the GUI thread at start-up). Store problems are the safety area's to report: (0, [])."""
    from disputedesk.domain.errors import DisputeDeskError

    try:
        return len(services.dunning.resume_expired(today)), services.dunning.worklist(today)
    except DisputeDeskError:
        return 0, []


def catch_up(window, services, *, today: date | None = None, ask=None) -> int:
    """Start-up catch-up: resume ended pauses, then offer the worklist (a non-modal question)
    if anything is due. Returns the number of invoices to dun. Nothing is sent without the
    owner."""
    resumed, items = _due(services, today or date.today())
    return _offer(window, resumed, items, ask)


def _catch_up_in_background(window, services, *, today: date | None = None) -> None:
    """The start-up hook: the same, its reads and writes on a worker thread (the window has
    just appeared: nothing of the database on the GUI thread)."""
    from disputedesk.ui.timeline.loader import BackgroundLoader

    today = today or date.today()
    loader = BackgroundLoader(window)
    loader.sig_loaded.connect(lambda found: _offer(window, *found, None))
    loader.load(lambda: _due(services, today))
    window._receivables_catch_up_loader = loader  # kept until the window goes


def _offer(window, resumed: int, items: list, ask) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from disputedesk.ui.events import data_events

    if resumed:
        data_events().changed.emit("dunning", 0)
    if not items:
        return 0
    text = ngettext(
        "{n} unpaid invoice has reached a dunning level.",
        "{n} unpaid invoices have reached a dunning level.",
        len(items),
    ).format(n=len(items))
    if any(i.caught_up for i in items):
        text += " " + _("Some fell due while DisputeDesk was closed; nothing was sent.")
    text += "\n\n" + _("Open the list to review and send them?")

    def open_worklist() -> None:
        data_events().section_requested.emit("receivables")
        widget = _find_section(window)
        if widget is not None:
            widget.show_worklist()

    if ask is not None:  # tests: a synchronous answer
        if ask(_("Unpaid invoices"), text):
            open_worklist()
        return len(items)
    # Never modal at start-up: the window stays usable (and nothing waits on an answer).
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Unpaid invoices"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        window,
    )
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.accepted.connect(open_worklist)
    box.show()
    # Kept by the window (a Python reference too), closed with it; never deleted under Qt.
    if window is not None:
        window._receivables_catch_up_box = box
    return len(items)


def _find_section(window):
    from disputedesk.ui.receivables.receivables_section import ReceivablesSection

    found = window.findChildren(ReceivablesSection) if window is not None else []
    return found[0] if found else None


def register(registry: Registry) -> None:
    registry.add_section(
        Section(
            key="receivables",
            label=lambda: _("Unpaid invoices"),
            factory=_section,
            module="disputedesk.ui.receivables.receivables_section",
            order=30,
            shortcut="Ctrl+4",
        )
    )
    registry.add_today_source(TodaySource(key="dunning", collect=_today_items))
    registry.on_window_shown.append(_catch_up_in_background)
