"""Drop-off end to end through the real window: a pty serial scanner reads every label, a pty
Масса-К scale weighs, a loopback TCP printer prints, the real central server announced it all.
A supply with one parcel missing and one unexpected, a C2C parcel weighed and paid, both bagged,
handed to the courier; then the counter's database, the server's state and the decoded acts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from pvz_central.models import CourierPickup, Supply
from pvz_desktop.devices.printer.decoder import CODEPAGE_ENCODINGS, Barcode, decode_escpos
from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.gui.application import build_window, ensure_app
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows.ledger import verify_chain
from tests.central.harness import POINT, fresh_database, login, make_counter, start_central
from tests.devices.scale.test_reader import MassaKScale
from tests.devices.scanner.ports import PtyPort
from tests.gui.test_e2e_counter import Desk

ADMIN = f"/api/v1/points/{POINT}/admin"
SP, SN, CP = "SP-0000000101", "SN-0000000201", "CP-0000000501"
P = ["OB000000000301", "OB000000000302", "OB000000000303"]
STRAY, C1 = "OB000000000777", "OB000000000501"
ROUTE = "СЦ Хоругвино"


@pytest.fixture
def ports() -> Iterator[tuple[PtyPort, PtyPort]]:
    with PtyPort() as scanner, PtyPort() as scale:
        yield scanner, scale


def announce(owner) -> None:
    bodies = {
        "supplies": {
            "number": SP,
            "seller": "ООО «Ромашка»",
            "route": ROUTE,
            "parcels": [{"posting": p, "description": f"Коробка {i}"} for i, p in enumerate(P, 1)],
        },
        "c2c-sends": {
            "code": SN,
            "posting": C1,
            "sender": "Петров И.",
            "size_class": "M",
            "declared_value": 300_000,
            "recipient_point": "ПВЗ Казань, Баумана 5",
            "route": ROUTE,
            "amount_due": 34_900,
        },
        "courier-pickups": {"code": CP, "courier": "Курьер Сидоров", "route": ROUTE},
    }
    for path, body in bodies.items():
        r = owner.request("POST", f"{ADMIN}/{path}", json=body)
        assert r.status_code == 201, r.text


def test_drop_off_day_through_the_window(qtbot, tmp_path: Path, settings, tcp_printer, ports):
    scanner, scale_port = ports
    central = start_central(fresh_database("sqlite", tmp_path))
    scale = MassaKScale(scale_port)
    counter = make_counter(tmp_path, "counter-1", central.url, "emp1")
    try:
        announce(login(central.url, "owner1"))
        counter.pull()
        settings = settings.model_copy(
            update={
                "scanners": f"serial://{scanner.path}",
                "printer": tcp_printer.url,
                "scale": f"serial://{scale_port.path}?protocol=massak",
            }
        )
        ensure_app()
        window = build_window(counter.ctx, settings, demo=False, sound=False)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        window.devices.debouncer = Debouncer(window=0.0)  # the same label in two tasks is two scans
        window.start_devices()
        desk = Desk(window, qtbot, scanner)
        try:
            qtbot.waitUntil(lambda: "✓" in window.status.scanners.text(), timeout=5000)
            run_the_drop_off(desk, scale, qtbot)
        finally:
            window.devices.stop()
            window.services.runner.shutdown()

        report = push_pending(counter.ctx, counter.client)
        assert report.refused == (), report.refused
        assert verify_chain(counter.ctx).ok
        for posting in (P[0], P[1], C1):
            assert counter.status(posting) == "handed_to_courier"
            assert central.central_status(posting) == "handed_to_courier"
        assert counter.status(P[2]) == central.central_status(P[2]) == "announced"  # never brought
        with central.db.read() as s:
            supply = s.scalar(select(Supply).where(Supply.number == SP))
            assert (supply.status, json.loads(supply.unexpected)) == ("closed", [STRAY])
            assert s.scalar(select(CourierPickup.status).where(CourierPickup.code == CP)) == "closed"

        decoded = decode_escpos(tcp_printer.data, {**CODEPAGE_ENCODINGS, 17: "cp866"})
        text = " ".join(decoded.text.split())
        assert text.count("АКТ ПРИЁМА ПОСТАВКИ") == 2 and "не привезено" in text and STRAY in text
        assert Barcode("CODE128", C1) in decoded.elements  # the C2C parcel's label
        assert "ПРИЁМ ПОСЫЛКИ" in text and "4,620 кг" in text and "349,00" in text
        assert Barcode("CODE128", "BG-0000000001") in decoded.elements  # the bag's label
        assert text.count("АКТ ПЕРЕДАЧИ КУРЬЕРУ") == 2 and "Всего отправлений 3" in text
    finally:
        scale.stop()
        counter.store.close()
        central.close()


def run_the_drop_off(desk: Desk, scale: MassaKScale, qtbot) -> None:
    window = desk.window
    page = window.page("dropoff")
    # The seller's supply: two of three parcels and one that is not in it; F10 closes with the act.
    tone, _ = desk.scan(SP)
    assert tone == "ok" and window.current_page() is page
    assert desk.scan(P[0])[0] == "ok"
    assert desk.scan(P[1])[0] == "ok"
    assert desk.scan(STRAY)[0] == "warn"
    assert (page.tiles["received"].value, page.tiles["unexpected"].value) == ("2", "1")
    tone, text = desk.key(Qt.Key.Key_F10)
    assert tone == "ok" and "не хватает 1" in text
    # The C2C parcel on the scale: not taken while the weight moves, taken (by card) when it settles.
    assert desk.scan(SN)[0] == "ok"
    scale.divisions, scale.stable = 4_620, False
    qtbot.waitUntil(lambda: page.weight_label.text().startswith("4,620 кг ·"), timeout=5000)
    assert desk.key(Qt.Key.Key_F4)[0] == "error"
    scale.stable = True
    qtbot.waitUntil(lambda: page.weight_label.text() == "4,620 кг", timeout=5000)
    assert desk.key(Qt.Key.Key_F4)[0] == "ok"
    # A new bag (F3 prints its label), both parcels of the supply and the C2C parcel into it.
    tone, text = desk.key(Qt.Key.Key_F3)
    assert tone == "ok" and "BG-0000000001" in text
    for posting in (P[0], P[1], C1):
        assert desk.scan(posting)[0] == "ok"
    # The courier: his code, the bag, F10 hands it over with the act.
    assert desk.scan(CP)[0] == "ok"
    assert desk.scan("BG-0000000001")[0] == "ok"
    tone, text = desk.key(Qt.Key.Key_F10)
    assert tone == "ok" and "3 отправлений" in text
