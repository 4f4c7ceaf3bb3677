"""receivables [--as-of DATE] [--json]; import-invoices FILE [--dry-run].

The figures are those of `services.receivables.claim_for`, the same the letters print.
"""

from __future__ import annotations

import sys
from datetime import date

from disputedesk.cli.context import CliContext
from disputedesk.cli.output import print_json, print_table
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.rates import format_rate, half_year_label
from disputedesk.i18n import N_, _, current_language


def register(sub) -> None:
    p = sub.add_parser(
        "receivables",
        help=_("list open invoices with late-payment penalties or interest and total due"),
    )
    p.add_argument("--as-of", metavar=_("DATE"), help=_("date of the figures (YYYY-MM-DD)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(func=_receivables)

    p = sub.add_parser(
        "import-invoices", help=_("import invoices from a CSV file or a Factur-X PDF")
    )
    p.add_argument("file", metavar=_("FILE"))
    p.add_argument("--dry-run", action="store_true", help=_("check the file, import nothing"))
    p.set_defaults(func=_import, needs_lock=True)


def _as_of(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(
            N_("Not a date: {value} (expected YYYY-MM-DD)"), field="as-of", value=text
        ) from exc


def _receivables(args, ctx: CliContext) -> int:
    as_of = _as_of(args.as_of)
    locale = "fr_FR" if current_language() == "fr" else "en_GB"
    svc = ctx.services.receivables
    lines = {ln.invoice_id: ln for ln in svc.lines(as_of)}
    claims = svc.claims(as_of)
    rows = []
    for claim in claims:
        c = claim.invoices[0]
        line = lines.get(c.invoice_id)
        rows.append((claim, c, line))
    if args.json:
        print_json(
            {
                "as_of": as_of,
                "missing_rates": sorted({d for cl, _c, _l in rows for d in cl.missing_rates}),
                "invoices": [
                    {
                        "invoice_id": c.invoice_id,
                        "number": c.number,
                        "customer_id": line.customer_id if line else None,
                        "customer": line.customer_name if line else "",
                        "debtor": "professional" if claim.debtor_is_professional else "consumer",
                        "due_date": c.due_date,
                        "days_overdue": line.days_overdue if line else c.days_late,
                        "outstanding": c.outstanding,
                        "basis": c.basis,
                        "interest_from": c.interest_from,
                        "periods": [
                            {
                                "start": p.start,
                                "end": p.end,
                                "days": p.days,
                                "rate_bp": p.rate_bp,
                                "base": p.base,
                                "year_days": p.year_days,
                                "floor_applied": p.floor_applied,
                                "majorated": p.majorated,
                                "amount": p.amount,
                            }
                            for p in c.periods
                        ],
                        "penalty": c.penalty,
                        "recovery_indemnity": c.recovery_indemnity,
                        "total": claim.total,
                        "missing_rates": c.missing_rates,
                        "disputed": bool(line and line.disputed),
                        "limitation_date": line.limitation_date if line else None,
                    }
                    for claim, c, line in rows
                ],
            }
        )
        return 0
    table = []
    for claim, c, line in rows:
        periods = "; ".join(
            _("{start}–{end}: {days} d at {rate}").format(
                start=p.start.isoformat(),
                end=p.end.isoformat(),
                days=p.days,
                rate=format_rate(p.rate_bp, current_language()),
            )
            for p in c.periods
        )
        table.append(
            [
                c.number,
                line.customer_name if line else "?",
                _("professional") if claim.debtor_is_professional else _("consumer"),
                str(line.days_overdue if line else c.days_late),
                c.outstanding.format(locale),
                c.penalty.format(locale) + (f" ({periods})" if periods else ""),
                c.recovery_indemnity.format(locale) if c.recovery_indemnity else "—",
                claim.total.format(locale),
            ]
        )
    print_table(
        [
            _("Invoice"),
            _("Customer"),
            _("Debtor"),
            _("Days late"),
            _("Principal"),
            _("Penalties / interest"),
            _("Indemnity"),
            _("Total due"),
        ],
        table,
    )
    missing = sorted({d for cl, _c, _l in rows for d in cl.missing_rates})
    if missing:
        print(
            _("Warning: no rate entered for {periods}; those days are not counted.").format(
                periods=", ".join(half_year_label(d) for d in missing)
            ),
            file=sys.stderr,
        )
    return 0


def _import(args, ctx: CliContext) -> int:
    from disputedesk.services.invoice_import import import_csv_file

    if str(args.file).lower().endswith(".pdf"):
        return _import_pdf(args, ctx)
    report = import_csv_file(ctx.services, args.file, dry_run=args.dry_run)
    for problem in report.problems:
        print(
            _("Line {line}: {reason}").format(line=problem.line, reason=problem.reason),
            file=sys.stderr,
        )
    print(
        _("{imported} imported, {skipped} already there, {refused} refused.").format(
            imported=report.imported, skipped=report.skipped, refused=len(report.problems)
        )
    )
    return 1 if report.problems else 0


def _import_pdf(args, ctx: CliContext) -> int:
    from disputedesk.services.facturx_import import import_facturx_file, read_facturx

    if args.dry_run:
        from pathlib import Path

        inv = read_facturx(Path(args.file).read_bytes())
        print(
            _("Invoice {number}: {amount}, due {date}.").format(
                number=inv.number, amount=inv.amount.format(), date=inv.due_date.isoformat()
            )
        )
        return 0
    result = import_facturx_file(ctx.services, args.file)
    if result.invoice_id is None:
        print(_("Invoice {number} was already imported.").format(number=result.number))
    else:
        print(_("Invoice {number} imported.").format(number=result.number))
        if result.due_date_assumed:
            print(
                _("No due date in the file: 30 days after the invoice date was used."),
                file=sys.stderr,
            )
    return 0
