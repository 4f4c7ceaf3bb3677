"""The QApplication: names, Qt's own translations (so standard buttons say "Annuler")."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from disputedesk import APP_NAME, __version__


def create_application(argv: list[str], lang: str) -> QApplication:
    app = QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    install_qt_translations(app, lang)
    return app


def install_qt_translations(app: QApplication, lang: str) -> None:
    if lang == "en":
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(QLocale(lang), "qtbase", "_", folder):
        app.installTranslator(translator)
