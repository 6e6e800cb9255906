"""Crash drill: the counter process is killed (SIGKILL) at random moments while scans arrive.

A real child (``counter_child``) reads a pty through the real ScannerHub and runs acceptance
and issuance; it prints ``ACK`` after each commit. The parent scans like a fast cashier (a few
scans written ahead of their acknowledgements) and kills the child at a random moment, 20
times (200 with ``--long``), a fifth of them while it is still starting up. After each kill:
the file passes ``PRAGMA integrity_check``, every acknowledged scan is in the database and in
the outbox, the ledger chain verifies, and the next start scans again. A scan that was not
acknowledged is scanned again after the restart, as the cashier would. At the end every parcel
scanned is accepted or issued exactly once, and no other parcel changed.
"""

from __future__ import annotations

import random
import signal
import statistics
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from pvz_desktop.store.migrate import open_store
from tests.devices.scanner.ports import PtyPort
from tests.drills import checks
from tests.drills.child import Child
from tests.drills.point import SeededPoint, seed_point

KILL_WINDOW = 0.4  # seconds of scanning after the first acknowledged task, within which the kill lands
IN_FLIGHT = 3  # tasks written ahead of their acknowledgements
STARTUP_KILL_SHARE = 0.2  # kills that land while the program is still starting
START_TIMEOUT = 30.0  # generous: two cores may be busy with the rest of the suite


@dataclass
class Task:
    """What the cashier does for one parcel (acceptance) or one customer (issuance)."""

    kind: str  # "accept" / "issue"
    scans: tuple[str, ...]
    expects: tuple[str, ...]  # postings acknowledged when it is done
    acked: set[str] = field(default_factory=set)
    sends: int = 0
    refused: set[str] = field(default_factory=set)  # refused on a resend: committed before the kill

    @property
    def done(self) -> bool:
        return self.acked | self.refused >= set(self.expects)


def plan(point: SeededPoint, rng: random.Random) -> deque[Task]:
    """Acceptance scans with an issuance every few of them, in random order of kind."""
    accept = deque(Task("accept", (p,), (p,)) for p in point.expected)
    issue = deque(Task("issue", (c.code, *c.postings), c.postings) for c in point.pickups)
    tasks: deque[Task] = deque()
    while accept or issue:
        source = issue if issue and (not accept or rng.random() < 0.25) else accept
        tasks.append(source.popleft())
    return tasks


@dataclass
class Drill:
    db: Path
    port: PtyPort
    tmp: Path
    pending: deque[Task]
    rng: random.Random
    sent: list[Task] = field(default_factory=list)
    acked_accept: set[str] = field(default_factory=set)
    acked_issue: set[str] = field(default_factory=set)
    startup_times: list[float] = field(default_factory=list)
    kills_in_flight: int = 0
    kills_at_startup: int = 0
    committed_unacked: int = 0  # resent scans found already committed: the kill fell after a commit

    def start(self) -> Child:
        return Child("tests.drills.counter_child", ["--db", str(self.db), "--port", self.port.path], self.tmp / "err")

    def ready(self, child: Child) -> None:
        child.wait_for(lambda line: line == "READY", START_TIMEOUT)
        self.startup_times.append(time.monotonic() - child.started)
        self.port.write(b"TN-0000000001\r\n")  # the cashier picks the waybill again after a restart
        child.wait_for(lambda line: line == "ACK TN-0000000001 opened", START_TIMEOUT)

    def send(self, task: Task, flight: deque[Task]) -> None:
        task.sends += 1
        if task.sends == 1:
            self.sent.append(task)
        flight.append(task)
        self.port.write(b"".join(code.encode() + b"\r\n" for code in task.scans))

    def take(self, line: str, flight: deque[Task]) -> None:
        word, _, rest = line.partition(" ")
        assert word != "BUG", f"the counter failed: {line}"
        if word == "ACK":
            code, outcome = rest.split(" ")
            task = next((t for t in flight if code in t.expects), None)
            assert task is not None, f"an acknowledgement for nothing scanned: {line}"
            if task.kind == "accept":
                assert outcome == "received" or (outcome == "duplicate" and task.sends > 1), line
                self.committed_unacked += outcome == "duplicate"
                self.acked_accept.add(code)
            else:
                assert outcome == "issued", line
                self.acked_issue.add(code)
            task.acked.add(code)
        elif word == "ERR":
            code = rest.split(" ")[0]
            task = next((t for t in flight if code in t.expects), None)
            assert task is not None, f"a refusal of nothing scanned: {line}"
            # Only a resent parcel may be refused: its first send committed just before the kill.
            assert task.sends > 1, f"a first scan was refused: {line}"
            task.refused.add(code)
            self.committed_unacked += 1
        while flight and flight[0].done:
            flight.popleft()

    def pump(self, child: Child, flight: deque[Task], until: float) -> None:
        """Scan (keeping IN_FLIGHT tasks ahead) and read acknowledgements until the moment ``until``."""
        while (left := until - time.monotonic()) > 0:
            while len(flight) < IN_FLIGHT and self.pending:
                self.send(self.pending.popleft(), flight)
            line = child.next_line(min(left, 0.05))
            if line is not None:
                self.take(line, flight)

    def cycle(self) -> None:
        """One life of the counter, ended by SIGKILL at a random moment."""
        flight: deque[Task] = deque()
        child = self.start()
        try:
            if self.rng.random() < STARTUP_KILL_SHARE:
                startup = statistics.median(self.startup_times) if self.startup_times else 1.0
                kill_at = child.started + self.rng.uniform(0, startup)
                self.kills_at_startup += 1
                while child.next_line(kill_at - time.monotonic()) is not None:
                    pass  # READY may come first; nothing is scanned
            else:
                self.ready(child)
                # The next scan works after the restart before the next kill is armed.
                assert self.pending, "the seeded point ran out of parcels"
                self.send(self.pending.popleft(), flight)
                while flight:
                    line = child.next_line(START_TIMEOUT)
                    assert line is not None, f"no acknowledgement after the restart:\n{child.stderr()}"
                    self.take(line, flight)
                self.pump(child, flight, time.monotonic() + self.rng.uniform(0, KILL_WINDOW))
        finally:
            rest = child.kill()
        assert child.proc.returncode == -signal.SIGKILL, f"the counter ended by itself:\n{child.stderr()}"
        for line in rest:
            self.take(line, flight)
        if any(not t.done for t in flight):
            self.kills_in_flight += 1
        self.pending.extendleft(reversed([t for t in flight if not t.done]))  # scanned again, in order

    def check_after_kill(self) -> None:
        assert checks.integrity(self.db) == "ok"
        state = checks.counter_state(self.db)
        lost = {p for p in self.acked_accept if state.status[p] != "received"}
        lost |= {p for p in self.acked_issue if state.status[p] != "issued"}
        assert not lost, f"acknowledged scans lost by a kill: {sorted(lost)}"
        assert self.acked_accept <= state.accepted_in_outbox, "an acknowledged acceptance is not in the outbox"
        assert self.acked_issue <= state.issued_in_outbox, "an acknowledged issuance is not in the outbox"
        chain = checks.ledger_chain(self.db)
        assert chain.ok, chain.message

    def final_run(self) -> None:
        """A last life without a kill: the resent scans and a few new ones, then a clean stop."""
        flight: deque[Task] = deque()
        child = self.start()
        try:
            self.ready(child)
            resends = sum(t.sends > 0 for t in self.pending)
            for _ in range(resends + 3):
                if self.pending:
                    self.send(self.pending.popleft(), flight)
            while flight:
                line = child.next_line(START_TIMEOUT)
                assert line is not None, f"no acknowledgement:\n{child.stderr()}"
                self.take(line, flight)
            rest = child.close_stdin_and_wait(START_TIMEOUT)
        finally:
            child.kill()
        assert rest[-1:] == ["BYE"] and child.proc.returncode == 0, child.stderr()


def test_counter_killed_at_random_moments_loses_nothing_acknowledged(
    tmp_path: Path, size, long_run: bool, figures
) -> None:
    kills = size(20, 200)
    rng = random.Random(20261127 + kills)
    db = tmp_path / "pvz.db"
    store = open_store(db)
    point = seed_point(store, expected=kills * 80, customers=kills * 10, rng=rng)
    store.close()

    began = time.monotonic()
    with PtyPort() as port:
        drill = Drill(db, port, tmp_path, plan(point, rng), rng)
        for _ in range(kills):
            drill.cycle()
            drill.check_after_kill()
        drill.final_run()
    elapsed = time.monotonic() - began

    # Every parcel scanned was accepted or issued exactly once; no other parcel changed.
    state = checks.counter_state(db)
    accepted = {p for t in drill.sent if t.kind == "accept" for p in t.expects}
    issued = {p for t in drill.sent if t.kind == "issue" for p in t.expects}
    assert all(t.done for t in drill.sent)
    assert {p for p, s in state.status.items() if s == "received"} == accepted
    assert {p for p, s in state.status.items() if s == "issued"} == issued
    assert state.accepted_in_outbox == accepted and state.issued_in_outbox == issued
    assert set(state.accept_events) == accepted and set(state.accept_events.values()) <= {1}
    assert set(state.issue_events) == issued and set(state.issue_events.values()) <= {1}
    assert checks.ledger_chain(db).ok and checks.integrity(db) == "ok"

    name = "crash (long)" if long_run else "crash"
    figures(name, "kills", kills)
    figures(name, "kills while starting up", drill.kills_at_startup)
    figures(name, "kills with scans in flight", drill.kills_in_flight)
    figures(name, "scans acknowledged", len(drill.acked_accept) + len(drill.acked_issue))
    figures(name, "resent scans found committed (kill between commit and ACK)", drill.committed_unacked)
    figures(
        name,
        "start to READY median/max s",
        f"{statistics.median(drill.startup_times):.2f}/{max(drill.startup_times):.2f}",
    )
    figures(name, "wall time s", f"{elapsed:.1f}")
