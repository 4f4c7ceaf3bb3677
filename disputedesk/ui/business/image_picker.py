"""Choose the logo or the signature printed on letters: a preview, Choose…, Remove.

Only PNG and JPEG images up to 5 MB are accepted (the business service checks the type, the
size and that the file really decodes as an image, then copies it into the data folder, so the
original may be moved or deleted afterwards). A refused file is named with the reason under
the preview; the previous image stays.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _
from disputedesk.services.business_service import MAX_IMAGE_BYTES
from disputedesk.ui.disputes.form_support import error_label

PREVIEW_W, PREVIEW_H = 260, 110


def choose_image_file(parent: QWidget, title: str) -> Path | None:
    name, _selected = QFileDialog.getOpenFileName(
        parent, title, "", _("Images (*.png *.jpg *.jpeg)")
    )
    return Path(name) if name else None


class ImagePicker(QWidget):
    sig_changed = Signal()

    def __init__(self, services, field: str, title: str, parent=None) -> None:
        super().__init__(parent)
        self._services = services
        self.field = field
        self._title = title
        self.sha256: str | None = None
        self.choose_file = choose_image_file  # tests replace it

        self.preview = QLabel(self)
        self.preview.setFixedSize(PREVIEW_W, PREVIEW_H)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setAccessibleName(_("Preview: {what}").format(what=title))
        self.choose_button = QPushButton(_("Choose an image…"), self)
        self.choose_button.setAccessibleName(_("Choose an image: {what}").format(what=title))
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setAccessibleName(_("Remove the image: {what}").format(what=title))
        self.message = error_label(self)
        self.message.setAccessibleName(_("Problem with this image"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)

        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(buttons)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.set_image(None)

    def set_image(self, sha256: str | None) -> None:
        self.sha256 = sha256 or None
        path = self._services.business.image_path(self.sha256) if self.sha256 else None
        if self.sha256 and path is None:
            self._show_text(_("The stored image is missing. Choose it again."))
        elif path is None:
            self._show_text(_("No image"))
        else:
            reader = QImageReader(str(path))
            reader.setAutoTransform(True)  # phone photos: apply the EXIF rotation
            image = reader.read()
            if image.isNull():
                self._show_text(_("This image cannot be shown."))
            else:
                pixmap = QPixmap.fromImage(image).scaled(
                    PREVIEW_W - 8,
                    PREVIEW_H - 8,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                self.preview.setPixmap(pixmap)
        self.remove_button.setEnabled(self.sha256 is not None)

    def _show_text(self, text: str) -> None:
        self.preview.setPixmap(QPixmap())
        self.preview.setText(text)

    def choose(self) -> None:
        path = self.choose_file(self, self._title)
        if path is None:
            return
        self.use_file(path)

    def use_file(self, path: Path) -> bool:
        """Copy `path` into the store and show it; False (with the reason shown) if refused."""
        self.message.setVisible(False)
        try:
            size = path.stat().st_size
        except OSError:
            return self._refuse(_("{file} cannot be read.").format(file=path.name))
        if size > MAX_IMAGE_BYTES:
            return self._refuse(
                _("{file} is too big ({size} MB): choose an image of at most 5 MB.").format(
                    file=path.name, size=f"{size / 1_048_576:.1f}"
                )
            )
        try:
            sha = self._services.business.store_image(path, self.field)
        except DisputeDeskError as exc:
            return self._refuse(str(exc))
        except OSError as exc:
            return self._refuse(
                _("{file} cannot be copied: {reason}").format(
                    file=path.name, reason=exc.strerror or str(exc)
                )
            )
        self.set_image(sha)
        self.sig_changed.emit()
        return True

    def remove(self) -> None:
        self.message.setVisible(False)
        self.set_image(None)
        self.sig_changed.emit()

    def _refuse(self, text: str) -> bool:
        self.message.setText(text)
        self.message.setVisible(True)
        return False
