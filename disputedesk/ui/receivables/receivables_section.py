"""The "Receivables" page: aging totals, open invoices with their claim, payments in two
clicks, disputed flags, pauses, and the "to send today" dunning worklist."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError, ValidationError
from disputedesk.domain.rates import half_year_label
from disputedesk.i18n import _, ngettext
from disputedesk.services.receivables_service import AgingBucket, ReceivableLine, aging_of
from disputedesk.ui.disputes.formats import money
from disputedesk.ui.events import data_events
from disputedesk.ui.receivables.claim_text import claim_html
from disputedesk.ui.receivables.dialogs import PaymentDialog, ReasonDialog, TermsDialog
from disputedesk.ui.receivables.invoice_table_model import (
    ID_ROLE,
    SORT_ROLE,
    InvoiceTableModel,
)
from disputedesk.ui.receivables.settings_dialogs import PlanDialog, RatesDialog
from disputedesk.ui.receivables.worklist_page import WorklistPage
from disputedesk.ui.safety.prompts import Prompts
from disputedesk.ui.safety.save_guard import guarded_save
from disputedesk.ui.timeline.loader import BackgroundLoader


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.bucket: AgingBucket | None = None
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def filterAcceptsRow(self, row: int, parent) -> bool:
        line: ReceivableLine = self.sourceModel().line(row)
        if self.bucket is not None and (line.bucket is not self.bucket or line.balance.minor <= 0):
            return False
        if self.text:
            t = self.text.lower()
            return t in line.number.lower() or t in line.customer_name.lower()
        return True


class ReceivablesSection(QWidget):
    def __init__(
        self,
        services,
        parent: QWidget | None = None,
        *,
        synchronous: bool = False,
        today: Callable[[], date] = date.today,
        prompts: Prompts | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._today = today
        self.prompts = prompts or Prompts(self)
        title = QLabel(_("Unpaid invoices"))
        title.setStyleSheet("font-size: 15pt; font-weight: 600")

        self.rates_banner = QLabel()
        self.rates_banner.setWordWrap(True)
        self.rates_banner.setStyleSheet(
            "background: #fff3e0; color: #8a4b00; padding: 6px; border-radius: 4px"
        )
        import_button = QPushButton(_("&Import invoices…"))
        import_button.clicked.connect(self._import)
        template_button = QPushButton(_("CSV &template…"))
        template_button.clicked.connect(self._save_template)
        plan_button = QPushButton(_("Dunning &plan…"))
        plan_button.clicked.connect(lambda: PlanDialog(services, self).exec())
        rates_button = QPushButton(_("&Rates…"))
        rates_button.clicked.connect(self._open_rates)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        for b in (import_button, template_button, plan_button, rates_button):
            top.addWidget(b)

        # aging strip: one button per bucket, click = filter
        self.bucket_buttons: dict[AgingBucket, QPushButton] = {}
        strip = QHBoxLayout()
        for bucket in AgingBucket:
            b = QPushButton()
            b.setCheckable(True)
            b.clicked.connect(lambda checked, bk=bucket: self._on_bucket(bk, checked))
            self.bucket_buttons[bucket] = b
            strip.addWidget(b)
        self.total_label = QLabel()
        self.total_label.setStyleSheet("font-weight: 600")
        strip.addWidget(self.total_label)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search invoice number or customer…"))
        self.search.setClearButtonEnabled(True)
        self.show_paid = QCheckBox(_("Show &paid invoices"))
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.show_paid)

        self.model = InvoiceTableModel(self)
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(_("Invoices"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._on_selection())

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setMinimumWidth(280)
        self.pay_full = QPushButton(_("Paid in full &today"))
        self.pay_full.setToolTip(_("Records a payment of the whole balance, received today."))
        self.pay_full.clicked.connect(self._pay_full)
        self.pay = QPushButton(_("Record a pa&yment…"))
        self.pay.clicked.connect(self._pay)
        self.disputed = QPushButton(_("Mark &disputed…"))
        self.disputed.clicked.connect(self._toggle_disputed)
        self.pause = QPushButton(_("Pa&use dunning…"))
        self.pause.clicked.connect(self._toggle_pause)
        self.terms = QPushButton(_("Late-payment &terms…"))
        self.terms.clicked.connect(self._terms)
        self.open_dispute = QPushButton(_("Open the dispute"))
        self.open_dispute.clicked.connect(self._open_dispute)
        self.court = QPushButton(_("Prepare for &court…"))
        self.court.setToolTip(
            _("The customer's overdue invoices: procedure, form, amounts and exhibits.")
        )
        self.court.clicked.connect(self._court)
        side = QVBoxLayout()
        side.addWidget(self.detail, 1)
        for b in (
            self.pay_full,
            self.pay,
            self.disputed,
            self.pause,
            self.terms,
            self.open_dispute,
        ):
            side.addWidget(b)
        side_widget = QWidget()
        side_widget.setLayout(side)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(side_widget)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        invoices_page = QWidget()
        inv_layout = QVBoxLayout(invoices_page)
        inv_layout.addLayout(strip)
        inv_layout.addLayout(filters)
        inv_layout.addWidget(split, 1)

        self.worklist = WorklistPage(
            services, self, today=today, prompts=self.prompts, synchronous=synchronous
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(invoices_page, _("Invoices"))
        self.tabs.addTab(self.worklist, _("To send today"))
        self.worklist.sig_count.connect(self._on_worklist_count)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.rates_banner)
        layout.addWidget(self.tabs, 1)

        self._loader = BackgroundLoader(self, synchronous=synchronous)
        self._loader.sig_loaded.connect(self._on_loaded)
        self._loader.sig_failed.connect(self._on_failed)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._apply_text)
        self.search.textChanged.connect(self._search_timer.start)
        self.show_paid.toggled.connect(self.reload)
        data_events().changed.connect(self._on_data_changed)
        self._update_buttons()
        self.reload()

    # ---- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        today = self._today()
        open_only = not self.show_paid.isChecked()
        svc = self._services.receivables
        self._loader.load(lambda: (svc.lines(today, open_only=open_only), svc.missing_rates(today)))
        self.worklist.reload()

    def _on_loaded(self, result) -> None:
        lines, missing = result
        selected = self.current_line()
        self.model.set_lines(lines)
        report = aging_of(lines, self._today())
        for total in report.totals:
            self.bucket_buttons[total.bucket].setText(
                f"{total.bucket.label}\n{money(total.amount)} ({total.count})"
            )
        self.total_label.setText(_("Total due: {amount}").format(amount=money(report.total)))
        if missing:
            self.rates_banner.setText(
                _(
                    "No rate entered yet for the {period}: {rates}. Late-payment amounts for "
                    "those days are not counted until you enter them (Rates…)."
                ).format(
                    period=half_year_label(missing[0][1]),
                    rates=", ".join(s.label for s, _d in missing),
                )
            )
            self.rates_banner.show()
        else:
            self.rates_banner.hide()
        if selected is not None:
            self.select_invoice(selected.invoice_id)
        self._on_selection()

    def _on_failed(self, exc) -> None:
        text = (
            str(exc)
            if isinstance(exc, DisputeDeskError)
            else _("The invoices could not be loaded.")
        )
        self.total_label.setText(text)

    def _on_data_changed(self, kind: str, _id: int) -> None:
        if kind in ("invoice", "customer", "dispute", "rates", "dunning", "letter", "payment"):
            self.reload()

    def _on_worklist_count(self, count: int) -> None:
        label = _("To send today") + (f" ({count})" if count else "")
        self.tabs.setTabText(1, label)

    # ---- filters -------------------------------------------------------------------------

    def _on_bucket(self, bucket: AgingBucket, checked: bool) -> None:
        for bk, b in self.bucket_buttons.items():
            b.setChecked(checked and bk is bucket)
        self.proxy.bucket = bucket if checked else None
        self.proxy.invalidate()

    def _apply_text(self) -> None:
        self.proxy.text = self.search.text().strip()
        self.proxy.invalidate()

    # ---- selection -----------------------------------------------------------------------

    def current_line(self) -> ReceivableLine | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.line(self.proxy.mapToSource(index).row())

    def select_invoice(self, invoice_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == invoice_id:
                self.table.setCurrentIndex(index)
                return True
        return False

    def _on_selection(self) -> None:
        line = self.current_line()
        self._update_buttons()
        if line is None:
            self.detail.setText(_("Select an invoice to see what is due and why."))
            return
        try:
            claim = self._services.receivables.claim_for([line.invoice_id], self._today())
        except DisputeDeskError as err:
            self.detail.setText(str(err))
            return
        self.detail.setText(claim_html(claim))

    def _update_buttons(self) -> None:
        line = self.current_line()
        has = line is not None
        unpaid = has and line.balance.minor > 0
        self.pay_full.setEnabled(unpaid)
        self.pay.setEnabled(unpaid)
        self.disputed.setEnabled(unpaid)
        self.pause.setEnabled(unpaid)
        self.terms.setEnabled(has)
        self.court.setEnabled(unpaid and line.days_overdue > 0)
        self.open_dispute.setEnabled(has and line.dispute_id is not None)
        self.disputed.setText(
            _("Clear the &dispute") if has and line.disputed else _("Mark &disputed…")
        )
        self.pause.setText(_("Res&ume dunning") if has and line.paused else _("Pa&use dunning…"))

    # ---- actions -------------------------------------------------------------------------

    def _changed(self, invoice_id: int) -> None:
        data_events().changed.emit("invoice", invoice_id)

    def _run(self, fn) -> bool:
        try:
            outcome = guarded_save(self, fn)
        except ValidationError as err:
            self.prompts.warn(_("Not saved"), str(err))
            return False
        return outcome.ok

    def _pay_full(self) -> None:
        line = self.current_line()
        if line and self._run(
            lambda: self._services.receivables.pay_balance(line.invoice_id, self._today())
        ):
            self._changed(line.invoice_id)

    def _pay(self) -> None:
        line = self.current_line()
        if line:
            PaymentDialog(self._services, line, self._today(), self).exec()

    def _toggle_disputed(self) -> None:
        line = self.current_line()
        if line is None:
            return
        if line.disputed:
            if self._run(lambda: self._services.receivables.set_disputed(line.invoice_id, False)):
                self._changed(line.invoice_id)
            return
        dlg = ReasonDialog(
            _("Invoice {number} disputed").format(number=line.number),
            _("What does the customer contest?"),
            with_date=False,
            today=self._today(),
            parent=self,
        )
        dlg.on_save = lambda reason, _until: self._services.receivables.set_disputed(
            line.invoice_id, True, reason
        )
        if dlg.exec():
            self._changed(line.invoice_id)

    def _toggle_pause(self) -> None:
        line = self.current_line()
        if line is None:
            return
        if line.paused:
            if self._run(lambda: self._services.dunning.resume(line.invoice_id)):
                self._changed(line.invoice_id)
            return
        dlg = ReasonDialog(
            _("Pause dunning of invoice {number}").format(number=line.number),
            _("Why (e.g. the customer promised to pay)?"),
            with_date=True,
            today=self._today(),
            parent=self,
        )
        dlg.on_save = lambda reason, until: self._services.dunning.pause(
            line.invoice_id, reason, until
        )
        if dlg.exec():
            self._changed(line.invoice_id)

    def _terms(self) -> None:
        line = self.current_line()
        if line:
            TermsDialog(self._services, line, self).exec()

    def _open_dispute(self) -> None:
        line = self.current_line()
        if line and line.dispute_id:
            data_events().open_requested.emit("dispute", line.dispute_id)

    def _court(self) -> None:
        from disputedesk.ui.receivables.court_dialog import CourtDialog

        line = self.current_line()
        if line is None:
            return
        today = self._today()
        ids = [
            ln.invoice_id
            for ln in self.model.lines()
            if ln.customer_id == line.customer_id
            and ln.balance.minor > 0
            and ln.days_overdue > 0
            and ln.balance.currency == line.balance.currency
        ]
        try:
            figures = self._services.receivables.court_figures(ids, today)
        except DisputeDeskError as err:
            self.prompts.warn(_("Prepare the court file"), str(err))
            return
        CourtDialog(figures, line.customer_name, self, prompts=self.prompts).exec()

    def _open_rates(self) -> None:
        RatesDialog(self._services, self._today(), self).exec()

    def _import(self) -> None:
        from disputedesk.services.invoice_import import import_csv_file

        path = self.prompts.open_path(
            _("Import invoices"),
            _("CSV files or Factur-X PDFs (*.csv *.txt *.pdf);;All files (*)"),
        )
        if path is None:
            return
        if path.suffix.lower() == ".pdf":
            self._import_pdf(path)
            return
        try:
            report = import_csv_file(self._services, path)
        except DisputeDeskError as err:
            self.prompts.warn(_("Import invoices"), str(err))
            return
        text = _("{imported} imported, {skipped} already there, {refused} refused.").format(
            imported=report.imported, skipped=report.skipped, refused=len(report.problems)
        )
        if report.problems:
            shown = report.problems[:30]
            text += "\n\n" + "\n".join(
                _("Line {line}: {reason}").format(line=p.line, reason=p.reason) for p in shown
            )
            more = len(report.problems) - len(shown)
            if more:
                text += "\n" + ngettext("… and {n} more line", "… and {n} more lines", more).format(
                    n=more
                )
        self.prompts.inform(_("Import invoices"), text)
        data_events().changed.emit("invoice", 0)

    def _import_pdf(self, path) -> None:
        from disputedesk.services.facturx_import import import_facturx_file

        try:
            result = import_facturx_file(self._services, path)
        except DisputeDeskError as err:
            self.prompts.warn(_("Import invoices"), str(err))
            return
        if result.invoice_id is None:
            text = _("Invoice {number} was already imported.").format(number=result.number)
        else:
            text = _("Invoice {number} imported.").format(number=result.number)
            if result.due_date_assumed:
                text += "\n" + _(
                    "No due date in the file: 30 days after the invoice date was used."
                )
        self.prompts.inform(_("Import invoices"), text)
        data_events().changed.emit("invoice", result.invoice_id or 0)
        if result.invoice_id is not None:
            self.select_invoice(result.invoice_id)

    def _save_template(self) -> None:
        from disputedesk.services.invoice_import import TEMPLATE

        path = self.prompts.save_path(
            _("Save the CSV template"), "invoices-template.csv", _("CSV files (*.csv)")
        )
        if path is None:
            return
        try:
            path.write_bytes(TEMPLATE.encode("utf-8-sig"))
        except OSError as exc:
            self.prompts.warn(
                _("Save the CSV template"),
                _("{file} cannot be written: {reason}").format(
                    file=str(path), reason=exc.strerror or str(exc)
                ),
            )

    def show_worklist(self) -> None:
        self.tabs.setCurrentIndex(1)
