"""Console output never crashes on a code page (pvz_desktop/console.py).

Each command runs in its own interpreter, as a person runs it, with ``PYTHONIOENCODING`` and
UTF-8 mode off and the locale of an English Windows (cp1252) or of a Russian DOS console (cp866),
made for the test with ``localedef``: Python then encodes stdout exactly as on such a PC, and
printed Russian text used to end in UnicodeEncodeError."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pvz_desktop import console

ROOT = Path(__file__).resolve().parents[1]
CHARMAPS = Path("/usr/share/i18n/charmaps")
LOCALES = {"cp1252": ("en_US", "CP1252"), "cp866": ("ru_RU", "IBM866")}


@pytest.fixture(scope="session")
def legacy_locales(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LOCPATH folder with en_US.CP1252 and ru_RU.IBM866 (Debian's ``locales`` has their sources)."""
    if shutil.which("localedef") is None or not (CHARMAPS / "CP1252.gz").exists():
        why = "needs localedef and the charmaps of Debian's `locales` package (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    folder = tmp_path_factory.mktemp("locales")
    for source, charmap in LOCALES.values():
        # -c: the source names characters the legacy charmap lacks (they are left out, as wanted)
        subprocess.run(["localedef", "-c", "-i", source, "-f", charmap, str(folder / f"{source}.{charmap}")],
                       capture_output=True, timeout=120)  # fmt: skip
        assert (folder / f"{source}.{charmap}").is_dir(), f"localedef made no {source}.{charmap}"
    return folder


def legacy_env(locales: Path, code_page: str) -> dict[str, str]:
    source, charmap = LOCALES[code_page]
    env = {
        k: v for k, v in os.environ.items() if k not in {"PYTHONIOENCODING", "PYTHONUTF8"} and not k.startswith("LC_")
    }
    env.update(LOCPATH=str(locales), LC_ALL=f"{source}.{charmap}", LANG=f"{source}.{charmap}", PYTHONUTF8="0")
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_cli(locales: Path, code_page: str, module: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    cmd = [sys.executable, "-X", "utf8=0", "-m", module, *args]
    return subprocess.run(cmd, env=legacy_env(locales, code_page), capture_output=True, timeout=120, cwd=ROOT)


@pytest.mark.parametrize("code_page", sorted(LOCALES))
def test_the_locale_really_is_the_legacy_code_page(legacy_locales: Path, code_page: str):
    probe = "import sys, locale; print(sys.stdout.encoding, locale.getencoding())"
    cmd = [sys.executable, "-X", "utf8=0", "-c", probe]
    out = subprocess.run(cmd, env=legacy_env(legacy_locales, code_page), capture_output=True, text=True, check=True)
    encodings = {e.lower().replace("ibm", "cp") for e in out.stdout.split()}
    assert encodings == {code_page}, out.stdout  # else the tests below would prove nothing


@pytest.mark.parametrize("code_page", sorted(LOCALES))
def test_every_cli_command_prints_russian_into_a_pipe(legacy_locales: Path, code_page: str, tmp_path: Path):
    def ok(module: str, *args: str) -> str:
        done = run_cli(legacy_locales, code_page, module, *args)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
        return done.stdout.decode("utf-8")  # UTF-8 whatever the code page: nothing lost

    help_text = ok("pvz_desktop", "--help")
    assert "PVZ Desktop — программа пункта выдачи" in help_text
    assert "создать базу демо-пункта" in help_text
    assert "номер CP866 для ESC t" in ok("pvz_desktop", "devices", "test-print", "--help")
    assert "по умолчанию — из настроек" in ok("pvz_desktop", "devices", "listen", "--help")
    assert "Последовательные порты:" in ok("pvz_desktop", "devices", "list")
    db = tmp_path / "demo.db"
    assert "отправлений 20" in ok("pvz_desktop", "demo-data", "--db", str(db), "--shipments", "20")
    data = tmp_path / "data"
    assert ok("pvz_desktop", "--data-dir", str(data), "verify-ledger").strip()
    assert "Центральный сервер PVZ" in ok("pvz_central", "--help")
    central = f"sqlite:///{tmp_path / 'central.db'}"
    assert "Демо-пункт demo" in ok("pvz_central", "seed", "--db", central, "--shipments", "5")

    # A refusal goes to stderr, in Russian, with its own exit code (not a traceback).
    again = run_cli(legacy_locales, code_page, "pvz_desktop", "demo-data", "--db", str(db))
    assert again.returncode == 2
    assert "уже существует" in again.stderr.decode("utf-8")


def test_a_terminal_that_cannot_show_a_letter_gets_a_question_mark(legacy_locales: Path):
    """A terminal keeps its own encoding (UTF-8 bytes would be garbage on it): what cp1252 has
    stays, what it lacks becomes ``?``."""
    leader, follower = pty.openpty()
    cmd = [sys.executable, "-X", "utf8=0", "-m", "pvz_desktop", "--help"]
    env = legacy_env(legacy_locales, "cp1252")
    with subprocess.Popen(cmd, env=env, stdout=follower, stderr=subprocess.PIPE, cwd=ROOT) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        _, err = proc.communicate(timeout=60)
    os.close(leader)
    assert proc.returncode == 0, err.decode("utf-8", "replace")[-2000:]
    shown = b"".join(chunks).decode("cp1252")
    assert "PVZ Desktop — ????????? ?????? ??????" in shown  # the dash is in cp1252, the Cyrillic is not


def test_streams_that_are_not_text_files_are_left_alone(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "stdout", None)  # pythonw.exe: no console at all
    monkeypatch.setattr(sys, "stderr", None)
    console.make_stdio_safe()
    assert sys.stdout is None and sys.stderr is None


def test_a_file_in_a_legacy_encoding_is_switched_to_utf8(tmp_path: Path):
    path = tmp_path / "out.txt"
    with open(path, "w", encoding="cp1252") as stream:  # errors="strict", as Python opens stdout
        console.make_safe(stream)
        stream.write("Готово: «ПВЗ» № 7 — \udcff")  # a lone surrogate too (an undecodable file name)
    assert path.read_text(encoding="utf-8") == "Готово: «ПВЗ» № 7 — ?"
