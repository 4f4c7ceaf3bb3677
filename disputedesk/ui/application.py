"""The QApplication: names, icon, Qt's locale and own translations (so standard buttons say
"Annuler" and date fields read 23/11/2026)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QLibraryInfo, QLocale, QSize, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from disputedesk import APP_NAME, __version__
from disputedesk.i18n import LOCALES
from disputedesk.ui import collector

# resources/icons/: disputedesk.png (1024 px, a copy of packaging/icons/disputedesk.png) and
# renderings of it at these sizes (Pillow, LANCZOS), so a title bar or task bar never scales
# the large one; redo them when the drawing changes.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def create_application(argv: list[str], lang: str) -> QApplication:
    app = QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    # Qt's own widgets (date fields and their calendars, number fields) follow the app's
    # language rather than the computer's: a French shop on an English Windows still sees
    # 23/11/2026 and "lundi", never 11/23/26.
    QLocale.setDefault(QLocale(LOCALES.get(lang, "en_GB")))
    install_qt_translations(app, lang)
    collector.install(app)  # garbage is collected on this (the GUI) thread only
    return app


def app_icon() -> QIcon:
    """DisputeDesk's icon (its files are read when a size is first drawn)."""
    folder = resources.files("disputedesk.resources").joinpath("icons")
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(folder.joinpath(f"disputedesk-{size}.png")), QSize(size, size))
    icon.addFile(str(folder.joinpath("disputedesk.png")), QSize(1024, 1024))
    return icon


def install_qt_translations(app: QApplication, lang: str) -> None:
    if lang == "en":
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(QLocale(lang), "qtbase", "_", folder):
        app.installTranslator(translator)
