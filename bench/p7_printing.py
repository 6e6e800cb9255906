"""P7, printing: build and encode an issuance slip, then print it on a loopback network printer.

Build: the workflow's IssuanceSlip mapped to the printer's SlipData and laid out as ESC/POS bytes
(``layouts.issuance_slip``), beside encoding the same text to CP866 with nothing else.
Send: a job submitted to the real print queue (stored in SQLite, sent by its worker with the
DLE EOT checks before and after) until the printer has every byte, beside a bare TCP connect +
sendall of the same bytes to the same listener.
"""

from __future__ import annotations

import socket
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

from bench.common import Figure, Stats, main_of, series_ms
from pvz_desktop.devices.printer.config import PageSetup, parse_printer_url
from pvz_desktop.devices.printer.decoder import decode_escpos
from pvz_desktop.devices.printer.layouts import issuance_slip
from pvz_desktop.devices.printer.print_queue import PrintQueue
from pvz_desktop.gui.slips import slip_data
from pvz_desktop.store.migrate import open_store
from pvz_desktop.workflows.issuance import IssuanceSlip, PaymentMethod, SlipLine
from pvz_desktop.workflows.views import ItemView
from tests.devices.printer.fake_printer import FakePrinter

BUILD_TARGET_MS = 2.0


def a_slip(n: int) -> IssuanceSlip:
    """A customer taking three parcels, one line refused, cash with change: a full slip."""
    items = (
        ItemView(1, "Кроссовки беговые мужские, размер 43", 1, 459900, False),
        ItemView(2, "Носки спортивные, 3 пары", 2, 29900, False),
    )
    lines = tuple(SlipLine(f"{100000000 + n * 3 + k:010d}-1234-1", items, 519700) for k in range(3))
    refused = (SlipLine(f"{100000000 + n * 3:010d}-1234-1/R", (ItemView(3, "Чехол", 1, 9900, True),), 0),)
    return IssuanceSlip(
        op_id=str(uuid.UUID(int=n)),
        point_name="ПВЗ Тверская 1",
        employee_name="Смирнова О.",
        issued_at=datetime(2025, 3, 1, 12, 30),
        customer_name="Иванова А.",
        issued=lines,
        refused=refused,
        total=3 * 519700,
        payment_method=PaymentMethod.CASH,
        tendered=1600000,
        change=1600000 - 3 * 519700,
    )


def run(quick: bool) -> list[Figure]:
    setup = PageSetup(17, 80)
    n_build = 500 if quick else 3000
    n_send = 30 if quick else 150
    slips = [a_slip(i) for i in range(n_build)]
    texts = ["\n".join(decode_escpos(issuance_slip(slip_data(s), setup)).lines) for s in slips[:50]]

    def build(s: IssuanceSlip) -> bytes:
        return issuance_slip(slip_data(s), setup)

    def encode_only(text: str) -> bytes:
        return text.encode("cp866", errors="replace")

    series_ms(build, slips[:100])  # warm-up: imports, caches
    built = series_ms(build, slips)
    plain = series_ms(encode_only, texts * (n_build // len(texts)))
    data = build(slips[0])

    printer = FakePrinter()
    folder = Path(tempfile.mkdtemp(prefix="pvz-bench-print-"))
    store = open_store(folder / "print.db")
    queue = PrintQueue(store, parse_printer_url(printer.url))
    queue.start()
    try:
        sent: list[float] = []
        raw: list[float] = []
        for i in range(n_send + 3):
            want = len(printer.data) + len(data)
            t0 = time.perf_counter()
            queue.submit("issuance_slip", f"Выдача {i}", data)
            if not printer.wait_for(lambda p, want=want: len(p.data) >= want, 10):
                raise RuntimeError("the loopback printer did not get the slip")
            took = (time.perf_counter() - t0) * 1000
            want = len(printer.data) + len(data)
            t0 = time.perf_counter()
            with socket.create_connection(("127.0.0.1", printer.port)) as sock:
                sock.sendall(data)
                if not printer.wait_for(lambda p, want=want: len(p.data) >= want, 10):
                    raise RuntimeError("the loopback printer did not get the raw bytes")
            bare = (time.perf_counter() - t0) * 1000
            if i >= 3:  # the first jobs open the store's pages and the socket paths
                sent.append(took)
                raw.append(bare)
    finally:
        queue.stop()
        store.close()
        printer.close()
    b = Stats.of(built)
    return [
        Figure(
            "P7",
            "issuance slip: build + encode",
            "ms",
            b,
            "CP866 encode of the same text",
            Stats.of(plain),
            f"≤ {BUILD_TARGET_MS} ms",
            b.median <= BUILD_TARGET_MS,
            f"{len(data)} bytes, 3 parcels + 1 refusal, QR",
        ),
        Figure(
            "P7b",
            "slip via print queue to TCP printer",
            "ms",
            Stats.of(sent),
            "bare TCP connect + sendall",
            Stats.of(raw),
            "",
            None,
            "submit (SQLite) → worker → status check → bytes at the printer",
        ),
    ]


if __name__ == "__main__":
    main_of(run)
