"""setuptools hook: the top-level ``ui/`` and ``resources/`` folders become package data of
``pvz_desktop`` (``pvz_desktop/ui/…``, ``pvz_desktop/resources/…``) in the sdist and the wheel.

A static ``package-dir`` mapping cannot do this here: it would need every package listed by
hand instead of found, and it fails on a checkout where one of the folders is still empty
(git keeps no empty folders). Named in pyproject.toml as ``[tool.setuptools] cmdclass``.
An editable install copies nothing: ``pvz_desktop.paths`` then finds the folders in the checkout.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "pvz_desktop"
DATA_FOLDERS = ("ui", "resources")
SKIPPED_PARTS = {"__pycache__"}


def data_files(root: Path = ROOT) -> Iterator[Path]:
    """Every shipped file under the data folders, relative to ``root``."""
    for folder in DATA_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not any(p in SKIPPED_PARTS or p.startswith(".") for p in rel.parts):
                yield rel


class BuildPy(build_py):
    def _data_mapping(self) -> dict[str, str]:
        """Build destination -> source, for each data file."""
        return {os.path.join(self.build_lib, PACKAGE, *rel.parts): str(ROOT / rel) for rel in data_files()}

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for dest, src in self._data_mapping().items():
            self.mkpath(os.path.dirname(dest))
            self.copy_file(src, dest)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        return outputs if self.editable_mode else [*outputs, *self._data_mapping()]

    def get_output_mapping(self) -> dict[str, str]:
        mapping = super().get_output_mapping()
        return mapping if self.editable_mode else {**mapping, **self._data_mapping()}

    def get_source_files(self) -> list[str]:
        # The sdist must carry the data and this hook, or a wheel built from the sdist lacks both.
        own = [str(rel) for rel in data_files()] + [str(Path(__file__).resolve().relative_to(ROOT))]
        return [*super().get_source_files(), *own]
