"""The Windows installer's whole life under Wine: install, run, upgrade, uninstall.

Run by ``.ci/installer-wine.sh`` after the build, with the build tools' Python (it needs
LnkParse3 to read the shortcuts)::

    python packaging/wine_check.py --installer dist/PVZ-Desktop-0.1.0-setup.exe \\
        --older dist/PVZ-Desktop-0.0.1-setup.exe --work build/installer/wine

Each scenario gets its own Wine prefix, copied from one made with ``wineboot`` (the same as a
fresh one, in seconds). Every Wine command is waited for with ``wineserver -w``; nothing
sleeps. Wine runs with its own HOME and no menu builder, so nothing reaches the real desktop.
What Wine 8 cannot do, and what the check does about it, is in ``WINE_LACKS`` and
``SITECUSTOMIZE``; docs/WINDOWS.md says what only a real Windows PC can show.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

APP = "PVZ Desktop"
UNINSTALL = r"Software\Microsoft\Windows\CurrentVersion\Uninstall"
MACHINE_ENVIRONMENT = r"HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment"
HELP_LINE = "PVZ Desktop — программа пункта выдачи"
# One Windows command (an install unpacks and byte-compiles ~100 MB): a hang, not a slow machine.
# Under a load of 15 the upgrade's install took over 10 minutes; .ci/run bounds the whole check.
COMMAND_TIMEOUT = 1500
# Locales the program runs in: the ANSI code page Python writes a pipe in follows them.
LOCALES = {"ru_RU.UTF-8": "cp1251", "en_US.UTF-8": "cp1252"}
# Modules that cannot load under Wine 8; a module of ours that needs one is skipped, with the reason.
WINE_LACKS = {
    "PySide6": "Qt 6 does not start under Wine 8 (the window is checked on a real PC)",
    "shiboken6": "PySide6's binding runtime, loads only with Qt",
    "pydantic_core": "pydantic-core needs bcryptprimitives.dll, which Wine 8 lacks",
}
# Python 3.13's platform module asks WMI for the machine type (SQLAlchemy imports it); Wine 8's
# WMI calls propsys.VariantToString, which it has not implemented, and the process aborts.
# Windows has WMI. The check puts this file beside the installed interpreter for the runs and
# takes it away before the uninstaller runs; platform then reads the version the older way.
SITECUSTOMIZE = """\
# Put here by packaging/wine_check.py for a run under Wine only: Wine 8 has no WMI.
import sys
sys.modules["_wmi"] = None
"""
IMPORT_ALL = """\
import importlib, json, pkgutil, sys, traceback
lacking = json.loads(sys.argv[1])
for name in lacking:
    sys.modules[name] = None  # as if absent: an import of it fails at once, not inside a DLL
result = {"imported": [], "skipped": {}, "failed": {}}

def blocked(exc):
    while exc is not None:
        top = (getattr(exc, "name", None) or "").split(".")[0]
        if isinstance(exc, ImportError) and top in lacking:  # "PySide6.QtCore": PySide6 is lacking
            return top
        exc = exc.__cause__ or exc.__context__
    return None

for top in sys.argv[2].split(","):
    names = [top] + [m.name for m in pkgutil.walk_packages(importlib.import_module(top).__path__, top + ".")]
    for name in names:
        if name.endswith((".migrations.env", ".__main__")):  # alembic runs env.py; __main__ runs the program
            continue
        try:
            importlib.import_module(name)
            result["imported"].append(name)
        except Exception as exc:
            lacks = blocked(exc)
            if lacks:
                result["skipped"][name] = lacks
            else:
                result["failed"][name] = traceback.format_exc()[-1500:]
print(json.dumps(result))
"""


class CheckFailed(RuntimeError):
    pass


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    checks: int = 0

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        self.checks += 1
        print(("  ok      " if ok else "  FAILED  ") + what + ("" if ok or not detail else f"\n{detail}"), flush=True)
        if not ok:
            self.failures.append(what)
        return ok


# --- the Windows registry, as `reg export` writes it ---------------------------------------------


def _reg_string(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse_reg_export(text: str) -> dict[str, dict[str, object]]:
    """Keys and values of a ``reg export`` file: strings, DWORDs as int, REG_EXPAND_SZ and
    REG_MULTI_SZ decoded, other binary values as bytes. Key names as written, values by name."""
    joined = re.sub(r"\\\r?\n\s*", "", text)  # long hex values go on over several lines
    keys: dict[str, dict[str, object]] = {}
    current: dict[str, object] | None = None
    for raw_line in joined.splitlines():
        line = raw_line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = keys.setdefault(line[1:-1], {})
            continue
        match = re.match(r'^(@|"((?:[^"\\]|\\.)*)")=(.*)$', line)
        if current is None or not match:
            continue
        name = "" if match.group(1) == "@" else _reg_string(match.group(2))
        raw = match.group(3)
        value: object
        if raw.startswith('"') and raw.endswith('"'):
            value = _reg_string(raw[1:-1])
        elif raw.startswith("dword:"):
            value = int(raw[6:], 16)
        elif m := re.match(r"^hex(?:\((\w+)\))?:(.*)$", raw):
            data = bytes(int(b, 16) for b in m.group(2).split(",") if b.strip())
            if m.group(1) == "2":
                value = data.decode("utf-16-le").rstrip("\0")
            elif m.group(1) == "7":
                value = [s for s in data.decode("utf-16-le").split("\0") if s]
            else:
                value = data
        else:
            value = raw
        current[name] = value
    return keys


def split_command_line(args: str) -> list[str]:
    """A shortcut's arguments as Windows splits them (quoted parts may hold spaces)."""
    return [quoted or bare for quoted, bare in re.findall(r'"([^"]*)"|(\S+)', args)]


# --- a Wine prefix ------------------------------------------------------------------------------


def make_unix_locales(folder: Path) -> Path:
    """``LOCALES`` made with localedef (Debian's ``locales``): Wine names files in the Unix
    locale's charset, and without a real UTF-8 locale a Russian shortcut name cannot be written."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in LOCALES:
        if not (folder / name).is_dir():
            source, charmap = name.split(".")
            subprocess.run(["localedef", "-i", source, "-f", charmap, str(folder / name)], check=True, timeout=300)
    return folder


@dataclass
class Prefix:
    root: Path
    home: Path
    locales: Path

    @property
    def user_dir(self) -> str:
        return rf"C:\users\{getpass.getuser()}"

    @property
    def local_appdata(self) -> str:
        return self.user_dir + r"\AppData\Local"

    @property
    def appdata(self) -> str:
        return self.user_dir + r"\AppData\Roaming"

    def env(self, locale: str = "ru_RU.UTF-8") -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "LC_", "WINE"))}
        return {
            **keep,
            "WINEPREFIX": str(self.root),
            "HOME": str(self.home),
            "WINEDEBUG": "-all",
            # no Mono/Gecko download dialogs; no Linux menu entries made from the shortcuts
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
            "LOCPATH": str(self.locales),
            "LANG": locale,
            "LC_ALL": locale,
        }

    def run(
        self, *args: str, locale: str = "ru_RU.UTF-8", timeout: float = COMMAND_TIMEOUT
    ) -> subprocess.CompletedProcess[bytes]:
        """A Windows program, its output through pipes (Wine 8's Python cannot start with a
        Unix file as stdout), and every process it started waited for."""
        started = time.monotonic()
        done = subprocess.run(
            ["wine", *args], stdin=subprocess.DEVNULL, capture_output=True, env=self.env(locale), timeout=timeout
        )
        self.wait()
        name = PureWindowsPath(args[0]).name
        print(f"  $ {name} {' '.join(args[1:])[:120]}  -> {done.returncode} ({time.monotonic() - started:.0f} s)")
        return done

    def wait(self) -> None:
        subprocess.run(["wineserver", "-w"], env=self.env(), timeout=COMMAND_TIMEOUT, check=True)

    def unix(self, windows_path: str) -> Path:
        path = PureWindowsPath(windows_path)
        if path.drive.upper() != "C:":
            raise CheckFailed(f"not on drive C: {windows_path}")
        return self.root / "drive_c" / Path(*path.parts[1:])

    def registry(self, key: str, view: int = 64) -> dict[str, dict[str, object]]:
        """A key and its subkeys in the 64- or 32-bit view; empty when the key does not exist."""
        out = self.root / "export.reg"
        out.unlink(missing_ok=True)
        self.run("reg", "export", key, r"Z:" + str(out).replace("/", "\\"), "/y", f"/reg:{view}")
        if not out.exists():
            return {}
        return parse_reg_export(out.read_bytes().decode("utf-16"))

    @classmethod
    def template(cls, folder: Path) -> Prefix:
        """A fresh prefix; its user folders made real folders (Wine links them to $HOME)."""
        shutil.rmtree(folder, ignore_errors=True)
        prefix = cls(folder / "prefix", folder / "home", make_unix_locales(folder.parent / "locales"))
        prefix.home.mkdir(parents=True)
        started = time.monotonic()
        subprocess.run(
            ["wine", "wineboot", "--init"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=prefix.env(),
            timeout=COMMAND_TIMEOUT,
            check=True,
        )
        prefix.wait()
        for link in (prefix.root / "drive_c" / "users").rglob("*"):
            if link.is_symlink():
                link.unlink()
                link.mkdir()
        print(f"Wine prefix made in {time.monotonic() - started:.0f} s")
        return prefix

    def copy(self, folder: Path) -> Prefix:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(self.root, folder / "prefix", symlinks=True)
        (folder / "home").mkdir()
        return Prefix(folder / "prefix", folder / "home", self.locales)


# --- what an installation must look like -----------------------------------------------------------


@dataclass(frozen=True)
class Install:
    prefix: Prefix
    mode: str  # "CurrentUser" or "AllUsers"

    @property
    def per_user(self) -> bool:
        return self.mode == "CurrentUser"

    @property
    def instdir(self) -> str:
        if self.per_user:
            return self.prefix.local_appdata + rf"\Programs\{APP}"
        return rf"C:\Program Files\{APP}"

    @property
    def hive(self) -> str:
        return "HKCU" if self.per_user else "HKLM"

    @property
    def start_menu(self) -> str:
        if self.per_user:
            return self.prefix.appdata + r"\Microsoft\Windows\Start Menu\Programs"
        return r"C:\ProgramData\Microsoft\Windows\Start Menu\Programs"

    @property
    def desktop(self) -> str:
        return self.prefix.user_dir + r"\Desktop" if self.per_user else r"C:\users\Public\Desktop"

    def shortcuts(self) -> list[str]:
        return [
            self.start_menu + rf"\{APP}\{APP}.lnk",
            self.start_menu + rf"\{APP}\{APP} (демо).lnk",
            self.desktop + rf"\{APP}.lnk",
        ]

    @property
    def python(self) -> str:
        return self.instdir + r"\Python\python.exe"

    @property
    def data_dir(self) -> str:
        return self.prefix.local_appdata + rf"\{APP}"

    def uninstall_entries(self) -> dict[str, dict[str, object]]:
        """Every «Programs and Features» entry of ours, in both hives."""
        found = {}
        # HKLM has a 32-bit view too (Wow6432Node): an entry there is shown all the same
        for hive, view in (("HKCU", 64), ("HKLM", 64), ("HKLM", 32)):
            for key, values in self.prefix.registry(rf"{hive}\{UNINSTALL}", view).items():
                if values.get("DisplayName") == APP or key.endswith(rf"\{APP}"):
                    found[f"{key} ({view}-bit)"] = values
        return found

    def path_entries(self) -> list[str]:
        key = r"HKCU\Environment" if self.per_user else MACHINE_ENVIRONMENT
        values = next(iter(self.prefix.registry(key).values()), {})
        path = values.get("PATH") or values.get("Path") or ""
        return [p for p in str(path).split(";") if p]


def folder_size_kb(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // 1024


def read_shortcut(path: Path) -> tuple[str, list[str]]:
    import LnkParse3  # the build tools' venv has it (.ci/installer-wine.sh)

    with path.open("rb") as f:
        info = LnkParse3.lnk_file(f).get_json()
    target = info.get("link_info", {}).get("local_base_path", "")
    args = info.get("data", {}).get("command_line_arguments", "")
    return target, split_command_line(args)


def check_installed(report: Report, inst: Install, version: str) -> None:
    prefix = inst.prefix
    root = prefix.unix(inst.instdir)
    print(f"- installed ({inst.mode}) in {inst.instdir}")
    for rel in (
        "Python\\python.exe",
        "Python\\pythonw.exe",
        "pkgs\\pvz_desktop\\__init__.py",
        "pkgs\\pvz_central\\__init__.py",
        "PVZ_Desktop.launch.pyw",
        "bin\\pvz-desktop.exe",
        "uninstall.exe",
        "pvz-desktop.ico",
    ):
        report.check(prefix.unix(inst.instdir + "\\" + rel).is_file(), f"program file {rel}")
    for shortcut in inst.shortcuts():
        path = prefix.unix(shortcut)
        if not report.check(path.is_file(), f"shortcut {shortcut}"):
            continue
        target, args = read_shortcut(path)
        report.check(prefix.unix(target).is_file() if target else False, f"  its target exists: {target}")
        report.check(bool(args) and prefix.unix(args[0]).is_file(), f"  its script exists: {args[:1]}")
    bin_dir = inst.instdir + r"\bin"
    entries = inst.path_entries()
    report.check(entries.count(bin_dir) == 1, f"PATH ({inst.hive}) has {bin_dir} once", f"PATH: {entries}")
    found = inst.uninstall_entries()
    report.check(len(found) == 1, "one entry in «Programs and Features»", f"entries: {list(found)}")
    hive = "HKEY_CURRENT_USER" if inst.per_user else "HKEY_LOCAL_MACHINE"
    values = found.get(rf"{hive}\{UNINSTALL}\{APP} (64-bit)", {})
    report.check(values.get("DisplayName") == APP, f"  DisplayName {values.get('DisplayName')!r}")
    report.check(
        values.get("DisplayVersion") == version, f"  DisplayVersion {values.get('DisplayVersion')!r} = {version}"
    )
    report.check(bool(values.get("Publisher")), f"  Publisher {values.get('Publisher')!r}")
    uninstaller = split_command_line(str(values.get("UninstallString", "")))
    report.check(bool(uninstaller) and prefix.unix(uninstaller[0]).is_file(), f"  UninstallString {uninstaller}")
    size = values.get("EstimatedSize")
    actual = folder_size_kb(root)
    report.check(
        isinstance(size, int) and abs(size - actual) <= actual * 0.1,
        f"  EstimatedSize {size} KB (the folder holds {actual} KB)",
    )
    report.check(values.get("InstallLocation") == inst.instdir, f"  InstallLocation {values.get('InstallLocation')!r}")


def installed_version(inst: Install) -> str:
    done = inst.prefix.run(inst.python, "-c", "import pvz_desktop; print(pvz_desktop.__version__)")
    return done.stdout.decode("utf-8", "replace").strip()


@contextlib.contextmanager
def without_wmi(inst: Install) -> Iterator[None]:
    """``SITECUSTOMIZE`` beside the installed interpreter while the block runs."""
    path = inst.prefix.unix(inst.instdir + r"\Python\sitecustomize.py")
    path.write_text(SITECUSTOMIZE, encoding="utf-8")
    try:
        yield
    finally:
        path.unlink()


def decoded(done: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    return done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def check_program_runs(report: Report, inst: Install, work: Path) -> None:
    """The installed interpreter imports our modules; the command on PATH works, in Russian and
    in English (cp1252), its output piped."""
    prefix = inst.prefix
    script = work / "import_all.py"
    script.write_text(IMPORT_ALL, encoding="utf-8")
    print("- the installed interpreter imports every module")
    with without_wmi(inst):
        done = prefix.run(
            inst.python,
            "Z:" + str(script).replace("/", "\\"),
            json.dumps(sorted(WINE_LACKS)),
            "pvz_desktop,pvz_central",
        )
        out, err = decoded(done)
        try:
            result = json.loads(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            report.check(False, "the import run printed its result", err[-2000:])
            return
        report.check(
            not result["failed"],
            f"{len(result['imported'])} modules imported, none failed",
            "\n".join(f"{k}:\n{v}" for k, v in result["failed"].items()),
        )
        by_reason: dict[str, list[str]] = {}
        for module, lacks in sorted(result["skipped"].items()):
            by_reason.setdefault(lacks, []).append(module)
        for lacks, modules in by_reason.items():
            print(f"  skipped {len(modules)} (need {lacks}: {WINE_LACKS[lacks]}): {', '.join(modules)}")
        report.check("pvz_desktop.demo.generator" in result["imported"], "the demo generator is among them")

        for locale, code_page in LOCALES.items():
            print(f"- pvz-desktop from PATH, locale {locale}")
            probe = prefix.run(inst.python, "-c", "import locale; print(locale.getencoding())", locale=locale)
            report.check(
                decoded(probe)[0].strip() == code_page, f"the ANSI code page is {code_page}", decoded(probe)[0]
            )
            done = prefix.run("cmd", "/c", "pvz-desktop", "--help", locale=locale)
            out, err = decoded(done)
            report.check(done.returncode == 0 and HELP_LINE in out, "pvz-desktop --help", out[-1500:] + err[-1500:])
            db = inst.data_dir + rf"\demo-check-{code_page}.db"
            done = prefix.run("cmd", "/c", "pvz-desktop", "demo-data", "--db", db, "--shipments", "40", locale=locale)
            out, err = decoded(done)
            report.check(
                done.returncode == 0 and "отправлений 40" in out and prefix.unix(db).is_file(),
                "pvz-desktop demo-data (a small point)",
                out[-1500:] + err[-1500:],
            )
            done = prefix.run("cmd", "/c", "pvz-desktop", "verify-ledger", locale=locale)
            out, err = decoded(done)
            report.check(
                done.returncode == 0 and "Журнал цел" in out, "pvz-desktop verify-ledger", out[-1500:] + err[-1500:]
            )


def check_shortcuts_start(report: Report, inst: Install) -> None:
    """Each shortcut's own command line, with --help: the launcher and the interpreter it names
    work (the window itself needs Qt, which Wine 8 cannot run)."""
    prefix = inst.prefix
    log = prefix.unix(prefix.appdata + r"\PVZ_Desktop.launch.pyw.log")
    for shortcut in inst.shortcuts()[:2]:
        if not prefix.unix(shortcut).is_file():  # already reported missing
            continue
        target, args = read_shortcut(prefix.unix(shortcut))
        log.unlink(missing_ok=True)
        done = prefix.run(target, *args, "--help")
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        report.check(
            done.returncode == 0 and HELP_LINE in text,
            f"{PureWindowsPath(shortcut).name} starts the program",
            text[-1500:] + decoded(done)[1][-1500:],
        )


def install(report: Report, prefix: Prefix, installer: Path, mode: str) -> Install:
    done = prefix.run("Z:" + str(installer.resolve()).replace("/", "\\"), "/S", f"/{mode}")
    if not report.check(done.returncode == 0, f"{installer.name} /S /{mode} exits 0", decoded(done)[1][-1500:]):
        raise CheckFailed("the installer failed: nothing to check after it")
    return Install(prefix, mode)


def data_snapshot(prefix: Prefix, data_dir: str) -> dict[str, str]:
    root = prefix.unix(data_dir)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def check_uninstall(report: Report, inst: Install) -> None:
    prefix = inst.prefix
    print(f"- silent uninstall ({inst.mode})")
    data_before = data_snapshot(prefix, inst.data_dir)
    done = prefix.run(inst.instdir + r"\uninstall.exe", "/S")  # it copies itself to TEMP; wineserver -w waits
    report.check(done.returncode == 0, "uninstall.exe /S exits 0")
    left = sorted(p.relative_to(prefix.root).as_posix() for p in prefix.unix(inst.instdir).rglob("*"))
    report.check(not prefix.unix(inst.instdir).exists(), f"program folder gone: {inst.instdir}", "\n".join(left[:30]))
    for shortcut in inst.shortcuts():
        report.check(not prefix.unix(shortcut).exists(), f"shortcut gone: {shortcut}")
    report.check(not prefix.unix(inst.start_menu + rf"\{APP}").exists(), "Start menu folder gone")
    bin_dir = inst.instdir + r"\bin"
    report.check(bin_dir not in inst.path_entries(), f"PATH ({inst.hive}) no longer has {bin_dir}")
    report.check(not inst.uninstall_entries(), "no entry in «Programs and Features»")
    report.check(bool(data_before), f"the data folder had files before: {', '.join(sorted(data_before))}")
    report.check(
        data_snapshot(prefix, inst.data_dir) == data_before, f"the data folder is kept, unchanged: {inst.data_dir}"
    )


# --- the scenarios ----------------------------------------------------------------------------------


def per_user(report: Report, template: Prefix, work: Path, installer: Path, version: str) -> None:
    print("== per-user install, run, uninstall")
    inst = install(report, template.copy(work / "per-user"), installer, "CurrentUser")
    check_installed(report, inst, version)
    check_program_runs(report, inst, work)
    check_shortcuts_start(report, inst)
    check_uninstall(report, inst)


def per_machine(report: Report, template: Prefix, work: Path, installer: Path, version: str) -> None:
    print("== per-machine install, run, uninstall")
    inst = install(report, template.copy(work / "per-machine"), installer, "AllUsers")
    check_installed(report, inst, version)
    done = inst.prefix.run("cmd", "/c", "pvz-desktop", "--help")
    report.check(done.returncode == 0 and HELP_LINE in decoded(done)[0], "pvz-desktop --help from the machine's PATH")
    with without_wmi(inst):
        done = inst.prefix.run("cmd", "/c", "pvz-desktop", "verify-ledger")  # makes the data folder
        report.check(done.returncode == 0, "pvz-desktop verify-ledger", "".join(decoded(done))[-1500:])
    check_uninstall(report, inst)


def upgrade(
    report: Report, template: Prefix, work: Path, installer: Path, older: Path, version: str, older_version: str
) -> None:
    print(f"== upgrade {older_version} -> {version} (per user)")
    prefix = template.copy(work / "upgrade")
    old = install(report, prefix, older, "CurrentUser")
    marker = prefix.unix(old.instdir + r"\pkgs\pvz_desktop\retired_in_newer_version.py")
    report.check(marker.is_file(), "the older build has its retired module")
    report.check(installed_version(old) == older_version, f"the older build says {older_version}")
    with without_wmi(old):
        db = old.data_dir + r"\demo\pvz.db"
        prefix.unix(db).parent.mkdir(parents=True, exist_ok=True)
        done = prefix.run("cmd", "/c", "pvz-desktop", "demo-data", "--db", db, "--shipments", "40")
        report.check(done.returncode == 0, "data made with the older version (demo point)", decoded(done)[1][-1500:])
        done = prefix.run("cmd", "/c", "pvz-desktop", "verify-ledger")
        report.check(done.returncode == 0, "and its own database", decoded(done)[1][-1500:])
    data_before = data_snapshot(prefix, old.data_dir)
    new = install(report, prefix, installer, "CurrentUser")
    check_installed(report, new, version)
    report.check(not marker.exists(), "the retired module is gone (program files replaced)")
    report.check(installed_version(new) == version, f"the program says {version}")
    report.check(data_snapshot(prefix, new.data_dir) == data_before, "the data folder is unchanged")
    with without_wmi(new):
        done = prefix.run("cmd", "/c", "pvz-desktop", "verify-ledger")
        report.check(done.returncode == 0 and "Журнал цел" in decoded(done)[0], "the kept database still verifies")
    check_shortcuts_start(report, new)
    check_uninstall(report, new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installer", type=Path, required=True)
    parser.add_argument("--older", type=Path, required=True, help="an installer of a lower version")
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # CI's log shows each step as it ends
    version = re.search(r"-(\d+(?:\.\d+)*)-setup\.exe$", args.installer.name)
    older_version = re.search(r"-(\d+(?:\.\d+)*)-setup\.exe$", args.older.name)
    if not version or not older_version:
        parser.error("installer names must be PVZ-Desktop-<version>-setup.exe")
    work = args.work.resolve()
    report = Report()
    timings = []
    started = time.monotonic()
    template = Prefix.template(work / "template")
    timings.append(("Wine prefix", time.monotonic() - started))
    for name, scenario in (
        ("per-user", lambda: per_user(report, template, work, args.installer, version[1])),
        ("per-machine", lambda: per_machine(report, template, work, args.installer, version[1])),
        (
            "upgrade",
            lambda: upgrade(report, template, work, args.installer, args.older, version[1], older_version[1]),
        ),
    ):
        start = time.monotonic()
        try:
            scenario()
        except (CheckFailed, subprocess.SubprocessError, OSError) as exc:
            report.check(False, f"{name}: {exc}")
        timings.append((name, time.monotonic() - start))
        shutil.rmtree(work / name, ignore_errors=True)  # 1-2 GB each
    print("; ".join(f"{name} {seconds:.0f} s" for name, seconds in timings))
    if report.failures:
        print(f"Wine check: {len(report.failures)} of {report.checks} checks FAILED:")
        for failure in report.failures:
            print(f"  - {failure}")
        return 1
    print(f"Wine check: all {report.checks} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
