"""The counter as the drills run it: a serial scanner through the real ScannerHub into the workflows.

    python -m tests.drills.counter_child --db PATH --port /dev/pts/N [--lock-seconds S]

It opens the store (migrating it if needed), reads ``serial://PORT`` and routes each scan the
way the counter screen would:

* a waybill (``TN-…``) opens it for acceptance;
* a pickup code starts an issuance: the customer's card;
* a shipment that is on the open card confirms it; once every parcel on the card is confirmed
  the issuance is completed (by card when something is due);
* any other shipment is an acceptance scan on the open waybill;
* a courier's code (``CP-…``) opens his pickup; then each bag or outbound parcel is scanned for
  the courier (``ACK <code> handover`` once kept, ``duplicate`` when it already was).

Lines on stdout, each flushed, each written only after the transaction behind it committed:
``READY`` (the scanner is enabled), ``ACK <code> <outcome>`` (acknowledged to the user),
``CARD <code> <ready>``, ``ERR <code> <error code>`` for a refusal the cashier would see, and
``BUG <code> <repr of the traceback>`` for anything else. Closing stdin stops it cleanly.
"""

from __future__ import annotations

import argparse
import sys
import threading
import traceback

from pvz_desktop.core.barcodes import BarcodeKind
from pvz_desktop.core.errors import DomainError
from pvz_desktop.devices.scanner.events import DeviceState, DeviceStatusEvent
from pvz_desktop.devices.scanner.hub import HubEvent, ScannerHub
from pvz_desktop.store.migrate import open_store
from pvz_desktop.workflows import acceptance
from pvz_desktop.workflows.context import Actor, Rules, WorkflowContext
from pvz_desktop.workflows.dropoff import courier
from pvz_desktop.workflows.issuance import IssuanceSession, PaymentMethod
from tests.builders import the_test_pickup_key

_out = threading.Lock()


def say(line: str) -> None:
    with _out:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class Counter:
    def __init__(self, ctx: WorkflowContext) -> None:
        self.ctx = ctx
        self.waybill: str | None = None
        self.session: IssuanceSession | None = None
        self.pickup: str | None = None

    def on_event(self, event: HubEvent) -> None:
        if isinstance(event, DeviceStatusEvent):
            if event.state is DeviceState.ENABLED:
                say("READY")
            return
        try:
            self.scan(event.code)
        except DomainError as exc:
            say(f"ERR {event.code} {exc.code}")
        except Exception:
            say(f"BUG {event.code} {traceback.format_exc()!r}")

    def scan(self, raw: str) -> None:
        code = self.ctx.profile.classify(raw)
        if code.kind is BarcodeKind.WAYBILL:
            acceptance.open_waybill(self.ctx, raw)
            self.waybill = code.code
            say(f"ACK {code.code} opened")
        elif code.kind is BarcodeKind.PICKUP_CODE:
            self.session = IssuanceSession.start(self.ctx, raw)
            say(f"CARD {code.code} {len(self.session.card.ready)}")
        elif code.kind is BarcodeKind.COURIER_PICKUP:
            view = courier.open_pickup(self.ctx, raw)
            self.pickup = code.code
            say(f"ACK {code.code} opened {len(view.scanned)}")
        elif self.pickup is not None and code.kind in (BarcodeKind.BAG, BarcodeKind.OUTBOUND):
            scanned = courier.scan(self.ctx, self.pickup, raw)
            say(f"ACK {scanned.item.code} {'handover' if scanned.added else 'duplicate'}")
        elif code.kind is BarcodeKind.SHIPMENT and self._on_card(code.code):
            self._confirm(code.code)
        else:
            if self.waybill is None:
                say(f"ERR {code.code} no_waybill")
                return
            result = acceptance.scan(self.ctx, self.waybill, raw)
            say(f"ACK {result.code} {result.outcome.value}")

    def _on_card(self, posting: str) -> bool:
        return self.session is not None and any(s.posting_number == posting for s in self.session.card.ready)

    def _confirm(self, posting: str) -> None:
        session = self.session
        assert session is not None
        session.scan(posting)
        if len(session.confirmed) < len(session.card.ready):
            return
        self.session = None
        slip = session.complete(PaymentMethod.CARD if session.total_due else None)
        for line in slip.issued:
            say(f"ACK {line.posting_number} issued")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", required=True)
    parser.add_argument("--workstation", default="counter-1")
    parser.add_argument("--lock-seconds", type=int, default=Rules().pickup_lock_seconds)
    args = parser.parse_args()

    store = open_store(args.db)
    actor = Actor(employee_id="emp-drill", workstation=args.workstation, employee_name="Смирнова О.")
    ctx = WorkflowContext(
        store, actor, rules=Rules(pickup_lock_seconds=args.lock_seconds), pickup_key=the_test_pickup_key
    )
    hub = ScannerHub.from_urls([f"serial://{args.port}"], on_event=Counter(ctx).on_event)
    hub.start()
    sys.stdin.read()  # until the parent closes stdin
    hub.stop()
    store.close()
    say("BYE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
