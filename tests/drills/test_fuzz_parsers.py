"""Bad-input drill: every parser that reads bytes from a device, or a code from a scan, is fuzzed.

Barcode classification, the HID-POS report parser, the serial line framing and the ESC/POS
decoder get hypothesis examples (500 each, 20 000 with ``--long``) and then a plain random loop
of the same shapes (5 000 each, 1 000 000 with ``--long``: hypothesis is too slow for that).
None of them documents an exception, so none may raise; each keeps the properties its
``check_*`` function states. The loop's seed is new on every run and is in the failure message.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.drills import fuzz_inputs as f

PARSERS: dict[str, tuple[st.SearchStrategy[Any], Callable[[random.Random], Any], Callable[[Any], None]]] = {
    "barcode classification": (f.barcode_texts, f.random_barcode, f.check_classify),
    "HID-POS reports": (f.hid_reports, f.random_reports, f.check_hidpos),
    "serial line framing": (f.framing_cases, f.random_framing, f.check_framing),
    "ESC/POS decoder": (f.escpos_streams, f.random_escpos, f.check_escpos),
}


@pytest.mark.parametrize("parser", list(PARSERS))
def test_parser_takes_any_input(parser: str, size, long_run: bool, figures) -> None:
    strategy, generate, check = PARSERS[parser]
    examples, loops = size(500, 20_000), size(5_000, 1_000_000)

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def fuzz(value: Any) -> None:
        check(value)

    began = time.monotonic()
    fuzz()
    hypothesis_s = time.monotonic() - began

    seed = random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    began = time.monotonic()
    for n in range(loops):
        value = generate(rng)
        try:
            check(value)
        except Exception as exc:
            raise AssertionError(f"{parser}: input {n} of seed {seed} failed: {value!r}") from exc
    loop_s = time.monotonic() - began

    name = "fuzz (long)" if long_run else "fuzz"
    figures(name, f"{parser}: hypothesis examples, per s", f"{examples}, {examples / hypothesis_s:.0f}")
    figures(name, f"{parser}: random inputs, per s", f"{loops}, {loops / loop_s:.0f}")
