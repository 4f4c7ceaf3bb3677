"""The "Disputes" page: all open disputes, filtered by stage, category, overdue, and searched;
"New dispute…" (Ctrl+N) picks the customer, then opens the new-dispute form."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.enums import DisputeCategory, DisputeStage
from disputedesk.i18n import _
from disputedesk.ui.disputes.dispute_list import DisputeList
from disputedesk.ui.disputes.form_support import current_enum


class DisputesSection(QWidget):
    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._services = services
        title = QLabel(_("All open disputes"))
        title.setStyleSheet("font-size: 15pt; font-weight: 600")
        self.title = title
        self.new_button = QPushButton(_("&New dispute…"))
        self.new_button.setToolTip(_("Open a dispute for a customer (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_dispute)
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.new_button)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Search reference, title or customer…"))
        self.search_edit.setAccessibleName(_("Search the disputes"))
        self.search_edit.setClearButtonEnabled(True)
        self.stage_combo = QComboBox()
        self.stage_combo.setAccessibleName(_("Stage filter"))
        self.stage_combo.addItem(_("All stages"), None)
        for stage in DisputeStage:
            self.stage_combo.addItem(stage.label, stage)
        self.category_combo = QComboBox()
        self.category_combo.setAccessibleName(_("Category filter"))
        self.category_combo.addItem(_("All categories"), None)
        for cat in DisputeCategory:
            self.category_combo.addItem(cat.label, cat)
        self.overdue_check = QCheckBox(_("&Overdue only"))
        self.closed_check = QCheckBox(_("Include &closed"))

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.stage_combo, 1)
        filters.addWidget(self.category_combo, 1)
        filters.addWidget(self.overdue_check)
        filters.addWidget(self.closed_check)

        self.list = DisputeList(
            services, self, all_when_no_customer=True, open_only=True, synchronous=synchronous
        )
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)

        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.New), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.new_dispute)

        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._apply)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._apply)
        self.stage_combo.currentIndexChanged.connect(self._apply)
        self.category_combo.currentIndexChanged.connect(self._apply)
        self.overdue_check.toggled.connect(self._apply)
        self.closed_check.toggled.connect(self._apply)

    def _apply(self) -> None:
        self._search_timer.stop()
        include_closed = self.closed_check.isChecked()
        self.title.setText(_("All disputes") if include_closed else _("All open disputes"))
        self.list.set_filter(
            replace(
                self.list.filter,
                open_only=not include_closed,
                stage=current_enum(self.stage_combo, DisputeStage),
                category=current_enum(self.category_combo, DisputeCategory),
                overdue_only=self.overdue_check.isChecked(),
                text=self.search_edit.text(),
            )
        )

    def new_dispute(self) -> int | None:
        """Pick the customer, then the usual new-dispute form; the new dispute opens."""
        from disputedesk.ui.disputes.customer_picker import pick_customer
        from disputedesk.ui.disputes.new_dispute_dialog import open_new_dispute

        customer_id = pick_customer(self.window(), self._services)
        if customer_id is None:
            return None
        return open_new_dispute(self.window(), self._services, customer_id)

    def refresh(self) -> None:
        self.list.reload()
