"""The worklist's letters: one letter per customer and level through `services.letters`
(composed with `claim_for`, stored, journaled, deadline set), each invoice moved to its new
level, and the PDFs gathered for printing: one file per customer and one combined file.

A customer whose letter cannot be made (no address, …) is reported and stays in the
worklist; the others go ahead. Nothing is issued twice (see DunningService.process).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pypdf import PdfWriter

from disputedesk.domain.errors import DisputeDeskError, ValidationError
from disputedesk.domain.letters import LetterInputs, LetterKind
from disputedesk.i18n import N_
from disputedesk.services.dunning_service import DunningChannel, StepDone, WorkItem
from disputedesk.storage.files import safe_file_name


@dataclass
class LetterRun:
    done: list[StepDone] = field(default_factory=list)
    letter_ids: list[int] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (customer, message)
    customer_files: list[Path] = field(default_factory=list)
    combined_file: Path | None = None


def generate_letters(
    services, items: list[WorkItem], done_on: date, *, out_dir: Path | None = None
) -> LetterRun:
    run = LetterRun()
    by_customer_letters: dict[int, list[int]] = {}
    names: dict[int, str] = {}

    def issue(group: list[WorkItem]) -> dict[int, tuple[int, int]]:
        out: dict[int, tuple[int, int]] = {}
        customer_id = group[0].line.customer_id
        names[customer_id] = group[0].line.customer_name
        by_level: dict[tuple[str, str], list[WorkItem]] = {}
        for item in group:
            by_level.setdefault((item.level.kind.value, item.level.channel.value), []).append(item)
        for (kind, channel), level_items in by_level.items():
            try:
                dispute_id = services.dunning.ensure_dispute(level_items[0].line.invoice_id)
                draft = services.letters.compose(
                    dispute_id,
                    LetterInputs(
                        kind=LetterKind(kind),
                        letter_date=done_on,
                        invoice_ids=tuple(i.line.invoice_id for i in level_items),
                        registered=channel == DunningChannel.REGISTERED_LETTER.value,
                    ),
                )
                letter = services.letters.issue(draft)
            except DisputeDeskError as err:
                run.problems.append((group[0].line.customer_name, str(err)))
                continue
            run.letter_ids.append(letter.id)
            by_customer_letters.setdefault(customer_id, []).append(letter.id)
            for i in level_items:
                out[i.line.invoice_id] = (letter.id, letter.document_id)
        return out

    run.done = services.dunning.process(items, done_on, issue=issue)
    if out_dir is not None and run.letter_ids:
        write_print_files(services, run, by_customer_letters, names, done_on, Path(out_dir))
    return run


def write_print_files(services, run: LetterRun, by_customer, names, done_on, out_dir: Path):
    """One PDF per customer and one combined PDF of every letter, to print in one go."""
    if not out_dir.is_dir():
        raise ValidationError(
            N_("The folder {folder} does not exist."), field="out", folder=str(out_dir)
        )
    combined = PdfWriter()
    try:
        for customer_id, letter_ids in by_customer.items():
            writer = PdfWriter()
            for letter_id in letter_ids:
                path = services.letters.pdf_path(services.letters.get(letter_id))
                writer.append(str(path))
                combined.append(str(path))
            name = safe_file_name(
                f"{done_on.isoformat()}-{names.get(customer_id, customer_id)}.pdf"
            )
            target = out_dir / name
            with target.open("wb") as fh:
                writer.write(fh)
            run.customer_files.append(target)
        target = out_dir / f"{done_on.isoformat()}-dunning-letters-all.pdf"
        with target.open("wb") as fh:
            combined.write(fh)
        run.combined_file = target
    except OSError as exc:
        raise ValidationError(
            N_("{file} cannot be written: {reason}"),
            field="out",
            file=str(out_dir),
            reason=exc.strerror or str(exc),
        ) from exc
