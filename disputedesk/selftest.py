"""`disputedesk --self-test`: proves an installed or frozen DisputeDesk is complete.

Run by `make dist` and `tests/test_frozen.py` on the PyInstaller build, and by the release
workflow on each installer's build, so a missing data file or hidden import is caught before
a shop owner sees it. Each step prints one line ("ok <step> <ms>"); the first failure prints
its traceback and the exit code is 1. Nothing outside a fresh temporary folder is touched
(the user's data folder is never opened).

Steps, in the order a first launch meets them:
1. a fresh data folder: the store is created and every Alembic migration runs (the
   migration scripts are data files in a frozen build);
2. the main window is built and shown offscreen, with Qt's own French translations
   ("Cancel" must read "Annuler", PITFALLS 16); the line `ok window-shown` is what
   `bench/bench_packaging.py` times;
3. our French catalogues and the embedded DejaVu fonts load;
4. the sample shop is seeded (photos, PDF, e-mail attachments: Pillow, pypdf, e-mail parsing);
5. a letter is rendered to PDF (the formal notice to pay of a sample dispute: claim table,
   legal mentions, registered-mail line) and read back with pypdf;
6. a referral packet too (exhibits stamped: photos, PDF, e-mail — Pillow and pypdf).

Options: `--report FILE` also writes the lines to FILE (a windowed Windows build has no
stdout), `--keep` leaves the temporary folder in place and prints where it is.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

# A msgid of the core catalogue: translated only when the French catalogues are bundled.
_CORE_PROBE = "A French postal code has 5 digits."


class _Reporter:
    def __init__(self, report: Path | None) -> None:
        self._report = report.open("w", encoding="utf-8") if report else None
        self._started = time.perf_counter()

    def line(self, text: str) -> None:
        stream = sys.stdout
        if stream is not None:  # None in a windowed (no console) Windows build
            print(text, file=stream, flush=True)
        if self._report is not None:
            self._report.write(text + "\n")
            self._report.flush()

    def step(self, name: str, func: Callable[[], str | None]) -> None:
        t0 = time.perf_counter()
        detail = func()
        ms = (time.perf_counter() - t0) * 1000
        self.line(f"ok {name} {ms:.0f} ms" + (f" ({detail})" if detail else ""))

    def close(self, *, passed: bool = True) -> None:
        total = (time.perf_counter() - self._started) * 1000
        if passed:
            self.line(f"self-test passed in {total:.0f} ms")
        if self._report is not None:
            self._report.close()


class SelfTest:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.store = None
        self.services = None
        self.app = None
        self.pdfs: list[Path] = []

    # --- steps ------------------------------------------------------------------------
    def open_store(self) -> str:
        from disputedesk.paths import DataPaths
        from disputedesk.services import Services
        from disputedesk.storage import migrate
        from disputedesk.storage.store import open_store

        self.store = open_store(DataPaths(self.root / "data"))
        self.services = Services.build(self.store)
        current = migrate.current_revision(self.store.engine)
        head = migrate.head_revision()
        if current != head:
            raise AssertionError(f"database at {current}, migrations head is {head}")
        return f"schema {head}"

    def window(self) -> str:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication

        from disputedesk.ui.application import create_application
        from disputedesk.ui.main_window import MainWindow

        self.app = QApplication.instance() or create_application(["disputedesk"], "fr")
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
        if cancel != "Annuler":
            raise AssertionError(f"Qt's French translations are missing ('Cancel' -> {cancel!r})")
        window = MainWindow(self.services)
        window.show()
        deadline = time.monotonic() + 10
        while not window.isVisible() and time.monotonic() < deadline:
            self.app.processEvents()
        self.app.processEvents()
        if not window.isVisible():
            raise AssertionError("the main window was not shown")
        window.close()
        window.deleteLater()
        self.app.processEvents()
        return type(window).__name__

    def catalogues(self) -> str:
        from disputedesk.documents.fonts import has_glyph, register_fonts
        from disputedesk.i18n import translations_for

        got = translations_for("fr").gettext(_CORE_PROBE)
        if got == _CORE_PROBE or "postal" not in got:
            raise AssertionError(f"French catalogue missing: {_CORE_PROBE!r} -> {got!r}")
        font = register_fonts()
        if not has_glyph("\u202f"):  # the narrow no-break space of French amounts
            raise AssertionError("the embedded font lacks U+202F")
        return font

    def seed(self) -> str:
        from disputedesk.services.demo_service import seed_demo

        counts = seed_demo(self.services)
        return ", ".join(f"{v} {k}" for k, v in counts.items())

    def letter(self) -> str:
        return self._render("letter.pdf", _render_letter)

    def packet(self) -> str:
        return self._render("packet.pdf", _render_packet)

    def _render(self, name: str, render: Callable[[object, Path], str]) -> str:
        from pypdf import PdfReader

        out = self.root / name
        what = render(self.services, out)
        data = out.read_bytes()
        if not data.startswith(b"%PDF-"):
            raise AssertionError(f"{out} is not a PDF")
        pages = len(PdfReader(out).pages)
        if pages < 1:
            raise AssertionError(f"{out} has no page")
        self.pdfs.append(out)
        return f"{what}, {pages} page{'s' if pages > 1 else ''}, {len(data)} bytes"

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def _render_letter(services, out: Path) -> str:
    """The formal notice to pay (mise en demeure) of the first sample dispute with unpaid
    invoices — the letter with the most in it: claim table, legal mentions, registered-mail
    line — or else the acknowledgement of the first dispute."""
    from disputedesk.domain.letters import LetterInputs, LetterKind

    letters = services.letters
    disputes = services.disputes.list()
    if not disputes:
        raise AssertionError("the sample shop has no dispute")
    chosen, kind = disputes[0], LetterKind.ACKNOWLEDGEMENT
    for dispute in disputes:
        fitting, _others = letters.kinds_for(dispute.id)
        if LetterKind.NOTICE_TO_PAY in fitting:
            chosen, kind = dispute, LetterKind.NOTICE_TO_PAY
            break
    draft = letters.compose(chosen.id, LetterInputs(kind=kind, language="fr"))
    letters.render_to(draft, out)
    return f"{kind.value} {chosen.reference}"


def _render_packet(services, out: Path) -> str:
    """A conciliation packet of the sample dispute with the most journal entries."""
    from disputedesk.domain.packets import PacketKind
    from disputedesk.services.packet_service import PacketService

    service = PacketService(services)
    best = None
    for dispute in services.disputes.list():
        flow = service.flow(dispute.id)
        if best is None or len(flow.context.entries) > len(best.context.entries):
            best = flow
    if best is None:
        raise AssertionError("the sample shop has no dispute")
    flow = best
    flow.language = "fr"
    flow.set_kind(PacketKind.CONCILIATION)
    flow.set_exhibits([e.key for e in flow.context.exhibits])
    flow.set_entries([e.id for e in flow.context.entries])
    service.refill_summary(flow)
    service.generate(flow.build(), out)
    return f"conciliation {flow.context.dispute.reference}"


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="disputedesk --self-test")
    parser.add_argument("--self-test", action="store_true", required=True)
    parser.add_argument("--report", type=Path, help="also write the result lines to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))

    reporter = _Reporter(args.report)
    root = Path(tempfile.mkdtemp(prefix="disputedesk-selftest-"))
    test = SelfTest(root)
    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    reporter.line(f"DisputeDesk self-test ({frozen}, Python {sys.version.split()[0]})")
    try:
        reporter.step("migrations", test.open_store)
        reporter.step("window-shown", test.window)
        reporter.step("catalogues-fonts", test.catalogues)
        reporter.step("sample-data", test.seed)
        reporter.step("pdf-letter", test.letter)
        reporter.step("pdf-packet", test.packet)
    except BaseException:
        reporter.line("FAILED")
        reporter.line(traceback.format_exc())
        reporter.close(passed=False)
        return 1
    finally:
        test.close()
        if args.keep:
            reporter.line(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    reporter.close()
    return 0
