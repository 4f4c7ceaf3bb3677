"""Print a PDF from Qt: each page rendered on its own into the printer (PITFALLS 15).

Rendering is a bitmap (about 35 MB per A4 page at 300 dpi), so one page at a time; for the
sharpest print the wizard also offers "Open in the PDF viewer".
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

MAX_DPI = 300


def print_pdf(doc: QPdfDocument, parent=None) -> bool:
    if doc.pageCount() == 0:
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(min(printer.resolution(), MAX_DPI))
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, doc.pageCount())
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    first = max(printer.fromPage(), 1) - 1
    last = (printer.toPage() or doc.pageCount()) - 1
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for index in range(first, last + 1):
            if index > first:
                printer.newPage()
            area = painter.viewport()
            points = doc.pagePointSize(index)
            dpi = printer.resolution()
            size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            size = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.topLeft(), size), doc.render(index, size))
    finally:
        painter.end()
    return True
