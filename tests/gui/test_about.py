"""«О программе» comes from the Qt Designer form ui/about.ui and shows what support asks for."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel

from pvz_desktop import __version__
from pvz_desktop.store.migrate import head_revision


def test_about_dialog_shows_version_schema_and_where_the_data_is(counter, settings, qtbot):
    action = counter.window.findChild(QAction, "action_about")
    action.trigger()
    dialog = counter.window.findChild(QDialog, "about_dialog")
    assert dialog is not None and dialog.isVisible()
    text = {name: dialog.findChild(QLabel, name).text() for name in ("version_label", "schema_label", "data_dir_label")}
    assert text == {
        "version_label": __version__,
        "schema_label": head_revision(),
        "data_dir_label": str(settings.data_dir),
    }
    assert dialog.findChild(QLabel, "log_label").text().endswith("pvz-desktop.log")
    assert dialog.windowTitle() == "О программе"
    dialog.reject()
    qtbot.waitUntil(lambda: counter.window.findChild(QDialog, "about_dialog") is None)


def test_the_form_is_translated_with_the_interface(qapp, settings, qtbot):
    from pvz_desktop.gui.about import about_dialog
    from pvz_desktop.gui.i18n import install_language

    install_language(qapp, "en")
    try:
        dialog = about_dialog(settings)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "About"
        assert dialog.findChild(QLabel, "version_caption").text() == "Version:"
    finally:
        install_language(qapp, "ru")
