"""Drill fixtures: the size of a run (quick by default, full with ``--long``) and measured figures.

Figures recorded with ``figures(drill, name, value)`` are printed in a «drill figures» section at
the end of the run; docs/RELIABILITY.md quotes them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).parent
LONG_TIMEOUT = 1800  # seconds per drill with --long (the suite's default is 300)

FIGURES = pytest.StashKey[list[tuple[str, str, str]]]()

Figures = Callable[[str, str, object], None]


@pytest.fixture
def long_run(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--long"))


@pytest.fixture
def size(long_run: bool) -> Callable[[int, int], int]:
    """``size(quick, full)``: the number to use in this run."""
    return lambda quick, full: full if long_run else quick


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Figures:
    store = request.config.stash.setdefault(FIGURES, [])

    def record(drill: str, name: str, value: object) -> None:
        store.append((drill, name, str(value)))

    return record


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--long"):
        return
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.timeout(LONG_TIMEOUT))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    rows = config.stash.get(FIGURES, [])
    if not rows:
        return
    terminalreporter.section("drill figures")
    for drill, name, value in rows:
        terminalreporter.write_line(f"{drill}: {name} = {value}")
