"""The owner's letter texts per kind and language (placeholders validated, reset to the
default) and the envelope window (preset, shift in mm, fold marks, calibration page)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.letters import (
    LETTER_KINDS,
    MAX_SHIFT_MM,
    PLACEHOLDERS,
    EnvelopePreset,
    LetterKind,
    LetterLayout,
)
from disputedesk.i18n import _
from disputedesk.ui.disputes.form_support import error_label, error_text


class LetterSettingsDialog(QDialog):
    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.letters
        self.setWindowTitle(_("Letter templates and envelope"))
        self.resize(820, 640)
        tabs = QTabWidget()
        tabs.addTab(self._templates_tab(), _("Templates"))
        tabs.addTab(self._envelope_tab(), _("Envelope"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self._load_template()

    # --- templates -----------------------------------------------------------------------
    def _templates_tab(self) -> QWidget:
        page = QWidget()
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in LETTER_KINDS:
            self.kind.addItem(kind.label, kind.value)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("body")
        self.origin = QLabel()
        self.origin.setObjectName("origin")
        self.template_error = error_label()
        self.template_error.setObjectName("template_error")
        self.template_status = QLabel()
        names = "  ".join("{" + k + "}" for k in PLACEHOLDERS)
        help_ = QLabel(_("Placeholders: {names}").format(names=names))
        help_.setWordWrap(True)
        help_.setToolTip("\n".join("{" + k + "}: " + _(v) for k, v in PLACEHOLDERS.items()))
        save = QPushButton(_("Save the template"))
        save.setObjectName("save_template")
        save.clicked.connect(self._on_save_template)
        reset = QPushButton(_("Reset to the default text"))
        reset.setObjectName("reset_template")
        reset.clicked.connect(self._on_reset_template)
        self.kind.currentIndexChanged.connect(self._load_template)
        self.language.currentIndexChanged.connect(self._load_template)
        top = QHBoxLayout()
        top.addWidget(self.kind, 1)
        top.addWidget(self.language)
        form = QFormLayout()
        form.addRow(_("Subject:"), self.subject)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(reset)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.origin)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(help_)
        layout.addWidget(self.template_error)
        layout.addWidget(self.template_status)
        layout.addLayout(row)
        return page

    def _current(self) -> tuple[LetterKind, str]:
        return LetterKind(self.kind.currentData()), self.language.currentData()

    def _load_template(self) -> None:
        kind, lang = self._current()
        template, own = self.service.template(kind, lang)
        self.subject.setText(template.subject)
        self.body.setPlainText(template.body)
        self.origin.setText(_("Your own text.") if own else _("The default text."))
        self.template_error.setVisible(False)
        self.template_status.clear()

    def _on_save_template(self) -> None:
        kind, lang = self._current()
        try:
            self.service.save_template(kind, lang, self.subject.text(), self.body.toPlainText())
        except Exception as err:  # the text stays as typed
            self.template_error.setText(error_text(err))
            self.template_error.setVisible(True)
            return
        self.template_error.setVisible(False)
        self.origin.setText(_("Your own text."))
        self.template_status.setText(_("Saved: new letters of this kind use it."))

    def _on_reset_template(self) -> None:
        kind, lang = self._current()
        try:
            self.service.reset_template(kind, lang)
        except Exception as err:
            self.template_error.setText(error_text(err))
            self.template_error.setVisible(True)
            return
        self._load_template()
        self.template_status.setText(_("The default text is back."))

    # --- envelope ------------------------------------------------------------------------
    def _envelope_tab(self) -> QWidget:
        page = QWidget()
        layout_ = self.service.layout()
        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        for preset in EnvelopePreset:
            self.preset.addItem(preset.label, preset.value)
        self.preset.setCurrentIndex(max(self.preset.findData(layout_.preset.value), 0))
        self.shift_x = self._spin(layout_.shift_x_mm, "shift_x")
        self.shift_y = self._spin(layout_.shift_y_mm, "shift_y")
        self.fold_marks = QCheckBox(_("Print fold marks in the margin"))
        self.fold_marks.setChecked(layout_.fold_marks)
        self.envelope_error = error_label()
        self.envelope_status = QLabel()
        save = QPushButton(_("Save the envelope settings"))
        save.setObjectName("save_envelope")
        save.clicked.connect(self._on_save_envelope)
        calibrate = QPushButton(_("Print a calibration page…"))
        calibrate.clicked.connect(self._on_calibrate)
        hint = QLabel(
            _(
                "Print the calibration page, fold it and hold it against your envelope: if "
                "the frame does not show entirely in the window, enter the shift in "
                "millimetres (right and down are positive)."
            )
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Envelope:"), self.preset)
        form.addRow(_("Shift to the right (mm):"), self.shift_x)
        form.addRow(_("Shift down (mm):"), self.shift_y)
        form.addRow("", self.fold_marks)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(calibrate)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.envelope_error)
        layout.addWidget(self.envelope_status)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    @staticmethod
    def _spin(value: float, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(-MAX_SHIFT_MM, MAX_SHIFT_MM)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setValue(value)
        return spin

    def _layout(self) -> LetterLayout:
        return LetterLayout(
            EnvelopePreset(self.preset.currentData()),
            self.shift_x.value(),
            self.shift_y.value(),
            self.fold_marks.isChecked(),
        )

    def _on_save_envelope(self) -> None:
        try:
            self.service.save_layout(self._layout())
        except Exception as err:
            self.envelope_error.setText(error_text(err))
            self.envelope_error.setVisible(True)
            return
        self.envelope_error.setVisible(False)
        self.envelope_status.setText(_("Saved: new letters use this envelope."))

    def _on_calibrate(self) -> None:
        lang = self.services.business.get().default_language
        pdf = self.service.calibration_pdf(lang, self._layout())
        folder = Path(tempfile.mkdtemp(prefix="dd-calibration-"))
        path = folder / "calibration.pdf"
        path.write_bytes(pdf)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
