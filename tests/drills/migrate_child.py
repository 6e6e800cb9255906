"""The program's start-up upgrade, as the migration drill runs it in a child it can kill.

    python -m tests.drills.migrate_child --db PATH [--pause-at N]

Prints ``BEGIN`` just before ``upgrade_database``, ``STEP <n> <revision>`` after each revision
applied (inside the upgrade's transaction), and ``DONE <revision>`` once it committed. With
``--pause-at N`` it prints ``PAUSED`` after step N and waits on stdin, still inside the
transaction, so the parent can kill it at that exact point.
"""

from __future__ import annotations

import argparse
import sys

from pvz_desktop.store.migrate import upgrade_database


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--pause-at", type=int, default=0)
    args = parser.parse_args()
    steps = 0

    def on_step(**kw: object) -> None:
        nonlocal steps
        steps += 1
        say(f"STEP {steps} {','.join(getattr(kw.get('step'), 'destination_revision_ids', ()))}")
        if steps == args.pause_at:
            say("PAUSED")
            sys.stdin.read()  # the parent kills us here

    say("BEGIN")
    result = upgrade_database(args.db, on_step=on_step)
    say(f"DONE {result.to_revision}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
