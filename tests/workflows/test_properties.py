"""Random sequences of workflow calls never make an illegal transition; the chain always holds."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from pvz_desktop.core.errors import DomainError
from pvz_desktop.core.statuses import TRANSITIONS
from pvz_desktop.store.migrate import open_store
from pvz_desktop.store.models import Event, Shipment
from pvz_desktop.workflows import acceptance, ledger, placement
from pvz_desktop.workflows.context import Actor, WorkflowContext
from pvz_desktop.workflows.issuance import IssuanceSession, PaymentMethod
from tests.builders import PointBuilder

N = 6
WB = "TN-0000000001"


class CounterMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.TemporaryDirectory()
        self.store = open_store(Path(self.dir.name) / "pvz.db")
        self.ctx = WorkflowContext(self.store, Actor("emp-1", "counter-1"))
        point = PointBuilder(self.store)
        point.add_cells(shelves=2, capacity=3)
        point.add_customer("48213377", "5521")
        point.add_customer("55555555", "0000")
        point.add_waybill(WB)
        self.postings = [
            point.add_shipment(customer=("48213377", "55555555")[i % 2], waybill=WB, amount_due=1000 * (i % 3))
            for i in range(N)
        ]
        self.opened = False

    def teardown(self) -> None:
        self.store.close()
        self.dir.cleanup()

    def attempt(self, fn, *args) -> None:
        with contextlib.suppress(DomainError):  # refusals are fine: the invariants check the rest
            fn(*args)

    @rule()
    def open_waybill(self) -> None:
        self.attempt(acceptance.open_waybill, self.ctx, WB)
        self.opened = True

    @rule(i=st.integers(0, N - 1))
    def accept(self, i: int) -> None:
        self.attempt(acceptance.scan, self.ctx, WB, self.postings[i])

    @precondition(lambda self: self.opened)
    @rule()
    def close(self) -> None:
        self.attempt(acceptance.close_waybill, self.ctx, WB)

    @rule(i=st.integers(0, N - 1), cell=st.sampled_from(["C-A-01-01", "C-A-01-02", "C-Z-01-01"]))
    def place(self, i: int, cell: str) -> None:
        self.attempt(placement.place, self.ctx, self.postings[i], cell)

    @rule(
        code=st.sampled_from(["48213377*5521", "55555555*0000"]),
        picks=st.sets(st.integers(0, N - 1)),
        refuse=st.booleans(),
        cash=st.booleans(),
    )
    def issue(self, code: str, picks: set[int], refuse: bool, cash: bool) -> None:
        try:
            session = IssuanceSession.start(self.ctx, code)
            for i in sorted(picks):
                with contextlib.suppress(DomainError):
                    session.scan(self.postings[i])
            if refuse and session.confirmed:
                session.refuse_lines(session.confirmed[0], {1}, "size")
            session.complete(PaymentMethod.CASH if cash else PaymentMethod.CARD)
        except DomainError:
            pass

    @invariant()
    def every_status_change_is_a_legal_transition(self) -> None:
        legal = {(a.value, b.value) for (a, _), b in TRANSITIONS.items()}
        with self.store.read() as s:
            rows = s.execute(select(Event.from_status, Event.to_status).where(Event.from_status.is_not(None))).all()
            for frm, to in rows:
                assert (frm, to) in legal, (frm, to)
            # The shipment's status is where its own ledger says it went last.
            for sh in s.scalars(select(Shipment)):
                last = s.scalar(
                    select(Event.to_status)
                    .where(Event.shipment_id == sh.id, Event.to_status.is_not(None))
                    .order_by(Event.id.desc())
                    .limit(1)
                )
                assert last is None or last == sh.status

    @invariant()
    def chain_verifies(self) -> None:
        assert ledger.verify_chain(self.ctx).ok


CounterMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestCounterMachine = CounterMachine.TestCase
