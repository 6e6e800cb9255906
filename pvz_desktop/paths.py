"""Where the program's own files are: Qt Designer forms (``ui/``) and resources (icons, sounds,
translations) in ``resources/``.

Installed (a wheel, or the Windows installer, which unpacks the same wheel) they are package
data inside ``pvz_desktop/``; in a source checkout (also an editable install) they are the
folders at the top of the repository. Both layouts are looked up, installed first.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
UI = "ui"
RESOURCES = "resources"


class ProgramFilesMissing(FileNotFoundError):
    """A folder that ships with the program is absent: the installation is damaged."""

    def __init__(self, name: str, looked_in: tuple[Path, ...]) -> None:
        self.name = name
        self.looked_in = looked_in
        places = "; ".join(str(p) for p in looked_in)
        super().__init__(f"Не найдены файлы программы «{name}» (искали: {places}). Переустановите PVZ Desktop.")


def _data_dir(name: str, package_dir: Path = PACKAGE_DIR) -> Path:
    candidates = (package_dir / name, package_dir.parent / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise ProgramFilesMissing(name, candidates)


def ui_dir() -> Path:
    """The folder of Qt Designer ``.ui`` forms."""
    return _data_dir(UI)


def resources_dir() -> Path:
    """The folder of icons, sounds and translations."""
    return _data_dir(RESOURCES)


def ui_file(name: str) -> Path:
    """A form by file name, e.g. ``ui_file("login.ui")``."""
    return ui_dir() / name


def resource(*parts: str) -> Path:
    """A resource by its path inside ``resources/``, e.g. ``resource("translations", "pvz_en.qm")``."""
    return resources_dir().joinpath(*parts)


def translations_dir() -> Path:
    """Compiled Qt Linguist catalogues (``.qm``)."""
    return resources_dir() / "translations"
