"""The wheel: built from a copy of the checkout with pip (the same setuptools build as
``python -m build``), it carries every module, ui/ and resources/ as package data of
pvz_desktop, and installed into a fresh venv it runs from site-packages, not from the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "README.md", "pvz_desktop", "pvz_central", "ui", "resources", "packaging/wheel_data.py")
PROBE_FORM = "ui/probe_form.ui"
PROBE_CATALOGUE = "resources/translations/probe_xx.qm"
PROBE_SOUND = "resources/sounds/probe.wav"


def _copy_checkout(dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.exists():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    # Files of each kind, whatever the GUI has committed so far: the mechanism is what is tested.
    for probe, content in ((PROBE_FORM, b"<ui version='4.0'/>"), (PROBE_CATALOGUE, b"qm"), (PROBE_SOUND, b"RIFF")):
        (dest / probe).parent.mkdir(parents=True, exist_ok=True)
        (dest / probe).write_bytes(content)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("checkout")
    _copy_checkout(src)
    return src


@pytest.fixture(scope="module")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check", "-w", out, source]
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("pvz_desktop-*.whl")
    return built


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_wheel_is_named_with_the_project_version(wheel: Path) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert wheel.name == f"pvz_desktop-{version}-py3-none-any.whl"


def test_wheel_holds_every_module_migration_template_and_font(wheel: Path, source: Path) -> None:
    names = _names(wheel)
    modules = {
        p.relative_to(source).as_posix()
        for top in ("pvz_desktop", "pvz_central")
        for p in (source / top).rglob("*")
        if p.is_file() and p.suffix in {".py", ".mako", ".html", ".ttf"}
    }
    assert "pvz_desktop/store/migrations/script.py.mako" in modules
    assert "pvz_central/console/fonts/DejaVuSans.ttf" in modules  # the evidence pack's PDF font
    assert sorted(modules - names) == []


def test_ui_and_resources_are_package_data_of_pvz_desktop(wheel: Path, source: Path) -> None:
    names = _names(wheel)
    data = {
        p.relative_to(source).as_posix() for d in ("ui", "resources") for p in (source / d).rglob("*") if p.is_file()
    }
    assert {PROBE_FORM, PROBE_CATALOGUE, PROBE_SOUND} <= data
    assert sorted(f"pvz_desktop/{f}" for f in data if f"pvz_desktop/{f}" not in names) == []
    # Nothing lands at the top of site-packages besides the two packages and the metadata.
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"pvz_desktop", "pvz_central"}


def test_wheel_declares_the_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        entry_points = next(zf.read(n).decode() for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt"))
    assert "pvz-desktop = pvz_desktop.__main__:main" in entry_points


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed (not editable). The dependencies are borrowed from
    the running environment through a .pth line: that adds their folder to sys.path but runs
    none of its .pth files, so the editable pvz_desktop of the checkout stays out."""
    home = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", home], check=True, timeout=120)
    site = Path(
        subprocess.run(
            [home / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    )  # fmt: skip
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_borrowed_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "--python", str(home / "bin" / "python")]
    result = subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "-q", "--disable-pip-version-check", str(wheel)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if "no such option: --python" in result.stderr:
        pytest.skip("pip too old for --python")
    assert result.returncode == 0, result.stdout + result.stderr
    return home


def _run(venv: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PVZ_DATA_DIR": str(cwd / "data")}
    env.pop("PYTHONPATH", None)
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_installed_command_starts(venv: Path, tmp_path: Path) -> None:
    result = _run(venv, [str(venv / "bin" / "pvz-desktop"), "--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "--demo" in result.stdout and "PVZ Desktop" in result.stdout


def test_installed_package_finds_its_data_in_site_packages(venv: Path, tmp_path: Path) -> None:
    probe = (
        "import pvz_desktop, pvz_desktop.gui.i18n\n"
        "from pvz_desktop import paths\n"
        "print(pvz_desktop.__file__)\n"
        "print(paths.ui_file('probe_form.ui'))\n"
        "print(paths.resource('translations', 'probe_xx.qm'))\n"
    )
    result = _run(venv, [str(venv / "bin" / "python"), "-c", probe], tmp_path)
    assert result.returncode == 0, result.stderr
    package_file, form, catalogue = (Path(line) for line in result.stdout.splitlines())
    site = package_file.parent.parent
    assert site.is_relative_to(venv) and "site-packages" in site.parts
    assert form == site / "pvz_desktop" / "ui" / "probe_form.ui" and form.is_file()
    assert catalogue.read_bytes() == b"qm"


def test_installed_migrations_build_a_demo_database(venv: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = _run(
        venv, [str(venv / "bin" / "pvz-desktop"), "demo-data", "--shipments", "30", "--db", str(db)], tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert db.stat().st_size > 0
