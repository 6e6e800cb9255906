"""Colours are named once, in gui/palette.py: no other module of the window writes one."""

from __future__ import annotations

import re
from pathlib import Path

from pvz_desktop import gui
from pvz_desktop.gui import palette

HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def test_no_colour_is_written_outside_the_palette():
    root = Path(gui.__file__).parent
    found = [
        f"{path.relative_to(root)}:{n}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        if path.name not in ("palette.py", "resources_rc.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HEX.search(line)
    ]
    assert found == []


def test_the_palette_holds_only_colours():
    values = {name: value for name, value in vars(palette).items() if name.isupper()}
    assert values and all(HEX.fullmatch(v) for v in values.values())
