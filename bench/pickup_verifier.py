"""What checking a pickup code costs at the counter: one verifier recomputed and compared.

    python bench/pickup_verifier.py [--n 20000]

Prints the median and p99 of one ``core.pickup_codes.matches`` call (HMAC-SHA-256 of the code
and its date under the point's key, constant-time compare) over batches, in microseconds. P1
(scan to card, docs/PERFORMANCE.md) has a median target of 8 ms: this is the part the verifier adds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date

from pvz_desktop.core.pickup_codes import matches, new_key, verifier

BATCH = 100


def measure(n: int) -> list[float]:
    """Microseconds per check, one figure per batch of ``BATCH`` checks (timer overhead spread)."""
    key, today = new_key(), date(2026, 12, 3)
    stored = verifier(key, "41000031", "7391", today)
    per_check = []
    for _ in range(max(1, n // BATCH)):
        started = time.perf_counter()
        for _ in range(BATCH):
            matches(key, "41000031", "7391", today, stored, today)
        per_check.append((time.perf_counter() - started) / BATCH * 1e6)
    return sorted(per_check)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    args = ap.parse_args()
    us = measure(args.n)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"pickup code check: median {statistics.median(us):.2f} µs, p99 {us[int(len(us) * 0.99) - 1]:.2f} µs "
        f"per scan (n={len(us) * BATCH}, load average {load:.1f} on {os.cpu_count()} CPUs)"
    )


if __name__ == "__main__":
    main()
