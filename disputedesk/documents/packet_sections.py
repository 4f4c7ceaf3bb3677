"""The packet's sections as ReportLab flowables: summary, chronology, journal, exhibits list.

Every piece of user text goes through `para()` (PITFALLS 5). The summary carries what the
conciliation request form asks (Cerfa 15728*02): both parties' identities and addresses, the
object, the facts, the sum claimed, the steps already tried and the exhibits.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from disputedesk.documents.markup import para
from disputedesk.documents.packet_styles import RULE, SHADE, styles, table_style
from disputedesk.documents.packet_text import Wording
from disputedesk.domain.enums import DisputeStage
from disputedesk.domain.packets import Claimant, ExhibitSource, PacketKind, PacketRequest
from disputedesk.domain.records import PostalAddress

AMICABLE_STAGES = (
    DisputeStage.ACKNOWLEDGED,
    DisputeStage.SOLUTION_PROPOSED,
    DisputeStage.NEGOTIATION,
    DisputeStage.MEDIATION,
    DisputeStage.CONCILIATION,
)


def _address(a: PostalAddress) -> str:
    town = " ".join(x for x in (a.postcode, a.city) if x)
    lines = [a.line1, a.line2, town, "" if a.country == "FR" else a.country]
    return ", ".join(x for x in lines if x)


def _entry_exhibits(numbers: dict[int, ExhibitSource]) -> dict[str, int]:
    return {ex.key: n for n, ex in numbers.items()}


def _field_rows(rows: list[tuple[str, str]]):
    st = styles()
    if not rows:
        return Paragraph("—", st["body"])
    table = Table(
        [[Paragraph(para(k), st["small_bold"]), Paragraph(para(v), st["body"])] for k, v in rows],
        colWidths=[42 * mm, None],
    )
    table.setStyle(
        table_style(
            *[
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def summary(request: PacketRequest, w: Wording, numbers: dict[int, ExhibitSource]) -> list:
    _, ngettext = w.gettext, w.ngettext
    st = styles()
    b, c, d, s = request.business, request.customer, request.dispute, request.summary
    out: list = [Paragraph(para(_("Summary")), st["h1"])]
    if request.recipient.name:
        out.append(Paragraph(para(_("To: {name}").format(name=request.recipient.name)), st["body"]))
    out.append(Paragraph(para(_("The parties")), st["h2"]))
    shop_rows = [
        (_("Name"), " — ".join(x for x in (b.legal_name, b.trade_name) if x)),
        (_("Legal form"), b.legal_form),
        (_("Address"), _address(b.address)),
        (_("SIRET"), b.siret),
        (_("Trade register"), b.trade_register),
        (_("VAT number"), b.vat_number),
        (_("Contact"), " — ".join(x for x in (b.phone, b.email) if x)),
        (_("Represented by"), b.signatory_name),
    ]
    out.append(Paragraph(para(_("The shop (requesting party)")), st["small_bold"]))
    out.append(_field_rows([(k, v) for k, v in shop_rows if v]))
    out.append(Spacer(1, 2 * mm))
    person = " ".join(x for x in (c.title, c.first_name, c.last_name) if x)
    cust_rows = [
        (_("Name"), person),
        (_("Company"), c.company),
        (_("SIRET"), c.siret),
        (_("Status"), w.label(c.kind)),
        (_("Address"), _address(c.address)),
        (_("Contact"), " — ".join(x for x in (c.phone, c.email) if x)),
    ]
    out.append(Paragraph(para(_("The customer (other party)")), st["small_bold"]))
    out.append(_field_rows([(k, v) for k, v in cust_rows if v]))

    out.append(Paragraph(para(_("Object of the dispute")), st["h2"]))
    out.append(
        Paragraph(
            para(
                _("{category} — case {reference}, opened on {date}").format(
                    category=w.label(d.category),
                    reference=d.reference,
                    date=w.date(d.received_at.date()),
                )
            ),
            st["body"],
        )
    )
    out += _text_block(_("Statement of the facts"), s.facts, w)
    out += _amounts(request, w)
    out += _text_block(_("What the customer asks"), s.customer_request, w)
    out += _text_block(_("What the shop offered, and why"), s.shop_offer, w)
    out += _steps(request, w, numbers)
    out += _text_block(_("Current position"), s.position, w)
    out += _text_block(_("Question put to the recipient"), s.question, w)
    out.append(Paragraph(para(_("Exhibits")), st["h2"]))
    out.append(
        Paragraph(
            para(
                ngettext(
                    "{count} exhibit, listed in the list of exhibits.",
                    "{count} exhibits, listed in the list of exhibits.",
                    len(request.exhibits),
                ).format(count=len(request.exhibits))
            ),
            st["body"],
        )
    )
    return out


def _text_block(title: str, text: str, w: Wording) -> list:
    _ = w.gettext
    st = styles()
    body = text.strip() or _("(not stated)")
    return [Paragraph(para(title), st["h2"]), Paragraph(para(body), st["body"])]


def _amounts(request: PacketRequest, w: Wording) -> list:
    _ = w.gettext
    st = styles()
    d = request.dispute
    rows = [(_("Amount at stake"), w.money(d.amount))]
    balance = None
    for inv in request.invoices:
        rows.append(
            (
                _("Invoice {number}").format(number=inv.number),
                _(
                    "{amount} issued on {issued}, due on {due}; paid {paid}; balance {balance}"
                ).format(
                    amount=w.money(inv.amount),
                    issued=w.date(inv.issue_date),
                    due=w.date(inv.due_date),
                    paid=w.money(inv.paid),
                    balance=w.money(inv.balance),
                ),
            )
        )
        balance = inv.balance if balance is None else balance + inv.balance
    if request.claimant is Claimant.SHOP:
        claimed = balance if balance is not None and not balance.is_zero else d.amount
        rows.append((_("Sum claimed by the shop"), w.money(claimed)))
    elif request.kind is PacketKind.CONCILIATION:
        rows.append((_("Sum at issue for the customer"), w.money(d.amount)))
    return [Paragraph(para(_("Amounts")), st["h2"]), _field_rows(rows)]


def _steps(request: PacketRequest, w: Wording, numbers: dict[int, ExhibitSource]) -> list:
    _ = w.gettext
    st = styles()
    out: list = [Paragraph(para(_("Steps already tried")), st["h2"])]
    exhibit_of = _entry_exhibits(numbers)
    if request.complaint is not None:
        e = request.complaint
        refs = [exhibit_of[f"att:{a.id}"] for a in e.attachments if f"att:{a.id}" in exhibit_of]
        text = _("Prior written complaint of the consumer: {date}, {channel} — {summary}").format(
            date=w.date(e.occurred_at.date()), channel=w.label(e.channel), summary=e.summary
        )
        if refs:
            text += " " + _("(exhibit no. {numbers})").format(
                numbers=", ".join(str(n) for n in refs)
            )
        out.append(Paragraph(para(text), st["body"]))
    for change in request.stage_changes:
        if change.to_stage in AMICABLE_STAGES:
            line = f"{w.date(change.at.date())}: {w.label(change.to_stage)}"
            if change.reason:
                line += f" — {change.reason}"
            out.append(Paragraph(para(line), st["body"]))
    out.append(
        Paragraph(
            para(
                _("{count} exchanges recorded in the journal of communications.").format(
                    count=len(request.entries)
                )
            ),
            st["body"],
        )
    )
    if request.kind is PacketKind.PROOF and request.basis is not None:
        out.append(
            Paragraph(
                para(_("Prior amicable attempt (Code de procédure civile art. 750-1)")), st["h2"]
            )
        )
        out.append(Paragraph(para(w.gettext(_basis_msgid(request))), st["body"]))
        if request.conciliator_seized_on:
            out.append(
                Paragraph(
                    para(
                        _("Conciliateur de justice asked for a meeting on {date}.").format(
                            date=w.date(request.conciliator_seized_on)
                        )
                    ),
                    st["body"],
                )
            )
        if request.basis_details:
            out.append(Paragraph(para(request.basis_details), st["body"]))
    if request.consumer_mediation and request.recipient.website:
        out.append(
            Paragraph(
                para(
                    _("Consumer mediator: {name}, {website}").format(
                        name=request.recipient.name, website=request.recipient.website
                    )
                ),
                st["muted"],
            )
        )
    return out


def _basis_msgid(request: PacketRequest) -> str:
    from disputedesk.domain.packets import _BASIS_LABELS

    return _BASIS_LABELS[request.basis]


def _aware(d) -> datetime:
    """Sort key for a date without time: noon, so it sits among that day's events."""
    return datetime.combine(d, time(12, 0), UTC)


def chronology(request: PacketRequest, w: Wording, numbers: dict[int, ExhibitSource]) -> list:
    _ = w.gettext
    st = styles()
    d = request.dispute
    exhibit_of = _entry_exhibits(numbers)
    # (sort key, date as shown, text): dates without a time are shown without one.
    items: list[tuple[datetime, str, str]] = [
        (
            d.received_at,
            w.moment(d.received_at),
            _("Dispute opened ({channel})").format(channel=w.label(d.received_via)),
        )
    ]
    for change in request.stage_changes:
        if change.from_stage is None:
            continue
        text = _("Stage: {stage}").format(stage=w.label(change.to_stage))
        if change.reason:
            text += f" — {change.reason}"
        items.append((change.at, w.moment(change.at), text))
    for inv in request.invoices:
        items.append(
            (
                _aware(inv.issue_date),
                w.short_date(inv.issue_date),
                _("Invoice {number} issued: {amount}, due on {due}").format(
                    number=inv.number, amount=w.money(inv.amount), due=w.date(inv.due_date)
                ),
            )
        )
        for pay in inv.payments:
            items.append(
                (
                    _aware(pay.paid_on),
                    w.short_date(pay.paid_on),
                    _("Payment received on invoice {number}: {amount}").format(
                        number=inv.number, amount=w.money(pay.amount)
                    ),
                )
            )
    for e in request.entries:
        text = f"{w.label(e.channel)}, {w.label(e.direction).lower()} — {e.summary}"
        refs = [exhibit_of[f"att:{a.id}"] for a in e.attachments if f"att:{a.id}" in exhibit_of]
        if refs:
            text += " " + _("(exhibit no. {numbers})").format(
                numbers=", ".join(str(n) for n in refs)
            )
        items.append((e.occurred_at, w.moment(e.occurred_at), text))
    items.sort(key=lambda x: x[0])
    # One paragraph a step, the date in bold with the text hanging after it: a table of
    # 500 rows costs twice the layout time for the same reading.
    lines = [
        Paragraph(f"<b>{para(shown)}</b>&nbsp;&nbsp; {para(t)}", st["chrono"])
        for _at, shown, t in items
    ]
    return [Paragraph(para(_("Chronology")), st["h1"]), *lines]


def journal(request: PacketRequest, w: Wording, numbers: dict[int, ExhibitSource]) -> list:
    _ = w.gettext
    st = styles()
    exhibit_of = _entry_exhibits(numbers)
    by_id = {e.id: e for e in request.entries}
    out: list = [Paragraph(para(_("Journal of communications")), st["h1"])]
    if not request.entries:
        out.append(Paragraph(para(_("No entry chosen.")), st["muted"]))
    for e in request.entries:
        # One paragraph an entry (a long body is cut in blocks of 40 lines so it can break
        # across pages): half the layout time of a paragraph per part.
        head = f"{w.moment(e.occurred_at)} — {w.label(e.channel)} — {w.label(e.direction)}"
        parts = [f"<font size=8.5><b>{para(head)}</b></font>", para(e.summary)]
        notes = []
        if e.corrects_id is not None:
            old = by_id.get(e.corrects_id)
            notes.append(
                _("Corrects an earlier entry") + (f" ({w.moment(old.occurred_at)})" if old else "")
            )
        if e.corrected_by_id is not None:
            notes.append(_("Corrected by a later entry"))
        for a in e.attachments:
            n = exhibit_of.get(f"att:{a.id}")
            notes.append(
                _("Attached: {file} (exhibit no. {number})").format(file=a.original_name, number=n)
                if n
                else _("Attached: {file} (not included in this packet)").format(
                    file=a.original_name
                )
            )
        lines = e.body.strip("\n").split("\n") if e.body.strip() else []
        blocks = ["\n".join(lines[i : i + 40]) for i in range(0, len(lines), 40)]
        tail = [f'<font size=8.5 color="#555555"><i>{para(n)}</i></font>' for n in notes]
        if len(blocks) <= 1:
            out.append(
                Paragraph("<br/>".join(parts + [para(b) for b in blocks] + tail), st["entry"])
            )
        else:
            out.append(Paragraph("<br/>".join([*parts, para(blocks[0])]), st["entry"]))
            out += [Paragraph(para(b), st["body"]) for b in blocks[1:-1]]
            out.append(Paragraph("<br/>".join([para(blocks[-1]), *tail]), st["entry"]))
    return out


def bordereau(request: PacketRequest, w: Wording, exhibit_pages: list[int]) -> list:
    from disputedesk.documents.packet_front import PageRef

    _ = w.gettext
    st = styles()
    head = [
        Paragraph(para(x), st["small_bold"])
        for x in (_("No."), _("Exhibit"), _("Date"), _("Pages"), _("Page"))
    ]
    rows = [head]
    for i, (ex, count) in enumerate(zip(request.exhibits, exhibit_pages, strict=True), start=1):
        title = para(ex.title)
        if ex.file_name and ex.file_name not in ex.title:
            title += f"<br/><font size=7.5>{para(ex.file_name)}</font>"
        rows.append(
            [
                Paragraph(str(i), st["small"]),
                Paragraph(title, st["small"]),
                Paragraph(para(w.short_date(ex.dated)), st["small"]),
                Paragraph(str(count), st["small"]),
                PageRef(f"ddref_ex{i}"),
            ]
        )
    out: list = [Paragraph(para(_("List of exhibits")), st["h1"])]
    if len(rows) == 1:
        out.append(Paragraph(para(_("No exhibit.")), st["muted"]))
        return out
    table = Table(rows, colWidths=[12 * mm, None, 24 * mm, 16 * mm, 18 * mm], repeatRows=1)
    table.setStyle(
        table_style(
            *[
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ]
        )
    )
    out.append(table)
    return out
