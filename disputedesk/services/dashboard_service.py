"""The dashboard's figures, computed once here for the window, the PDF report and
`disputedesk stats`.

Definitions (also shown to the user in the report):
- the period selects disputes by the day the complaint was received (shop time, Paris);
- first response: the earliest of the dispute leaving "Received", the first message sent to
  the customer after the complaint (not an internal note), or the "acknowledge" step ticked
  (the same rule as the acknowledgement clock), measured like that clock: in the shop's
  opening hours (closed days and public holidays left out, waits for the customer paused),
  so it compares with the response-time target, which is counted the same way;
- resolution: disputes closed as "Resolved"; time from the complaint to the closing;
- route of a resolved dispute: the furthest amicable or judicial step it went through
  (court > conciliation > mediation > direct);
- mediation success: of the disputes whose mediation has ended, those resolved straight from
  mediation; the ones still in mediation are left out;
- refunded / recovered: from the closings recorded with the closing dialog;
- amounts only in the shop's currency (others are counted apart).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from disputedesk.domain import business_hours as bh
from disputedesk.domain.aftercare import root_cause_label
from disputedesk.domain.enums import DisputeCategory, DisputeStage
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.i18n import N_
from disputedesk.models import BusinessProfileRow, DisputeRow, StageChangeRow
from disputedesk.models.aftercare import ClosureRow
from disputedesk.models.guidance import CustomerWaitRow, GuidanceStepRow, ShopCalendarRow
from disputedesk.services.guidance_service import calendar_from_row, first_message_sent
from disputedesk.storage.store import Store

SHOP_TZ = ZoneInfo("Europe/Paris")
ROUTES = ("direct", "mediation", "conciliation", "court")
ROUTE_LABELS = {
    "direct": N_("Directly with the customer"),
    "mediation": N_("In mediation"),
    "conciliation": N_("In conciliation"),
    "court": N_("In court"),
}
OPEN_STAGES = tuple(s for s in DisputeStage if not s.is_closed)


@dataclass(frozen=True, slots=True)
class MonthCount:
    month: date  # first day of the month
    opened: int
    resolved: int


@dataclass(frozen=True, slots=True)
class DashboardStats:
    period_from: date | None
    period_to: date | None
    total: int
    open_count: int
    resolved_count: int
    abandoned_count: int
    open_by_stage: tuple[tuple[DisputeStage, int], ...]  # every open stage, in order
    open_by_category: tuple[tuple[DisputeCategory, int], ...]  # every category, in order
    per_month: tuple[MonthCount, ...]
    response_target_hours: int
    responded_count: int
    median_first_response_hours: float | None
    within_target_count: int
    median_resolution_days: float | None
    currency: str
    at_stake_total: Money
    at_stake_open: Money
    refunded: Money
    recovered: Money
    other_currency_count: int
    routes: tuple[tuple[str, int], ...]  # ROUTES order
    mediation_succeeded: int
    mediation_failed: int
    mediation_pending: int
    top_root_causes: tuple[tuple[str, int], ...]  # (label, count), most frequent first
    satisfaction_count: int
    satisfaction_average: float | None

    @property
    def mediation_success_rate(self) -> float | None:
        ended = self.mediation_succeeded + self.mediation_failed
        return self.mediation_succeeded / ended if ended else None

    @property
    def is_empty(self) -> bool:
        return self.total == 0


@dataclass(frozen=True, slots=True)
class _ResponseClock:
    """Times to first response counted like the acknowledgement clock (guidance_service):
    the shop's opening hours only, minus the periods spent waiting for the customer."""

    calendar: bh.ShopCalendar
    target_hours: int
    waits: dict[int, list[bh.Pause]]

    def hours(self, dispute_id: int, received_at: datetime, answered_at: datetime) -> float:
        received_at, answered_at = _aware(received_at), _aware(answered_at)
        elapsed = bh.business_time_between(
            self.calendar, received_at, answered_at, self.waits.get(dispute_id, ())
        )
        return elapsed.total_seconds() / 3600


def _aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)  # aggregates come back naive


def _local_day(dt: datetime) -> date:
    return dt.astimezone(SHOP_TZ).date()


def _month(d: date) -> date:
    return d.replace(day=1)


def _next_month(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


class DashboardService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def stats(
        self,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        now: datetime | None = None,
        top: int = 5,
    ) -> DashboardStats:
        now = now or datetime.now(UTC)
        if date_from and date_to and date_from > date_to:
            raise ValidationError(
                N_("The start of the period is after its end."), field="date_from"
            )
        with self._store.read() as s:
            profile = s.scalar(select(BusinessProfileRow).limit(1))
            currency = profile.currency if profile else "EUR"
            target = profile.response_time_hours if profile else bh.DEFAULT_RESPONSE_HOURS
            calendar = calendar_from_row(s.get(ShopCalendarRow, 1))
            first_sent = first_message_sent()
            q = select(
                first_sent.label("first_sent"),
                DisputeRow.id,
                DisputeRow.category,
                DisputeRow.stage,
                DisputeRow.amount_minor,
                DisputeRow.currency,
                DisputeRow.received_at,
                DisputeRow.closed_at,
                DisputeRow.root_cause,
            )
            # Local days: widen by a day in SQL, then filter exactly in Python.
            window = []
            if date_from:
                start = datetime.combine(date_from, datetime.min.time(), UTC) - timedelta(days=1)
                window.append(DisputeRow.received_at >= start)
            if date_to:
                end = datetime.combine(date_to, datetime.min.time(), UTC) + timedelta(days=2)
                window.append(DisputeRow.received_at < end)
            rows = [
                r
                for r in s.execute(q.where(*window)).all()
                if (date_from is None or _local_day(r.received_at) >= date_from)
                and (date_to is None or _local_day(r.received_at) <= date_to)
            ]
            # One query per table over the same window (no long id lists).
            in_window = select(DisputeRow.id).where(*window).scalar_subquery()
            changes: dict[int, list[tuple[str | None, str, datetime]]] = {}
            for dispute_id, frm, to, at in s.execute(
                select(
                    StageChangeRow.dispute_id,
                    StageChangeRow.from_stage,
                    StageChangeRow.to_stage,
                    StageChangeRow.at,
                )
                .where(StageChangeRow.dispute_id.in_(in_window))
                .order_by(StageChangeRow.at, StageChangeRow.id)
            ):
                changes.setdefault(dispute_id, []).append((frm, to, at))
            ticked = select(GuidanceStepRow.dispute_id, GuidanceStepRow.done_at).where(
                GuidanceStepRow.dispute_id.in_(in_window),
                GuidanceStepRow.step_key == "acknowledge",
                GuidanceStepRow.done_at.is_not(None),
            )
            acks: dict[int, datetime] = {
                r.id: _aware(r.first_sent) for r in rows if r.first_sent is not None
            }
            for dispute_id, at in s.execute(ticked):
                at = _aware(at)
                if at is not None and (dispute_id not in acks or at < acks[dispute_id]):
                    acks[dispute_id] = at
            waits: dict[int, list[bh.Pause]] = {}
            for dispute_id, started, ended in s.execute(
                select(
                    CustomerWaitRow.dispute_id,
                    CustomerWaitRow.started_at,
                    CustomerWaitRow.ended_at,
                ).where(CustomerWaitRow.dispute_id.in_(in_window))
            ):
                waits.setdefault(dispute_id, []).append(bh.Pause(started, ended))
            closures: dict[int, ClosureRow] = {}
            for c in s.scalars(
                select(ClosureRow)
                .where(ClosureRow.dispute_id.in_(in_window), ClosureRow.reopened_at.is_(None))
                .order_by(ClosureRow.closed_at, ClosureRow.id)
            ):
                closures[c.dispute_id] = c  # the latest one wins
        clock = _ResponseClock(calendar, target, waits)
        return self._compute(
            rows, changes, acks, closures, currency, clock, date_from, date_to, now, top
        )

    def report_pdf(
        self,
        *,
        lang: str,
        date_from: date | None = None,
        date_to: date | None = None,
        now: datetime | None = None,
    ) -> bytes:
        """The dashboard of a period as a PDF report in `lang`."""
        from disputedesk.documents.dashboard_pdf import DashboardReport, build_dashboard_pdf
        from disputedesk.services.business_service import BusinessService

        now = now or datetime.now(UTC)
        st = self.stats(date_from=date_from, date_to=date_to, now=now)
        profile = BusinessService(self._store).get()
        report = DashboardReport(
            shop_name=profile.trade_name or profile.legal_name,
            lang=lang,
            period_from=date_from,
            period_to=date_to,
            today=_local_day(now),
            figures=key_figures(st, lang),
            charts=chart_specs(st, lang),
            currency=st.currency,
            empty=st.is_empty,
        )
        return build_dashboard_pdf(report)

    @staticmethod
    def _compute(rows, changes, acks, closures, currency, clock, date_from, date_to, now, top):
        stage_counts: Counter = Counter()
        category_counts: Counter = Counter()
        opened: Counter = Counter()
        resolved_months: Counter = Counter()
        responses: list[float] = []
        resolutions: list[float] = []
        routes: Counter = Counter()
        causes: Counter = Counter()
        at_stake_total = at_stake_open = refunded = recovered = 0  # minor units of currency
        other_currency = 0
        med_ok = med_failed = med_pending = 0
        resolved_count = abandoned_count = 0
        satisfaction: list[int] = []
        for r in rows:
            stage = DisputeStage(r.stage)
            history = changes.get(r.id, [])
            opened[_month(_local_day(r.received_at))] += 1
            if not stage.is_closed:
                stage_counts[stage] += 1
                category_counts[DisputeCategory(r.category)] += 1
            if r.currency == currency:
                at_stake_total += r.amount_minor
                if not stage.is_closed:
                    at_stake_open += r.amount_minor
            else:
                other_currency += 1
            # First response (same rule as the acknowledgement clock).
            candidates = [at for frm, _to, at in history if frm == DisputeStage.RECEIVED.value]
            if r.id in acks:
                candidates.append(acks[r.id])
            if candidates:
                responses.append(clock.hours(r.id, r.received_at, min(candidates)))
            # Routes and mediation.
            visited = {to for _frm, to, _at in history}
            if stage is DisputeStage.RESOLVED:
                resolved_count += 1
                if r.closed_at is not None:
                    resolved_months[_month(_local_day(r.closed_at))] += 1
                    resolutions.append((r.closed_at - r.received_at).total_seconds() / 86400)
                if DisputeStage.LEGAL_ACTION.value in visited:
                    routes["court"] += 1
                elif DisputeStage.CONCILIATION.value in visited:
                    routes["conciliation"] += 1
                elif DisputeStage.MEDIATION.value in visited:
                    routes["mediation"] += 1
                else:
                    routes["direct"] += 1
            elif stage is DisputeStage.ABANDONED:
                abandoned_count += 1
            if stage is DisputeStage.MEDIATION:
                med_pending += 1
            else:
                # The last time it left mediation decides.
                left = [to for frm, to, _at in history if frm == DisputeStage.MEDIATION.value]
                if left:
                    if left[-1] == DisputeStage.RESOLVED.value:
                        med_ok += 1
                    else:
                        med_failed += 1
            if r.root_cause:
                causes[root_cause_label(r.root_cause)] += 1
            c = closures.get(r.id)
            # Only the closing that closed it counts (not one undone by a reopening).
            if c is not None and stage.is_closed and c.closed_at == r.closed_at:
                if c.currency == currency:
                    refunded += c.refunded_minor
                    recovered += c.recovered_minor
                if c.satisfaction:
                    satisfaction.append(c.satisfaction)
        months = []
        if rows:
            # From the first complaint (or the period's start) to today (or the period's end),
            # never beyond the data on either side.
            first_data = min(opened)
            last_data = max([_month(_local_day(now)), *resolved_months, *opened])
            first = max(_month(date_from), first_data) if date_from else first_data
            last = min(_month(date_to), last_data) if date_to else last_data
            m = first
            while m <= last:
                months.append(MonthCount(m, opened.get(m, 0), resolved_months.get(m, 0)))
                m = _next_month(m)
        ranked = sorted(causes.items(), key=lambda kv: (-kv[1], kv[0].casefold()))[:top]
        return DashboardStats(
            period_from=date_from,
            period_to=date_to,
            total=len(rows),
            open_count=sum(stage_counts.values()),
            resolved_count=resolved_count,
            abandoned_count=abandoned_count,
            open_by_stage=tuple((st, stage_counts.get(st, 0)) for st in OPEN_STAGES),
            open_by_category=tuple((c, category_counts.get(c, 0)) for c in DisputeCategory),
            per_month=tuple(months),
            response_target_hours=clock.target_hours,
            responded_count=len(responses),
            median_first_response_hours=_median(responses),
            within_target_count=sum(1 for h in responses if h <= clock.target_hours),
            median_resolution_days=_median(resolutions),
            currency=currency,
            at_stake_total=Money(at_stake_total, currency),
            at_stake_open=Money(at_stake_open, currency),
            refunded=Money(refunded, currency),
            recovered=Money(recovered, currency),
            other_currency_count=other_currency,
            routes=tuple((k, routes.get(k, 0)) for k in ROUTES),
            mediation_succeeded=med_ok,
            mediation_failed=med_failed,
            mediation_pending=med_pending,
            top_root_causes=tuple(ranked),
            satisfaction_count=len(satisfaction),
            satisfaction_average=(sum(satisfaction) / len(satisfaction)) if satisfaction else None,
        )


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """One chart, ready to draw on screen (QPainter) or in the PDF report (ReportLab)."""

    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (name, one value per category)
    money: bool = False  # values are minor units of `currency`
    horizontal: bool = True
    note: str = ""


def _wording(lang: str | None):
    from disputedesk.i18n import Translator, current_language

    lang = lang or current_language()
    return Translator(lang), ("fr_FR" if lang == "fr" else "en_GB")


def chart_specs(st: DashboardStats, lang: str | None = None) -> tuple[ChartSpec, ...]:
    """The dashboard's charts, labelled in `lang` (default: the UI's language)."""
    from babel.dates import format_date

    from disputedesk.domain.enums import _LABELS as ENUM_MSGIDS

    tr, locale = _wording(lang)
    _, pgettext = tr.gettext, tr.pgettext

    stages = [(s, n) for s, n in st.open_by_stage if n]
    cats = [(c, n) for c, n in st.open_by_category if n]
    specs = [
        ChartSpec(
            "open_by_stage",
            _("Open disputes by stage"),
            tuple(_(ENUM_MSGIDS[s]) for s, _n in stages),
            ((_("Disputes"), tuple(n for _s, n in stages)),),
        ),
        ChartSpec(
            "open_by_category",
            _("Open disputes by category"),
            tuple(_(ENUM_MSGIDS[c]) for c, _n in cats),
            ((_("Disputes"), tuple(n for _c, n in cats)),),
        ),
        ChartSpec(
            "per_month",
            _("Disputes opened and resolved per month"),
            tuple(format_date(m.month, "MMM yy", locale=locale) for m in st.per_month),
            (
                (pgettext("disputes per month", "Opened"), tuple(m.opened for m in st.per_month)),
                (
                    pgettext("disputes per month", "Resolved"),
                    tuple(m.resolved for m in st.per_month),
                ),
            ),
            horizontal=False,
        ),
        ChartSpec(
            "amounts",
            _("Amounts"),
            (_("At stake (all)"), _("At stake (open)"), _("Refunded"), _("Recovered")),
            (
                (
                    _("Amount"),
                    (
                        st.at_stake_total.minor,
                        st.at_stake_open.minor,
                        st.refunded.minor,
                        st.recovered.minor,
                    ),
                ),
            ),
            money=True,
        ),
        ChartSpec(
            "routes",
            _("How resolved disputes were settled"),
            tuple(_(ROUTE_LABELS[k]) for k, _n in st.routes),
            ((_("Disputes"), tuple(n for _k, n in st.routes)),),
        ),
        ChartSpec(
            "root_causes",
            _("Top root causes"),
            tuple(label for label, _n in st.top_root_causes),
            ((_("Disputes"), tuple(n for _l, n in st.top_root_causes)),),
        ),
    ]
    return tuple(specs)


def key_figures(st: DashboardStats, lang: str | None = None) -> tuple[tuple[str, str], ...]:
    """The headline numbers as (label, text) pairs, for the tiles, the report and the CLI."""
    from babel.numbers import format_decimal, format_percent

    tr, locale = _wording(lang)
    _ = tr.gettext

    def num(x: float) -> str:
        return format_decimal(round(x, 1), format="#,##0.#", locale=locale)

    if st.median_first_response_hours is None:
        response = _("no answer recorded yet")
    else:
        response = _("{hours} h (target {target} h); {within} of {count} within target").format(
            hours=num(st.median_first_response_hours),
            target=st.response_target_hours,
            within=st.within_target_count,
            count=st.responded_count,
        )
    if st.median_resolution_days is None:
        resolution = _("no dispute resolved yet")
    else:
        resolution = _("{days} days").format(days=num(st.median_resolution_days))
    rate = st.mediation_success_rate
    if rate is None:
        mediation = _("no mediation ended yet ({pending} in progress)").format(
            pending=st.mediation_pending
        )
    else:
        mediation = _("{rate} ({ok} of {ended}; {pending} in progress)").format(
            rate=format_percent(rate, locale=locale),
            ok=st.mediation_succeeded,
            ended=st.mediation_succeeded + st.mediation_failed,
            pending=st.mediation_pending,
        )
    if st.satisfaction_average is None:
        satisfaction = _("not recorded yet")
    else:
        satisfaction = _("{mark} / 5 ({count} answers)").format(
            mark=num(st.satisfaction_average), count=st.satisfaction_count
        )
    return (
        (_("Disputes in the period"), str(st.total)),
        (
            _("Open / resolved / abandoned"),
            f"{st.open_count} / {st.resolved_count} / {st.abandoned_count}",
        ),
        (_("Median time to first response"), response),
        (_("Median time to resolution"), resolution),
        (_("At stake in open disputes"), st.at_stake_open.format(locale)),
        (
            _("Refunded / recovered"),
            f"{st.refunded.format(locale)} / {st.recovered.format(locale)}",
        ),
        (_("Mediation success rate"), mediation),
        (_("Customer satisfaction"), satisfaction),
    )
