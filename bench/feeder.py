"""A scanner firing codes at a fixed rate into a pty master, from its own process.

    python -m bench.feeder FD RATE CODES_FILE

Runs apart from the measured window so its own timing never competes for that process's GIL.
Each code goes out at start + i / RATE (an absolute schedule: a late write does not push the
rest back). Prints the monotonic time of every write as JSON when done.
"""

from __future__ import annotations

import json
import os
import select
import sys
import time


def main() -> None:
    fd, rate, path = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    with open(path, encoding="ascii") as f:
        codes = [c for c in f.read().split() if c]
    os.set_blocking(fd, False)
    sent: list[float] = []
    start = time.monotonic() + 0.05
    for i, code in enumerate(codes):
        at = start + i / rate
        while (left := at - time.monotonic()) > 0:
            time.sleep(left)
        data = memoryview(code.encode("ascii") + b"\r\n")
        sent.append(time.monotonic())
        while data:
            select.select([], [fd], [], 5.0)
            try:
                data = data[os.write(fd, data) :]
            except BlockingIOError:
                continue
    print(json.dumps(sent))


if __name__ == "__main__":
    main()
