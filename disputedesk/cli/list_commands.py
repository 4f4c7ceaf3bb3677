"""list customers|disputes [--json]."""

from __future__ import annotations

from babel.numbers import format_currency

from disputedesk.cli.context import CliContext
from disputedesk.cli.output import print_json, print_table
from disputedesk.domain.money import Money
from disputedesk.i18n import _, current_language


def register(sub) -> None:
    p = sub.add_parser("list", help=_("list customers or disputes"))
    p.add_argument("what", choices=("customers", "disputes"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.add_argument(
        "--all", action="store_true", help=_("include archived customers / closed disputes")
    )
    p.set_defaults(func=_list)


def _list(args, ctx: CliContext) -> int:
    locale = "fr_FR" if current_language() == "fr" else "en_GB"
    svc = ctx.services
    if args.what == "customers":
        rows = svc.customers.search(include_archived=args.all)
        if args.json:
            print_json(rows)
            return 0
        print_table(
            [_("Id"), _("Name"), _("City"), _("Open disputes"), _("At stake")],
            [
                [
                    str(r.customer.id),
                    r.customer.display_name,
                    r.customer.address.city,
                    str(r.open_disputes),
                    format_currency(
                        Money(r.amount_at_stake_minor).to_decimal(), "EUR", locale=locale
                    ),
                ]
                for r in rows
            ],
        )
        return 0
    disputes = svc.disputes.list(open_only=not args.all)
    if args.json:
        print_json(disputes)
        return 0
    names = {
        c.customer.id: c.customer.display_name for c in svc.customers.search(include_archived=True)
    }
    print_table(
        [_("Reference"), _("Customer"), _("Category"), _("Stage"), _("At stake")],
        [
            [
                d.reference,
                names.get(d.customer_id, "?"),
                d.category.label,
                d.stage.label,
                d.amount.format(locale),
            ]
            for d in disputes
        ],
    )
    return 0
