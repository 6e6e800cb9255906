"""A day at the counter through the real window: a pty serial scanner types every code, a
loopback TCP printer takes every slip. Accept a waybill, put parcels away, hand two to a
customer with one line refused and cash paid, take a customer return, count a cell. Then the
database and the decoded slips must say what happened."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from pvz_desktop.devices.printer.decoder import CODEPAGE_ENCODINGS, decode_escpos
from pvz_desktop.devices.scanner.debounce import Debouncer
from pvz_desktop.gui.application import build_window, ensure_app
from pvz_desktop.gui.pages.issuance import RefusalDialog
from pvz_desktop.gui.pages.returns import ReturnDialog
from pvz_desktop.store.models import Outbox, Shipment
from pvz_desktop.workflows.issuance import RefusalReason
from pvz_desktop.workflows.ledger import verify_chain
from tests.devices.scanner.ports import PtyPort
from tests.workflows.counter_builders import add_return_request

WAYBILL = "TN-0000031337"
PACKAGE = "GM0000412345"


@pytest.fixture
def scanner() -> Iterator[PtyPort]:
    with PtyPort() as port:
        yield port


class Desk:
    def __init__(self, window, qtbot, scanner: PtyPort) -> None:
        self.window, self.qtbot, self.scanner = window, qtbot, scanner
        self.feedback = window.services.feedback

    def idle(self) -> None:
        self.qtbot.waitUntil(lambda: self.window.services.runner.idle, timeout=5000)

    def scan(self, code: str) -> tuple[str, str]:
        """The scanner reads a label: CR LF-terminated bytes on the serial line."""
        with self.qtbot.waitSignal(self.feedback.shown, timeout=5000) as answer:
            self.scanner.write(code.encode("ascii") + b"\r\n")
        self.idle()
        return answer.args[0], answer.args[1]

    def key(self, key: Qt.Key, widget=None) -> tuple[str, str]:
        """An F-key on the window (or a dialog): wait for the banner's answer."""
        with self.qtbot.waitSignal(self.feedback.shown, timeout=5000) as answer:
            QTest.keyClick(widget or self.window, key)
        self.idle()
        return answer.args[0], answer.args[1]

    def confirm(self, name: str) -> tuple[str, str]:
        self.qtbot.waitUntil(lambda: self.window.findChild(QMessageBox, name) is not None)
        box = self.window.findChild(QMessageBox, name)
        with self.qtbot.waitSignal(self.feedback.shown, timeout=5000) as answer:
            QTest.keyClick(box, Qt.Key.Key_Return)  # Enter = the default «Да»
        self.idle()
        self.back_to_window()
        return answer.args[0], answer.args[1]

    def back_to_window(self) -> None:
        """A closed dialog gives the keyboard back to the window: F-keys go there again."""
        self.window.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.window)

    def go(self, n: int, key: str) -> None:
        QTest.keyClick(self.window, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.ControlModifier)
        self.qtbot.waitUntil(lambda: self.window.current_page().key == key)
        self.idle()


def build_point(point) -> dict[str, str]:
    point.add_cells(racks=1, shelves=3, capacity=5)
    pickup = point.add_customer("48213377", pin="5521", name="Иванова А.")
    point.add_customer("55556666", pin="0001", name="Петров П.")
    point.add_waybill(WAYBILL, packages={PACKAGE: 1})
    cod = point.add_shipment(
        customer="48213377",
        waybill=WAYBILL,
        amount_due=150000,
        items=[("Кроссовки беговые", 1, 120000), ("Носки спортивные", 1, 30000)],
    )
    prepaid = point.add_shipment(customer="48213377", waybill=WAYBILL, items=[("Книга", 1, 0)])
    other = point.add_shipment(customer="55556666", waybill=WAYBILL)
    old = point.add_shipment(customer="55556666", status="issued", items=[("Чайник", 1, 250000)])
    add_return_request(point.store, "RT-0000007781", old, ["Чайник"], "Не включается")
    return {"pickup": pickup, "cod": cod, "prepaid": prepaid, "other": other, "old": old}


def test_a_day_at_the_counter(qtbot, ctx, settings, point, tcp_printer, scanner):
    printer = tcp_printer
    codes = build_point(point)
    settings = settings.model_copy(update={"scanners": f"serial://{scanner.path}", "printer": printer.url})
    ensure_app()
    window = build_window(ctx, settings, demo=False, sound=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # Each step waits for its answer before the next label, so a label scanned again in the next
    # task (the same parcel at acceptance, then at placement) must not be taken for a double read.
    window.devices.debouncer = Debouncer(window=0.0)
    window.start_devices()
    desk = Desk(window, qtbot, scanner)
    try:
        qtbot.waitUntil(lambda: "✓" in window.status.scanners.text(), timeout=5000)
        run_the_day(desk, codes, point)
    finally:
        window.devices.stop()
        window.services.runner.shutdown()

    with point.store.read() as s:
        status = dict(s.execute(select(Shipment.posting_number, Shipment.status)).all())
        pending = s.scalar(select(func.count()).select_from(Outbox).where(Outbox.state == "pending"))
    assert status[codes["cod"]] == "issued"
    assert status[codes["prepaid"]] == "issued"
    assert status[f"{codes['cod']}/R"] == "to_return"  # the refused socks go back
    assert status[codes["old"]] == "to_return"  # the customer return
    assert status[codes["other"]] == "stored"
    assert pending >= 8  # every step waits for the server in the outbox
    assert verify_chain(ctx).ok

    # What the printer got, decoded back: the issuance slip and the return receipt.
    text = decode_escpos(printer.data, {**CODEPAGE_ENCODINGS, 17: "cp866"}).text
    assert "ВЫДАЧА" in text and codes["cod"] in text and codes["prepaid"] in text
    assert "Носки спортивные" in text and "Отказ" in text
    assert "Сдача" in text and "800" in text  # 2 000 tendered for 1 200,00
    assert "ВОЗВРАТ" in text and "RT-0000007781" in text and "Чайник" in text
    # Cash was taken once: the drawer was kicked once, before that slip (and not by any other print).
    kick = b"\x1bp\x00\x19\xfa"  # ESC p, pin 2, Epson's 50/500 ms
    assert printer.data.count(b"\x1bp") == 1
    assert printer.data.index(kick) < printer.data.index("Сдача".encode("cp866"))


def run_the_day(desk: Desk, codes: dict[str, str], point) -> None:
    window = desk.window
    # Acceptance: the waybill opens its tab; the package and three parcels; F10 closes.
    tone, _ = desk.scan(WAYBILL)
    assert tone == "ok" and window.current_page().key == "acceptance"
    assert desk.scan(PACKAGE)[0] == "ok"
    for key in ("cod", "prepaid", "other"):
        assert desk.scan(codes[key])[0] == "ok"
    QTest.keyClick(window, Qt.Key.Key_F10)
    tone, text = desk.confirm("confirm_close_waybill")
    assert tone == "ok" and "без расхождений" in text

    # Placement: Ctrl+2, then each parcel and the cell the window suggests.
    desk.go(2, "placement")
    placement = window.page("placement")
    for key in ("cod", "prepaid", "other"):
        tone, _ = desk.scan(codes[key])
        assert tone == "info"
        cell = placement.target_cell
        assert cell is not None
        assert desk.scan(cell)[0] == "ok"

    # Issuance: the pickup code opens the card; both parcels confirmed by scan.
    tone, text = desk.scan(codes["pickup"])
    assert tone == "ok" and window.current_page().key == "issuance"
    issuance = window.page("issuance")
    assert desk.scan(codes["other"])[0] == "alert"  # another customer's parcel: refused loudly
    assert desk.scan(codes["cod"])[0] == "ok"
    assert desk.scan(codes["prepaid"])[0] == "ok"
    # F7: the customer refuses the socks.
    QTest.keyClick(window, Qt.Key.Key_F7)
    desk.qtbot.waitUntil(lambda: window.findChild(RefusalDialog, "refusal_dialog") is not None)
    dialog = window.findChild(RefusalDialog, "refusal_dialog")
    dialog.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.set_checked(codes["cod"], 2, True)
    dialog.set_reason(RefusalReason.SIZE)  # the reason the customer gives, from the list
    with desk.qtbot.waitSignal(desk.feedback.shown):
        QTest.keyClick(dialog, Qt.Key.Key_Return)
    desk.idle()
    desk.back_to_window()
    assert issuance.state.total_due == 120000
    # F5 cash, the amount typed, F9 hands over.
    QTest.keyClick(window, Qt.Key.Key_F5)
    desk.qtbot.waitUntil(issuance.cash_radio.isChecked)
    QTest.keyClicks(issuance.tendered, "2000")
    tone, text = desk.key(Qt.Key.Key_F9)
    assert tone == "ok" and "Сдача 800,00" in text

    # A customer return: the request opens the checklist; four checks; F9 accepts.
    tone, _ = desk.scan("RT-0000007781")
    assert tone == "ok" and window.current_page().key == "returns"
    returns_dialog = window.findChild(ReturnDialog, "return_dialog")
    returns_dialog.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is returns_dialog)
    for box in (returns_dialog.condition, returns_dialog.complete, returns_dialog.item, returns_dialog.reason_ok):
        QTest.keyClick(box, Qt.Key.Key_Space)
    tone, text = desk.key(Qt.Key.Key_F9, returns_dialog)
    assert tone == "ok" and "возврат принят" in text

    # Stocktaking of the point: the cell that still holds a parcel, then apply.
    desk.back_to_window()
    desk.go(6, "inventory")
    inventory = window.page("inventory")
    assert desk.key(Qt.Key.Key_F3)[0] == "ok"
    with point.store.read() as s:
        from pvz_desktop.store.models import Cell

        cell = s.scalar(
            select(Cell.code)
            .join(Shipment, Shipment.cell_id == Cell.id)
            .where(Shipment.posting_number == codes["other"])
        )
    assert desk.scan(cell)[0] == "ok"
    assert desk.scan(codes["other"])[0] == "ok"
    QTest.keyClick(window, Qt.Key.Key_F10)
    tone, text = desk.confirm("confirm_inventory_apply")
    assert tone == "ok" and "недостача 0" in text
    assert inventory.progress is None
