"""Preview one exhibit before it goes into the packet: PDF pages, the photo upright, or text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
)

from disputedesk.documents.packet_exhibits import kind_of
from disputedesk.domain.packets import ExhibitSource
from disputedesk.i18n import _

MAX_TEXT_PREVIEW = 200_000  # characters: enough to recognise the file, without freezing


class ExhibitPreviewDialog(QDialog):
    def __init__(self, source: ExhibitSource, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(source.file_name)
        self.resize(760, 860)
        layout = QVBoxLayout(self)
        layout.addWidget(self._body(source))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _body(self, source: ExhibitSource):
        kind = kind_of(source)
        if source.path is None or not source.path.is_file():
            return QLabel(_("The file is missing from the data folder."))
        if kind == "pdf":
            self._doc = QPdfDocument(self)
            self._doc.load(str(source.path))
            if self._doc.status() != QPdfDocument.Status.Ready:
                return QLabel(_("This PDF cannot be shown; it will be checked when generating."))
            view = QPdfView(self)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            view.setDocument(self._doc)
            return view
        if kind == "image":
            reader = QImageReader(str(source.path))
            reader.setAutoTransform(True)  # phone photos upright, as in the packet
            image = reader.read()
            if image.isNull():
                return QLabel(_("This image cannot be decoded."))
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setPixmap(
                QPixmap.fromImage(image).scaled(
                    720,
                    780,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            area = QScrollArea()
            area.setWidget(label)
            area.setWidgetResizable(True)
            return area
        if kind in ("text", "email"):
            with open(source.path, "rb") as fh:
                data = fh.read(MAX_TEXT_PREVIEW)
            text = QPlainTextEdit(data.decode("utf-8", errors="replace"))
            text.setReadOnly(True)
            return text
        return QLabel(_("This kind of file cannot be put in a packet; save it as PDF first."))
