"""packet DISPUTE_REF --kind mediation|conciliation|proof --out FILE.pdf

All the dispute's attachments and journal entries go in, in date order. Files that cannot be
used are named with the reason; `--leave-out-bad` builds the packet without them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from disputedesk.cli.context import CliContext
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.packets import AmicableBasis, Level, PacketKind, Recipient
from disputedesk.i18n import N_, _, ngettext
from disputedesk.services import validate as v
from disputedesk.services.packet_service import ExhibitsRejected, PacketService


def register(sub) -> None:
    p = sub.add_parser(
        "packet", help=_("build a referral packet (mediation, conciliation, proof) as one PDF")
    )
    p.add_argument(
        "reference", metavar="DISPUTE_REF", help=_("dispute reference, e.g. LIT-2026-0001")
    )
    p.add_argument("--kind", required=True, choices=[k.value for k in PacketKind])
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF"))
    p.add_argument("--doc-lang", choices=("fr", "en"), help=_("language of the packet"))
    p.add_argument("--recipient", metavar=_("NAME"), help=_("recipient's name"))
    p.add_argument("--recipient-address", metavar=_("ADDRESS"), help=_("recipient's address"))
    p.add_argument(
        "--basis",
        choices=[b.value for b in AmicableBasis],
        help=_("proof packet: the amicable attempt made or the exemption (CPC art. 750-1)"),
    )
    p.add_argument("--basis-details", default="", help=_("facts justifying the exemption"))
    p.add_argument(
        "--conciliator-asked-on",
        metavar="YYYY-MM-DD",
        help=_("date the conciliateur de justice was asked for a meeting"),
    )
    p.add_argument(
        "--leave-out-bad",
        action="store_true",
        help=_("leave out the files that cannot be used instead of stopping"),
    )
    p.set_defaults(func=_packet)


def _packet(args, ctx: CliContext) -> int:
    service = PacketService(ctx.services)
    dispute = ctx.services.disputes.get_by_reference(args.reference)
    flow = service.flow(dispute.id)
    if args.doc_lang:
        flow.language = args.doc_lang
    flow.set_kind(PacketKind(args.kind))
    if args.recipient or args.recipient_address:
        r = flow.recipient
        flow.recipient = Recipient(
            args.recipient or r.name, args.recipient_address or r.address, r.website
        )
    if args.basis:
        flow.basis = AmicableBasis(args.basis)
    flow.basis_details = args.basis_details
    if args.conciliator_asked_on:
        flow.conciliator_seized_on = v.parse_iso_date(
            args.conciliator_asked_on, "conciliator_asked_on"
        )
    # The command line takes everything, in date order (the wizard lets the owner choose).
    flow.set_exhibits(
        [e.key for e in sorted(flow.context.exhibits, key=lambda e: (e.dated, e.key))]
    )
    flow.set_entries([e.id for e in flow.context.entries])
    if flow.complaint_entry_id is not None:
        flow.set_complaint(flow.complaint_entry_id)
    service.refill_summary(flow)
    for issue in flow.issues():
        if issue.level is not Level.ERROR:
            print(_("Note: {message}").format(message=issue.translated()), file=sys.stderr)
    request = flow.build()
    out = Path(args.out).expanduser().resolve()
    while True:
        try:
            built = service.generate(request, out)
            break
        except ExhibitsRejected as rejected:
            for problem in rejected.problems:
                print(service.describe(problem), file=sys.stderr)
            if not args.leave_out_bad:
                raise ValidationError(
                    N_(
                        "Some files cannot go into the packet; add --leave-out-bad to leave "
                        "them out."
                    ),
                    field="exhibits",
                ) from None
            request = request.without_exhibits({p.source.key for p in rejected.problems})
    print(
        ngettext(
            "{file}: {pages} pages, {exhibits} exhibit.",
            "{file}: {pages} pages, {exhibits} exhibits.",
            len(request.exhibits),
        ).format(file=str(out), pages=built.page_count, exhibits=len(request.exhibits))
    )
    return 0
