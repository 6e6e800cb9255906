"""pvz_desktop.paths finds ui/ and resources/ inside the installed package first, then at the
top of a source checkout; a missing folder is reported in Russian."""

from __future__ import annotations

from pathlib import Path

import pytest

from pvz_desktop import paths


def _layout(tmp_path: Path, *, installed: bool, checkout: bool) -> Path:
    package = tmp_path / "site" / "pvz_desktop"
    package.mkdir(parents=True)
    if installed:
        (package / "ui").mkdir()
    if checkout:
        (tmp_path / "site" / "ui").mkdir()
    return package


def test_installed_package_data_wins_over_a_checkout_folder(tmp_path: Path) -> None:
    package = _layout(tmp_path, installed=True, checkout=True)
    assert paths._data_dir("ui", package) == package / "ui"


def test_checkout_folder_is_found_when_not_installed(tmp_path: Path) -> None:
    package = _layout(tmp_path, installed=False, checkout=True)
    assert paths._data_dir("ui", package) == package.parent / "ui"


def test_missing_folder_names_both_places_in_russian(tmp_path: Path) -> None:
    package = _layout(tmp_path, installed=False, checkout=False)
    with pytest.raises(paths.ProgramFilesMissing) as err:
        paths._data_dir("ui", package)
    message = str(err.value)
    assert "Не найдены файлы программы «ui»" in message
    assert str(package / "ui") in message and str(package.parent / "ui") in message
    assert isinstance(err.value, FileNotFoundError)


def test_helpers_point_inside_the_found_folders() -> None:
    root = paths.PACKAGE_DIR.parent
    if not (root / "resources").is_dir() or not (root / "ui").is_dir():
        pytest.skip("this checkout has no ui/ or resources/ yet")
    assert paths.ui_file("login.ui") == root / "ui" / "login.ui"
    assert paths.resource("translations", "pvz_en.qm") == root / "resources" / "translations" / "pvz_en.qm"
    assert paths.translations_dir() == root / "resources" / "translations"
