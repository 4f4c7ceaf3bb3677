"""personal-data, erase-customer, retention: the RGPD commands (same service as the window)."""

from __future__ import annotations

from pathlib import Path

from disputedesk.cli.context import CliContext
from disputedesk.i18n import _


def register(sub) -> None:
    p = sub.add_parser(
        "personal-data", help=_("write a customer's data to a folder (JSON with files, and PDF)")
    )
    p.add_argument("customer_id", type=int, metavar=_("CUSTOMER_ID"))
    p.add_argument("folder", metavar=_("FOLDER"))
    p.set_defaults(func=_export)

    p = sub.add_parser(
        "erase-customer",
        help=_("erase a customer's personal data for good (the figures stay)"),
    )
    p.add_argument("customer_id", type=int, metavar=_("CUSTOMER_ID"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    p.add_argument(
        "--give-up-claims",
        action="store_true",
        help=_("erase even if the customer still owes money on an invoice (the claim is lost)"),
    )
    p.set_defaults(func=_erase, needs_lock=True)

    p = sub.add_parser(
        "retention", help=_("list customers whose disputes all closed more than N years ago")
    )
    p.add_argument("--years", type=int, default=None, help=_("default: the settings (5)"))
    p.set_defaults(func=_retention)


def _export(args, ctx: CliContext) -> int:
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    json_path, pdf_path = ctx.services.privacy.write_export(args.customer_id, folder)
    print(_("Written: {file}").format(file=json_path))
    print(_("Written: {file}").format(file=pdf_path))
    return 0


def _erase(args, ctx: CliContext) -> int:
    customer = ctx.services.customers.get(args.customer_id)
    name = " ".join(p for p in (customer.company, customer.first_name, customer.last_name) if p)
    if not args.yes:
        answer = input(
            _("Erase the personal data of {name} for good? Type yes to confirm: ").format(
                name=name or f"#{customer.id}"
            )
        )
        if answer.strip().lower() not in ("yes", "oui"):
            print(_("Nothing was erased."))
            return 1
    report = ctx.services.privacy.erase_customer(
        args.customer_id, give_up_claims=args.give_up_claims
    )
    print(
        _(
            "Erased: {deleted} records deleted, {blanked} records made anonymous, {files} files "
            "deleted. Backups made before still hold the data until they are rotated away."
        ).format(
            deleted=report.records_deleted,
            blanked=report.records_blanked,
            files=report.files_deleted,
        )
    )
    return 0


def _retention(args, ctx: CliContext) -> int:
    found = ctx.services.privacy.retention_candidates(args.years)
    for cand in found:
        c = cand.customer
        name = " ".join(p for p in (c.company, c.first_name, c.last_name) if p)
        print(f"{c.id}\t{name}\t{cand.disputes}\t{cand.last_closed_at.date().isoformat()}")
    if not found:
        print(_("No customer to propose."))
    return 0
