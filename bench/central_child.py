"""The central server in its own process, so it never shares a GIL with the counter it serves.

    python -m bench.central_child DB_URL

Prints the URL once it answers, then serves until its standard input closes.
"""

from __future__ import annotations

import sys

from pvz_central.app import create_app
from pvz_central.db import CentralDB
from pvz_central.server import start_in_thread


def main() -> None:
    db = CentralDB(sys.argv[1])
    db.upgrade()
    server = start_in_thread(create_app(db))
    print(server.url, flush=True)
    sys.stdin.read()  # the parent closes the pipe to stop us
    server.stop()
    db.close()


if __name__ == "__main__":
    main()
