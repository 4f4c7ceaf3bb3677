"""letter DISPUTE_REF KIND [--lang fr|en] --out FILE.pdf  |  letter --list-kinds

The same engine as the wizard: the letter is composed from the dispute, stored in the
dispute's documents, recorded in the journal with its follow-up deadline, and a copy is
written to FILE.pdf. `--preview` writes the PDF without recording anything.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from disputedesk.cli.context import CliContext
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.letters import LETTER_KINDS, LetterInputs, LetterKind, Remedy
from disputedesk.i18n import N_, _
from disputedesk.services import validate as v


def register(sub) -> None:
    p = sub.add_parser(
        "letter",
        help=_("write a letter of a dispute as a PDF and record it (as the wizard does)"),
    )
    p.add_argument(
        "reference",
        nargs="?",
        metavar="DISPUTE_REF",
        help=_("dispute reference, e.g. LIT-2026-0001"),
    )
    p.add_argument("kind", nargs="?", metavar="KIND", help=_("kind of letter (see --list-kinds)"))
    p.add_argument("--list-kinds", action="store_true", help=_("list the kinds of letters"))
    p.add_argument(
        "--lang", dest="doc_lang", choices=("fr", "en"), help=_("language of the letter")
    )
    p.add_argument("--out", metavar="FILE.pdf", help=_("where to write the PDF"))
    p.add_argument("--deadline", metavar="YYYY-MM-DD", help=_("deadline given to the customer"))
    p.add_argument("--explanation", default="", help=_("your explanation or reasons"))
    p.add_argument(
        "--remedy",
        action="append",
        default=[],
        choices=[r.value for r in Remedy],
        help=_("solution offered (may be repeated)"),
    )
    p.add_argument("--details", default="", help=_("details of the solution or obligation"))
    p.add_argument(
        "--registered",
        action="store_true",
        default=None,
        help=_("send by registered letter (formal notices always are)"),
    )
    p.add_argument("--preview", action="store_true", help=_("write the PDF only, record nothing"))
    p.set_defaults(func=_letter, needs_lock=True)


def _letter(args, ctx: CliContext) -> int:
    if args.list_kinds:
        for kind in LETTER_KINDS:
            print(f"{kind.value:20} {kind.label}")
        return 0
    if not args.reference or not args.kind or not args.out:
        raise ValidationError(
            N_("Give the dispute reference, the kind of letter and --out FILE.pdf."),
            field="arguments",
        )
    try:
        kind = LetterKind(args.kind)
    except ValueError:
        kind = None
    if kind not in LETTER_KINDS:
        raise ValidationError(
            N_("Unknown kind of letter: {kind} (see --list-kinds)."), field="kind", kind=args.kind
        )
    out = Path(args.out).expanduser().resolve()
    if not out.parent.is_dir():
        raise ValidationError(
            N_("The folder {folder} does not exist."), field="out", folder=str(out.parent)
        )
    services = ctx.services
    dispute = services.disputes.get_by_reference(args.reference)
    inputs = LetterInputs(
        kind=kind,
        language=args.doc_lang,
        deadline=v.parse_iso_date(args.deadline, "deadline") if args.deadline else None,
        registered=True if args.registered else None,
        remedies=tuple(Remedy(r) for r in args.remedy),
        remedy_details=args.details,
        explanation=args.explanation,
    )
    letters = services.letters
    draft = letters.compose(dispute.id, inputs)
    for warning in draft.warnings:
        print(_("Note: {message}").format(message=warning), file=sys.stderr)
    if args.preview:
        letters.render_to(draft, out)
        print(_("{file}: preview, nothing recorded.").format(file=str(out)))
        return 0
    issued = letters.issue(draft)
    try:
        shutil.copyfile(letters.pdf_path(issued), out)
    except OSError as exc:
        raise ValidationError(
            N_("{file} cannot be written: {reason}"),
            field="out",
            file=str(out),
            reason=exc.strerror or str(exc),
        ) from exc
    text = _("{file}: {kind} recorded in {reference}.").format(
        file=str(out), kind=kind.label, reference=dispute.reference
    )
    if issued.deadline:
        text += " " + _("Deadline: {date}.").format(date=issued.deadline.isoformat())
    print(text)
    return 0
