"""Screenshots of every tab of the real window over a generated demo point.

    python scripts/screenshots.py [--size 1366x768] [--language ru|en] [--out docs/screenshots]

Every tab's PNG is exactly ``--size`` (the counter PCs' 1366×768 by default); English ones are
named ``<tab>-en.png``. ``first-run.png`` is the first-run screen of a fresh install, at its own size.

Runs offscreen (QWidget.grab) or under ``xvfb-run``. Each tab is shown in a state a cashier
would see during the day: a waybill being received, a parcel waiting for its cell, a customer
at the counter, a shipment's history.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication

from pvz_desktop.config import Settings
from pvz_desktop.demo.dropoff import add_demo_dropoff
from pvz_desktop.demo.generator import DEMO_PICKUP_KEY, generate
from pvz_desktop.demo.pickup_pins import save_pins
from pvz_desktop.gui.application import build_window, ensure_app
from pvz_desktop.gui.i18n import install_language
from pvz_desktop.gui.main_window import MainWindow
from pvz_desktop.store.migrate import open_store
from pvz_desktop.workflows.context import Actor, WorkflowContext

ROOT = Path(__file__).resolve().parents[1]


def settle(window: MainWindow, timeout: float = 10.0) -> None:
    """Let the worker finish and the window repaint (a deadline, not a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        dock = window.demo_dock
        refreshing = dock is not None and dock.refresh_pending()  # type: ignore[attr-defined]
        if window.services.runner.idle and not refreshing:
            QCoreApplication.processEvents()
            return
        time.sleep(0.01)
    raise TimeoutError("the window did not settle")


def scan(window: MainWindow, code: str) -> None:
    window.router.inject(code, source="demo")
    settle(window)


def first_code(window: MainWindow, group_prefix: str) -> str | None:
    dock = window.demo_dock
    codes = dock.codes() if dock is not None else {}  # type: ignore[attr-defined]
    for title, values in codes.items():
        if title.startswith(group_prefix) and values:
            return values[0]
    return None


def size_arg(text: str) -> tuple[int, int]:
    try:
        w, h = (int(n) for n in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WxH such as 1366x768, got {text!r}") from None
    return w, h


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--shipments", type=int, default=2000)
    parser.add_argument("--language", "--lang", dest="lang", choices=("ru", "en"), default="ru")
    parser.add_argument("--size", type=size_arg, default=(1366, 768), help="WxH of every PNG")
    parser.add_argument("--only", nargs="*", default=(), metavar="TAB", help="save only these tabs (e.g. dropoff)")
    args = parser.parse_args()
    width, height = args.size
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    app = ensure_app()
    install_language(app, args.lang)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PVZ_DATA_DIR"] = tmp
        store = open_store(Path(tmp) / "pvz.db")
        summary = generate(store, shipments=args.shipments, seed=1)
        save_pins(Path(tmp), summary.pins)  # the demo's own file: the virtual scanner lists the codes
        settings = Settings(data_dir=Path(tmp), scanners="wedge", printer="", point_name="ПВЗ Тверская 1")
        actor = Actor("emp-1", "counter-1", "Смирнова О.", point_name=settings.point_name)
        ctx = WorkflowContext(store=store, actor=actor, pickup_key=lambda: DEMO_PICKUP_KEY)
        window = build_window(ctx, settings, demo=True, sound=False)
        devices = window.start_devices()  # the keyboard-wedge scanner; receipts on screen
        window.show()
        window.resize(width, height)
        window.preview.setVisible(width > 1366)  # collapsed on a counter's 1366 px screen
        settle(window)
        suffix = "" if args.lang == "ru" else f"-{args.lang}"

        def shot(key: str, name: str = "") -> None:
            name = name or key
            if args.only and name not in args.only:
                return
            window.show_page(key)
            settle(window)
            path = out / f"{name}{suffix}.png"
            image = window.grab()
            if (image.width(), image.height()) != (width, height):
                raise SystemExit(f"{key}: the window is {image.width()}×{image.height()}, not {width}×{height}")
            image.save(str(path))
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

        window.page("shift").open_shift()  # type: ignore[union-attr]
        settle(window)
        waybill = first_code(window, "Накладная")
        if waybill:
            window.show_page("acceptance")
            scan(window, waybill)
            for _ in range(5):  # the three packages, then parcels
                code = first_code(window, "Приёмка")
                if code:
                    scan(window, code)
        shot("acceptance")

        window.show_page("placement")
        placement = window.page("placement")
        for _ in range(3):  # put two away, leave the third waiting for its cell
            received = first_code(window, "Размещение")
            if received:
                scan(window, received)
            if _ < 2 and placement.target_cell:  # type: ignore[union-attr]
                scan(window, placement.target_cell)  # type: ignore[union-attr]
        shot("placement")

        # A customer at the counter: the one with the most to show (18+, cash on delivery).
        pickup = first_code(window, "Коды получения")
        handed = None
        if pickup:
            scan(window, pickup)
            handed = first_code(window, "Посылки покупателя")
            if handed:
                scan(window, handed)
        shot("issuance")
        # Hand over what was confirmed, paid by card: the slip shows in the receipt preview.
        issuance = window.page("issuance")
        issuance.confirm_age()  # type: ignore[union-attr]
        settle(window)
        issuance.card_radio.setChecked(True)  # type: ignore[union-attr]
        issuance.issue()  # type: ignore[union-attr]
        settle(window)

        # Returns: a box open for parcels going back.
        window.show_page("returns")
        settle(window)
        window.page("returns").open_box(None)  # type: ignore[union-attr]
        settle(window)
        box_parcel = first_code(window, "Возвратная тара")
        if box_parcel and not box_parcel.startswith("RB-"):
            scan(window, box_parcel)
        shot("returns")

        ledger = window.page("ledger")
        if pickup and handed:
            ledger.show_history(handed)  # type: ignore[union-attr]
        ledger.status.setCurrentIndex(ledger.status.findData("stored"))  # type: ignore[union-attr]
        ledger.search()  # type: ignore[union-attr]
        shot("ledger")

        # Stocktaking of zone A: two cells counted so far.
        window.show_page("inventory")
        settle(window)
        inventory = window.page("inventory")
        inventory.zones.setText("A")  # type: ignore[union-attr]
        inventory.start()  # type: ignore[union-attr]
        settle(window)
        for cell in ("C-A-01-01", "C-A-01-02"):
            scan(window, cell)
        shot("inventory")

        window.show_page("support")
        settle(window)
        support = window.page("support")
        support.subject.setText("Коробка пришла вскрытой")  # type: ignore[union-attr]
        support.body.setPlainText("Грузоместо со следами вскрытия, фото приложу")  # type: ignore[union-attr]
        shot("support")

        shot("shift")

        # Отправка: a seller's supply being received (one parcel brought that is not in it).
        add_demo_dropoff(ctx)
        window.show_page("dropoff")
        for code in ("SP-0000000101", "OB000000000301", "OB000000000302", "OB000000000399", "OB000000000303"):
            scan(window, code)
        shot("dropoff")

        # A customer in the fitting room: the card with the parcels handed over and the time left.
        pickup = first_code(window, "Коды получения")
        if pickup:
            scan(window, pickup)
            parcel = first_code(window, "Посылки покупателя")
            if parcel:
                scan(window, parcel)
            issuance.confirm_age()  # type: ignore[union-attr]  (an 18+ parcel goes to fitting checked)
            settle(window)
            issuance.to_fitting()  # type: ignore[union-attr]
            settle(window)
        shot("issuance", "fitting")
        devices.stop()
        window.services.runner.shutdown()
        store.close()
    if not args.only or "first-run" in args.only:
        first_run_shot(out / f"first-run{suffix}.png")
    return 0


def first_run_shot(path: Path) -> None:
    """The first start of a fresh install, at its own size: a standalone point being set up, one
    field still missing (the message says which)."""
    from pvz_desktop.gui.first_run import FirstRunDialog

    with tempfile.TemporaryDirectory() as tmp:
        dialog = FirstRunDialog(Settings(data_dir=Path(tmp), scanners="", printer=""), lambda: None)  # type: ignore[arg-type, return-value]
        dialog.show()
        dialog.standalone_choice.setChecked(True)
        dialog.point_name.setText("ПВЗ Лесная 4")
        dialog.point_address.setText("Москва, ул. Лесная, 4")
        dialog.go.click()  # no owner yet: refused with the reason, nothing written
        for _ in range(3):
            QCoreApplication.processEvents()
        dialog.grab().save(str(path))
        dialog.close()
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    sys.exit(main())
