"""Letter benchmark: time to produce a one-page letter, against bare ReportLab laying out the
same text in the same run (one SimpleDocTemplate, the same embedded font, the same paragraphs
and table); target ≤ 1.5 ×. Also the wizard's preview refresh (draft from the fields, PDF
laid out, loaded into QPdfDocument; target < 300 ms), the first (cold) letter, a 3-page
letter and issuing (render + store + journal + deadline). Prints numbers; asserts nothing.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RUNS = 40


def _median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def bare_reportlab(draft) -> bytes:
    """The same paragraphs (and the claim table) in one plain SimpleDocTemplate."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from disputedesk.documents.fonts import BOLD, FAMILY, register_fonts
    from disputedesk.documents.markup import para

    register_fonts()
    style = ParagraphStyle("b", fontName=FAMILY, fontSize=10, leading=13.2)
    bold = ParagraphStyle("bb", style, fontName=BOLD)  # the letter's shop name and subject
    story = [Paragraph(para(draft.business.trade_name), bold), Paragraph(para(draft.subject), bold)]
    from disputedesk.documents.letter_pdf import footer_lines

    b = draft.business
    a = b.address
    lines = [b.legal_name, a.line1, f"{a.postcode} {a.city}", b.phone, b.email]
    lines += [b.website, *footer_lines(draft)]
    lines += [*draft.recipient_lines, draft.place_date, *draft.references]
    lines += [draft.salutation, *draft.paragraphs, draft.closing, draft.signatory]
    for text in lines:
        if text.strip() == "{claim_table}" and draft.claim is not None:
            rows = [[c.number, str(c.outstanding.minor)] for c in draft.claim.invoices]
            story.append(Table(rows, style=[("FONTNAME", (0, 0), (-1, -1), FAMILY)]))
        else:
            story.append(Paragraph(para(text), style))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, initialFontName=FAMILY).build(story)
    return buf.getvalue()


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from disputedesk.documents.letter_pdf import render_letter
    from disputedesk.domain.letters import LetterInputs, LetterKind
    from disputedesk.paths import DataPaths
    from disputedesk.services import Services
    from disputedesk.services.demo_service import seed_demo
    from disputedesk.storage.store import open_store
    from disputedesk.ui.application import create_application

    app = QApplication.instance() or create_application(sys.argv[:1], "en")
    root = Path(tempfile.mkdtemp(prefix="dd-bench-letters-"))
    store = open_store(DataPaths(root), lock=False)
    services = Services.build(store)
    seed_demo(services)
    letters = services.letters
    unpaid = next(
        d
        for d in services.disputes.list()
        if services.invoices.list(dispute_id=d.id, open_only=True)
    )
    inputs = LetterInputs(LetterKind.NOTICE_TO_PAY, language="fr")

    t0 = time.perf_counter()
    draft = letters.compose(unpaid.id, inputs)
    first = render_letter(draft)
    cold = (time.perf_counter() - t0) * 1000
    assert first.startswith(b"%PDF-")

    compose_ms = _median_ms(lambda: letters.compose(unpaid.id, inputs))
    letter_ms = _median_ms(lambda: render_letter(draft))
    bare_ms = _median_ms(lambda: bare_reportlab(draft))

    from dataclasses import replace

    long = replace(draft, paragraphs=(*draft.paragraphs, "Texte du litige. " * 900))
    long_ms = _median_ms(lambda: render_letter(long), runs=10)

    # The wizard's preview refresh: fields → draft → PDF (worker) → QPdfDocument.
    from disputedesk.ui.letters.letter_wizard import LetterWizard

    wizard = LetterWizard(services, unpaid.id, kind=LetterKind.NOTICE_TO_PAY, synchronous=True)
    wizard.show()
    wizard.next()
    page = wizard.text_page

    def refresh():
        page.body.setPlainText(page.body.toPlainText() + " x")
        page.refresh_preview()
        app.processEvents()

    preview_ms = _median_ms(refresh, runs=20)
    wizard.close()

    def issue():
        letters.issue(letters.compose(unpaid.id, inputs))

    issue_ms = _median_ms(issue, runs=10)
    store.close()

    print(f"first letter (cold: fonts, templates)  {cold:8.1f} ms")
    print(f"compose (draft from the dispute)       {compose_ms:8.1f} ms")
    print(f"one-page letter (render)               {letter_ms:8.1f} ms")
    print(f"bare ReportLab, same text              {bare_ms:8.1f} ms")
    print(f"ratio letter / bare ReportLab          {letter_ms / bare_ms:8.2f} ×  (target ≤ 1.5)")
    print(f"three-page letter                      {long_ms:8.1f} ms")
    print(f"preview refresh in the wizard          {preview_ms:8.1f} ms  (target < 300)")
    print(f"issue (compose+render+store+journal)   {issue_ms:8.1f} ms")


if __name__ == "__main__":
    main()
