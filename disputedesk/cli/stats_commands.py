"""stats [--from DATE] [--to DATE] [--json]: the dashboard's figures on the command line."""

from __future__ import annotations

from datetime import date

from disputedesk.cli.context import CliContext
from disputedesk.cli.output import print_json, print_table
from disputedesk.domain.errors import ValidationError
from disputedesk.i18n import N_, _
from disputedesk.services.dashboard_service import chart_specs, key_figures


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(
            N_("Not a date: {value} (write it as YYYY-MM-DD)."), field="date", value=text
        ) from exc


def register(sub) -> None:
    p = sub.add_parser("stats", help=_("the dashboard's figures for a period"))
    p.add_argument("--from", dest="date_from", metavar=_("DATE"), help=_("first day (YYYY-MM-DD)"))
    p.add_argument("--to", dest="date_to", metavar=_("DATE"), help=_("last day (YYYY-MM-DD)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(func=_stats)


def _stats(args, ctx: CliContext) -> int:
    start = _day(args.date_from) if args.date_from else None
    end = _day(args.date_to) if args.date_to else None
    stats = ctx.services.dashboard.stats(date_from=start, date_to=end)
    if args.json:
        out = dict(
            stats=stats,
            mediation_success_rate=stats.mediation_success_rate,
        )
        print_json(out)
        return 0
    print_table([_("Figure"), _("Value")], [[k, v] for k, v in key_figures(stats)])
    for spec in chart_specs(stats):
        if not spec.categories or spec.key == "amounts":
            continue
        print()
        print(spec.title)
        headers = ["", *(name for name, _vals in spec.series)]
        rows = [
            [cat, *(str(vals[i]) for _name, vals in spec.series)]
            for i, cat in enumerate(spec.categories)
        ]
        print_table(headers, rows)
    return 0
