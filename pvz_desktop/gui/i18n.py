"""Interface language: Russian is the source language; English comes from a Qt Linguist
catalogue compiled into ``resources_rc`` (so it ships inside the package), Qt's own dialog
buttons from the catalogues that come with Qt."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

LANGUAGES: dict[str, str] = {"ru": "Русский", "en": "English"}
SOURCE_LANGUAGE = "ru"
CATALOGUE = ":/translations/pvz_{lang}.qm"

_installed: list[QTranslator] = []


def _load_resources() -> None:
    try:
        from pvz_desktop.gui import resources_rc  # noqa: F401 - registers the ":/" resources
    except ImportError:  # resources not built: the interface stays in Russian
        log.warning("compiled resources missing; only Russian is available")


def install_language(app: QCoreApplication, lang: str) -> str:
    """Switch the interface language; returns the language in effect ("ru" if ``lang`` fails)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang not in LANGUAGES:
        lang = SOURCE_LANGUAGE
    qt = QTranslator(app)
    if qt.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    if lang != SOURCE_LANGUAGE:
        _load_resources()
        ours = QTranslator(app)
        if ours.load(CATALOGUE.format(lang=lang)):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            log.warning("no catalogue for language %s; staying with Russian", lang)
            return SOURCE_LANGUAGE
    return lang
