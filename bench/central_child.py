"""The central server in its own process, so it never shares a GIL with the counter it serves.

    python -m bench.central_child DB_URL [SECRET_FILE]

SECRET_FILE: the pickup-code secret shared with the benchmark (which issues codes itself);
without it a secret for this process only.

Prints the URL once it answers, then serves until its standard input closes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pvz_central.app import create_app
from pvz_central.db import CentralDB
from pvz_central.pickup_keys import PointKeys
from pvz_central.server import start_in_thread


def main() -> None:
    keys = PointKeys.from_file(Path(sys.argv[2])) if len(sys.argv) > 2 else None
    db = CentralDB(sys.argv[1], keys)
    db.upgrade()
    server = start_in_thread(create_app(db))
    print(server.url, flush=True)
    sys.stdin.read()  # the parent closes the pipe to stop us
    server.stop()
    db.close()


if __name__ == "__main__":
    main()
