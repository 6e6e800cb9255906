"""Rebuild the interface translations: sources -> .ts (lupdate), .ts -> .qm (lrelease), and the
.qm files into ``pvz_desktop/gui/resources_rc.py`` (rcc) so they ship inside the package.

    python resources/translations/build.py          # after changing interface text
    pyside6-linguist resources/translations/pvz_en.ts   # to translate the new strings

lupdate keeps the translations already in the .ts; only new or changed strings need work.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
LANGUAGES = ("en",)


# Below gui/ texts are marked with core.text's msg() and word(): lupdate reads them as QT_TR_NOOP.
LOWER_LAYERS = ("core", "workflows", "sync", "devices", "auth")
ALIASES = "QT_TR_NOOP+=msg,QT_TR_NOOP+=word"


def sources() -> list[str]:
    package = ROOT / "pvz_desktop"
    forms = sorted((ROOT / "ui").glob("*.ui"))  # Qt Designer forms are translated too
    gui = [p for p in sorted((package / "gui").rglob("*.py")) if p.name != "resources_rc.py"]
    lower = [p for layer in LOWER_LAYERS for p in sorted((package / layer).rglob("*.py"))]
    return [str(p) for p in gui + lower] + [str(f) for f in forms]


def lupdate(ts: Path) -> None:
    cmd = [str(BIN / "pyside6-lupdate"), *sources(), "-tr-function-alias", ALIASES]
    cmd += ["-source-language", "ru", "-target-language", ts.stem[4:]]
    subprocess.run([*cmd, "-no-obsolete", "-locations", "none", "-ts", str(ts)], check=True)


def build() -> None:
    for lang in LANGUAGES:
        ts = HERE / f"pvz_{lang}.ts"
        lupdate(ts)
        subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    qrc = HERE / "translations.qrc"
    files = "".join(f"    <file>pvz_{lang}.qm</file>\n" for lang in LANGUAGES)
    qrc.write_text(f'<RCC>\n  <qresource prefix="/translations">\n{files}  </qresource>\n</RCC>\n', encoding="utf-8")
    out = ROOT / "pvz_desktop" / "gui" / "resources_rc.py"
    subprocess.run([str(BIN / "pyside6-rcc"), "-g", "python", str(qrc), "-o", str(out)], check=True)
    # The generated module must pass the project's lint like any other file.
    subprocess.run([str(BIN / "ruff"), "format", "-q", str(out)], check=True)


if __name__ == "__main__":
    build()
