"""pyproject.toml's runtime dependencies, what the code imports and the README's list agree: nothing
imported is undeclared, nothing declared is unused, and each has its one line in the README."""

from __future__ import annotations

import ast
import functools
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pvz_desktop", "pvz_central")
# Modules the code loads by name (importlib), with the file that names them.
LOADED_BY_NAME = {
    "hid": "pvz_desktop/devices/scanner/hid_backend.py",
    "hidraw": "pvz_desktop/devices/scanner/hid_backend.py",
}
# Modules of optional extras that need not be installed here to be known.
NOT_INSTALLED = {"usb": "pyusb", "hid": "hidapi", "hidraw": "hidapi"}
# Declared and needed, never imported by name: why.
USED_BY_A_LIBRARY = {"python-multipart": "FastAPI parses Form fields (the login page) with it"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    """``psycopg[binary]>=3.1`` -> ``psycopg`` (PEP 508: the name comes first)."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())
    assert match, requirement
    return normalise(match.group(0))


def declared() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {requirement_name(r) for r in project["dependencies"]}
    extras = {k: {requirement_name(r) for r in v} for k, v in project["optional-dependencies"].items()}
    return runtime, extras


def imported_modules() -> dict[str, set[str]]:
    """Top-level third-party modules imported anywhere in the packages -> the files that import them."""
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in (*PACKAGES, "__future__"):
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    for module, where in LOADED_BY_NAME.items():
        assert f'"{module}"' in (ROOT / where).read_text(encoding="utf-8"), f"{where} no longer loads {module}"
        found.setdefault(module, set()).add(where)
    return found


@functools.cache
def installed() -> dict[str, list[str]]:
    return packages_distributions()


def distributions_of(module: str) -> set[str]:
    """Every distribution that installs ``module`` (PySide6 comes in two: the essentials and the
    add-ons with Qt Multimedia)."""
    known = installed().get(module)
    if known:
        return {normalise(k) for k in known}
    assert module in NOT_INSTALLED, f"{module} is imported but belongs to no installed distribution"
    return {NOT_INSTALLED[module]}


def test_every_import_is_declared_and_every_runtime_dependency_is_used():
    runtime, extras = declared()
    optional = set().union(*extras.values())
    modules = imported_modules()
    used = set().union(*(distributions_of(m) for m in modules))
    undeclared = {m: sorted(w) for m, w in modules.items() if not distributions_of(m) & (runtime | optional)}
    assert undeclared == {}, f"imported but not in pyproject.toml: {undeclared}"
    unused = runtime - used - set(USED_BY_A_LIBRARY)
    assert unused == set(), f"declared but imported nowhere: {sorted(unused)}"
    assert set(USED_BY_A_LIBRARY) <= runtime


def test_the_readme_says_why_each_runtime_dependency_is_there():
    runtime, extras = declared()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Dependencies", 1)[1].split("\n## ", 1)[0]
    lines = {normalise(m.group(1)): m.group(2) for m in re.finditer(r"^- `([^`]+)` — (.+)$", section, re.M)}
    assert set(lines) == runtime, f"README lists {sorted(set(lines) ^ runtime)} differently from pyproject.toml"
    for extra in set().union(*(deps for name, deps in extras.items() if name != "test")):
        assert f"`{extra}" in section, f"the optional {extra} is not explained"
