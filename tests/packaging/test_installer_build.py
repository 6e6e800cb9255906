"""The Windows installer build (packaging/installer.py): the dependency set for Windows, the
signature gate on the embeddable CPython and the check of the installer's contents. The full
build runs in .ci/installer.sh; these parts run here on small real inputs: wheels made in a
temp folder, a PE file signed with osslsigncode, a tiny installer made with makensis."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement

from tests.packaging.conftest import ROOT


def make_wheel(folder: Path, name: str, version: str, requires: list[str]) -> Path:
    dist = name.replace("-", "_")
    path = folder / f"{dist}-{version}-py3-none-any.whl"
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    lines += [f"Requires-Dist: {r}" for r in requires]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{dist}/__init__.py", "")
        zf.writestr(
            f"{dist}-{version}.dist-info/METADATA", "\n".join(lines) + "\n\nDescription body: Name: not-a-header\n"
        )
    return path


# --- which wheels go into the installer -------------------------------------------------------


def test_closure_follows_windows_markers_and_extras(installer: ModuleType, tmp_path: Path) -> None:
    env = installer.windows_environment("3.13.2")
    wheels = [
        make_wheel(tmp_path, "keyring", "25", ['pywin32-ctypes>=0.2; sys_platform == "win32"',
                                               'SecretStorage>=3.2; sys_platform == "linux"',
                                               'importlib_metadata; python_version < "3.12"',
                                               "jaraco.classes"]),
        make_wheel(tmp_path, "jaraco.classes", "3", []),
        make_wheel(tmp_path, "SecretStorage", "3", []),
        make_wheel(tmp_path, "python-escpos", "3", ['pywin32; platform_system == "Windows" and extra == "win32"']),
        make_wheel(tmp_path, "pywin32", "312", []),
    ]  # fmt: skip
    read = [installer.read_wheel(w) for w in wheels]
    assert read[0].name == "keyring" and len(read[0].requires) == 4

    plain = installer.windows_closure(read, [Requirement("keyring"), Requirement("python-escpos")], env)
    assert set(plain.needed) == {"keyring", "jaraco-classes", "python-escpos"}
    assert [str(r) for r in plain.missing] == ["pywin32-ctypes>=0.2"]  # marker dropped: pip would judge it on Linux

    with_extra = installer.windows_closure(read, [Requirement("python-escpos[win32]")], env)
    assert set(with_extra.needed) == {"python-escpos", "pywin32"}


def test_roots_come_from_pyproject_for_windows(installer: ModuleType, tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "x"\nversion = "1.2.3"\n'
        'dependencies = ["pyside6-essentials>=6.6", "pyxdg; sys_platform == \'linux\'", "wmi; os_name == \'nt\'"]\n'
        '[project.optional-dependencies]\ncentral = ["uvicorn>=0.29", "psycopg[binary]>=3.1"]\ntest = ["pytest"]\n',
        encoding="utf-8",
    )
    project = installer.Project.read(pyproject)
    roots = {str(r) for r in installer.root_requirements(project, installer.windows_environment("3.13.2"))}
    assert roots == {"pyside6-essentials>=6.6", "wmi", "uvicorn>=0.29", "pywin32-ctypes", "pywin32"}
    assert project.installer_version() == "1.2.3"


def test_a_development_version_gets_no_installer(installer: ModuleType) -> None:
    project = installer.Project("x", "0.2.0.dev1", ())
    with pytest.raises(installer.BuildError, match="not a release"):
        project.installer_version()


def _version_resource(major: int, minor: int, field3: int, field4: int) -> bytes:
    fixed = struct.pack("<IIII", 0xFEEF04BD, 0x00010000, (major << 16) | minor, (field3 << 16) | field4)
    return b"MZ" + b"\0" * 200 + fixed + b"\0" * 40


def test_cpython_version_from_the_dll_version_resource(installer: ModuleType) -> None:
    assert installer.cpython_version(_version_resource(3, 13, 2150, 1013)) == "3.13.2"
    with pytest.raises(installer.BuildError, match="pre-release"):
        installer.cpython_version(_version_resource(3, 14, 111, 0))  # 3.14.0a1
    with pytest.raises(installer.BuildError, match="no version resource"):
        installer.cpython_version(b"MZ" + b"\0" * 64)


# --- the signature gate ------------------------------------------------------------------------


def _pe_file() -> Path:
    """A small real PE: the Windows launcher that pip vendors."""
    import pip

    found = sorted(Path(pip.__file__).parent.glob("_vendor/distlib/t64.exe"))
    if not found:
        pytest.skip("no PE file at hand (pip without distlib launchers)")
    return found[0]


@pytest.fixture(scope="module")
def signing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not shutil.which("osslsigncode") or not shutil.which("openssl"):
        pytest.skip("osslsigncode or openssl not installed")
    folder = tmp_path_factory.mktemp("signing")
    for org in ("Python Software Foundation", "Someone Else"):
        slug = org.split()[0].lower()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
             "-keyout", folder / f"{slug}.key", "-out", folder / f"{slug}.pem",
             "-subj", f"/O={org}/CN={org}", "-addext", "extendedKeyUsage=codeSigning"],
            check=True, capture_output=True,
        )  # fmt: skip
    return folder


def _sign(signing: Path, signer: str, source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["osslsigncode", "sign", "-certs", signing / f"{signer}.pem", "-key", signing / f"{signer}.key",
         "-in", source, "-out", target],
        check=True, capture_output=True,
    )  # fmt: skip
    return target


def _trusting(signing: Path, *signers: str) -> Path:
    bundle = signing / ("trust-" + "-".join(signers) + ".pem")
    bundle.write_text("".join((signing / f"{s}.pem").read_text() for s in signers))
    return bundle


def test_gate_accepts_python_exe_signed_by_the_psf(installer: ModuleType, signing: Path, tmp_path: Path) -> None:
    exe = _sign(signing, "python", _pe_file(), tmp_path / "embed" / "python.exe")
    signers = installer.check_signers(exe.parent, _trusting(signing, "python", "someone"))
    assert signers["python.exe"].organization == "Python Software Foundation"


def test_gate_rejects_another_signer_even_if_trusted(installer: ModuleType, signing: Path, tmp_path: Path) -> None:
    _sign(signing, "python", _pe_file(), tmp_path / "embed" / "python.exe")
    _sign(signing, "someone", _pe_file(), tmp_path / "embed" / "python313.dll")
    with pytest.raises(installer.BuildError, match=r"python313\.dll is signed by 'Someone Else'"):
        installer.check_signers(tmp_path / "embed", _trusting(signing, "python", "someone"))


def test_gate_rejects_a_changed_byte(installer: ModuleType, signing: Path, tmp_path: Path) -> None:
    exe = _sign(signing, "python", _pe_file(), tmp_path / "embed" / "python.exe")
    data = bytearray(exe.read_bytes())
    data[len(data) // 3] ^= 0xFF
    exe.write_bytes(bytes(data))
    with pytest.raises(installer.BuildError, match="does not verify"):
        installer.check_signers(exe.parent, _trusting(signing, "python"))


def test_gate_rejects_an_untrusted_root_and_an_unsigned_file(
    installer: ModuleType, signing: Path, tmp_path: Path
) -> None:
    exe = _sign(signing, "python", _pe_file(), tmp_path / "a" / "python.exe")
    with pytest.raises(installer.BuildError, match="does not verify"):
        installer.check_signers(exe.parent, _trusting(signing, "someone"))
    unsigned = tmp_path / "b" / "python.exe"
    unsigned.parent.mkdir()
    shutil.copy2(_pe_file(), unsigned)
    with pytest.raises(installer.BuildError, match="does not verify"):
        installer.check_signers(unsigned.parent, _trusting(signing, "python"))


# --- what the installer must contain ---------------------------------------------------------


def _fake_checkout(root: Path) -> None:
    for rel in ("pvz_desktop/__init__.py", "pvz_desktop/gui/main.py", "ui/login.ui", "resources/translations/a.qm"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")


def test_expected_files_follow_the_checkout(installer: ModuleType, tmp_path: Path) -> None:
    _fake_checkout(tmp_path)
    expected = installer.expected_files(tmp_path)
    assert expected["the app package"] == ["pkgs/pvz_desktop/__init__.py", "pkgs/pvz_desktop/gui/main.py"]
    assert expected["the .ui forms"] == ["pkgs/pvz_desktop/ui/login.ui"]
    assert expected["our .qm translations"] == ["pkgs/pvz_desktop/resources/translations/a.qm"]
    assert "Python/python.exe" in expected["CPython"]


def _tiny_installer(folder: Path, files: list[str]) -> Path:
    payload = folder / "payload"
    for rel in files:
        (payload / rel).parent.mkdir(parents=True, exist_ok=True)
        (payload / rel).write_text(rel)
    script = folder / "tiny.nsi"
    script.write_text(
        f'Unicode true\nOutFile "{folder / "tiny-setup.exe"}"\nInstallDir "$LOCALAPPDATA\\Tiny"\n'
        f'Section\nSetOutPath "$INSTDIR"\nFile /r "{payload}/*.*"\nSectionEnd\n',
        encoding="utf-8",
    )
    subprocess.run(["makensis", "-V1", script], check=True, capture_output=True)
    return folder / "tiny-setup.exe"


def test_check_reads_a_real_7z_listing(installer: ModuleType, tmp_path: Path) -> None:
    if not shutil.which("makensis") or not shutil.which("7z"):
        pytest.skip("makensis or 7z not installed (apt-get install nsis p7zip-full)")
    expected = {
        "app": ["pkgs/pvz_desktop/__init__.py", "pkgs/pvz_desktop/ui/login.ui"],
        "CPython": ["Python/python.exe"],
    }
    setup = _tiny_installer(tmp_path, ["pkgs/pvz_desktop/__init__.py", "pkgs/pvz_desktop/ui/login.ui"])
    listing = subprocess.run(["7z", "l", "-slt", setup], capture_output=True, text=True, check=True).stdout
    paths = installer.listing_paths(listing)
    assert {"pkgs/pvz_desktop/__init__.py", "pkgs/pvz_desktop/ui/login.ui"} <= paths
    assert installer.check_listing(paths, expected) == [
        "CPython: 1 of 1 missing, e.g. Python/python.exe",
    ]
    paths.add("Python/python.exe")
    assert installer.check_listing(paths, expected) == []


def test_the_counter_needs_match_pyproject(installer: ModuleType) -> None:
    """The extras the installer adds exist in pyproject, so a renamed extra cannot silently drop the demo."""
    project = installer.Project.read(ROOT / "pyproject.toml")
    for extra in installer.INSTALLER_EXTRAS:
        assert extra in project.optional, f"pyproject.toml has no [project.optional-dependencies] {extra}"
