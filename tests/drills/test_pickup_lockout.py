"""Security drill: five wrong pickup codes through the real scanner path lock the lookup, and
killing the program does not unlock it.

The counter child reads a pty through the ScannerHub, as at the counter. Five wrong codes (each
a different guess, as someone trying codes would scan) are refused; then even the right code is
refused while the lock holds, also after a SIGKILL and a restart. Once the lock runs out (2 s
here instead of a minute) the right code opens the card and the parcel is issued.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from pvz_desktop.store.migrate import open_store
from tests.devices.scanner.ports import PtyPort
from tests.drills.child import Child
from tests.drills.point import seed_point

LOCK_SECONDS = 2
TIMEOUT = 30.0


def test_five_wrong_codes_lock_the_lookup_even_across_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "pvz.db"
    store = open_store(db)
    pickup = seed_point(store, expected=0, customers=1, rng=random.Random(5)).pickups[0]
    store.close()
    cid, pin = pickup.code.split("*")
    wrong = [f"{cid}*{(int(pin) + n) % 10_000:04d}" for n in range(1, 6)]
    args = ["--db", str(db), "--port", "", "--lock-seconds", str(LOCK_SECONDS)]

    with PtyPort() as port:
        args[3] = port.path

        def scan(child: Child, code: str) -> str:
            port.write(code.encode() + b"\r\n")
            return child.wait_for(lambda line: line.split(" ")[1:2] == [code], TIMEOUT)

        child = Child("tests.drills.counter_child", args, tmp_path / "err")
        try:
            child.wait_for(lambda line: line == "READY", TIMEOUT)
            for code in wrong:
                assert scan(child, code) == f"ERR {code} not_found"
            locked_at = time.monotonic()
            assert scan(child, pickup.code) == f"ERR {pickup.code} lookup_locked"
        finally:
            child.kill()

        child = Child("tests.drills.counter_child", args, tmp_path / "err")
        try:
            child.wait_for(lambda line: line == "READY", TIMEOUT)
            answer = scan(child, pickup.code)
            assert answer == f"ERR {pickup.code} lookup_locked", answer  # a restart is no way round
            # The cashier tries again now and then (more than the 300 ms debounce apart) until it opens.
            deadline = locked_at + LOCK_SECONDS + TIMEOUT
            while answer != f"CARD {pickup.code} {len(pickup.postings)}":
                assert answer == f"ERR {pickup.code} lookup_locked", answer
                assert time.monotonic() < deadline, "the lock never ran out"
                assert child.next_line(0.4) is None  # the pause between two tries; nothing else comes
                answer = scan(child, pickup.code)
            assert time.monotonic() - locked_at >= LOCK_SECONDS - 0.5, "the lock ran out early"
            for posting in pickup.postings:
                port.write(posting.encode() + b"\r\n")
            for posting in pickup.postings:
                child.wait_for(lambda line, p=posting: line == f"ACK {p} issued", TIMEOUT)
        finally:
            child.kill()
