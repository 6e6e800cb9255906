"""The parts of the Wine check (packaging/wine_check.py) that read what Windows writes: a
``reg export`` file and a shortcut's command line. The check itself runs in
.ci/installer-wine.sh, under Wine, on the real installer."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.packaging.conftest import load_build_script

# What Wine 8's `reg export` wrote for a per-user install (UTF-16 in the file; decoded here).
EXPORT = r"""Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Uninstall]

[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Uninstall\PVZ Desktop]
"DisplayName"="PVZ Desktop"
"DisplayVersion"="0.1.0"
"EstimatedSize"=dword:0004b2a1
"UninstallString"="\"C:\\users\\root\\AppData\\Local\\Programs\\PVZ Desktop\\uninstall.exe\""

[HKEY_CURRENT_USER\Environment]
"PATH"=hex(2):43,00,3a,00,5c,00,62,00,69,00,6e,00,3b,00,44,00,3a,00,5c,00,\
  78,00,00,00
"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00
"Blob"=hex:01,ff
@="default"
"""


@pytest.fixture(scope="module")
def wine_check() -> ModuleType:
    return load_build_script("wine_check")


def test_reg_export_is_read_with_its_types(wine_check: ModuleType) -> None:
    keys = wine_check.parse_reg_export(EXPORT.replace("\n", "\r\n"))
    entry = keys[r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Uninstall\PVZ Desktop"]
    assert entry["DisplayName"] == "PVZ Desktop"
    assert entry["EstimatedSize"] == 0x4B2A1
    assert entry["UninstallString"] == r'"C:\users\root\AppData\Local\Programs\PVZ Desktop\uninstall.exe"'
    env = keys[r"HKEY_CURRENT_USER\Environment"]
    assert env["PATH"] == r"C:\bin;D:\x"  # REG_EXPAND_SZ over two lines, NUL dropped
    assert env["Multi"] == ["a", "b"]
    assert env["Blob"] == b"\x01\xff"
    assert env[""] == "default"
    assert keys[r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Uninstall"] == {}


def test_a_shortcut_command_line_splits_as_windows_does(wine_check: ModuleType) -> None:
    args = r'"C:\Program Files\PVZ Desktop\PVZ_Desktop.launch.pyw" --demo'
    assert wine_check.split_command_line(args) == [r"C:\Program Files\PVZ Desktop\PVZ_Desktop.launch.pyw", "--demo"]
    assert wine_check.split_command_line("") == []


def test_windows_paths_map_into_the_prefix(wine_check: ModuleType, tmp_path) -> None:
    prefix = wine_check.Prefix(tmp_path / "prefix", tmp_path / "home", tmp_path / "locales")
    assert prefix.unix(r"C:\users\Public\Desktop\PVZ Desktop.lnk") == (
        tmp_path / "prefix" / "drive_c" / "users" / "Public" / "Desktop" / "PVZ Desktop.lnk"
    )
    with pytest.raises(wine_check.CheckFailed):
        prefix.unix(r"Z:\tmp\x")


def test_the_older_build_is_relabelled_everywhere_or_refused(installer: ModuleType) -> None:
    script = "\n".join([
        '!define PRODUCT_VERSION "0.2.0"',
        '!define INSTALLER_NAME "PVZ-Desktop-0.2.0-setup.exe"',
        'VIProductVersion "0.2.0.0"',
        'VIFileVersion "0.2.0.0"',
        '    File /r "pkgs\\*.*"',
        "",
    ])  # fmt: skip
    older = installer.relabel_script(script, "0.2.0", "0.1.9")
    assert '!define PRODUCT_VERSION "0.1.9"' in older and "PVZ-Desktop-0.1.9-setup.exe" in older
    assert 'VIProductVersion "0.1.9.0"' in older and "0.2.0" not in older
    assert f'File "older\\{installer.OLDER_MARKER}"' in older
    with pytest.raises(installer.BuildError, match="VIFileVersion"):
        installer.relabel_script(script.replace('VIFileVersion "0.2.0.0"', ""), "0.2.0", "0.1.9")
