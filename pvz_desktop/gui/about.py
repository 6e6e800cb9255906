"""«О программе»: version, database schema, where the data and the log are — what support asks for.

The form is a static Qt Designer file (``ui/about.ui``); only the facts are filled in here.
"""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from pvz_desktop import __version__, paths
from pvz_desktop.config import Settings
from pvz_desktop.workflows.schema import schema_revision


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build a widget from a ``.ui`` file shipped with the program."""
    file = QFile(str(paths.ui_file(name)))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise paths.ProgramFilesMissing(name, (paths.ui_file(name),))
    try:
        widget = QUiLoader().load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise paths.ProgramFilesMissing(name, (paths.ui_file(name),))
    return widget


def about_dialog(settings: Settings, parent: QWidget | None = None) -> QDialog:
    dialog = load_form("about.ui", parent)
    assert isinstance(dialog, QDialog)
    dialog.setObjectName("about_dialog")
    facts = {
        "version_label": __version__,
        "schema_label": schema_revision(settings.db_path) or "—",
        "data_dir_label": str(settings.data_dir),
        "log_label": str(settings.data_dir / "pvz-desktop.log"),
        "workstation_label": settings.workstation,
    }
    for name, text in facts.items():
        label = dialog.findChild(QLabel, name)
        label.setText(text)
        label.setAccessibleName(text)
    dialog.findChild(QDialogButtonBox, "buttons").rejected.connect(dialog.reject)
    return dialog
