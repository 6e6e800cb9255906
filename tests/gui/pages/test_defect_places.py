"""«Брак (фото)» from every place in the real window: a customer return's check, the refusal at
issuance, Приёмка and Отправка — each by its F-key button, the same dialog, and one record (ledger
event and outbox operation) naming the place and the photo's hash."""

from __future__ import annotations

import json
import sys

import pytest
from PySide6.QtGui import QColor, QImage
from sqlalchemy import select

from pvz_desktop.core.photos import content_hash, image_type
from pvz_desktop.gui.camera import Cameras, cameras, save_still
from pvz_desktop.gui.defect_dialog import DefectDialog, open_defect_dialog
from pvz_desktop.gui.pages.issuance import RefusalDialog
from pvz_desktop.store.models import Event, Outbox
from pvz_desktop.workflows.defects import DefectKind, DefectPlace, photos_dir
from pvz_desktop.workflows.outbox_body import stored_payload
from tests.central.test_defect_photos import png
from tests.gui.pages.test_issuance import make_customer
from tests.gui.pages.test_returns import open_dialog
from tests.workflows.counter_builders import add_return_request
from tests.workflows.dropoff_builders import announce_supply


@pytest.fixture
def shot(tmp_path):
    path = tmp_path / "damage.png"
    path.write_bytes(png(seed=11))
    return path


def record_in(counter, host, posting: str, shot, kind=DefectKind.GOODS, note: str = "") -> tuple[str, str]:
    """The dialog opened from ``host``: it names ``posting``; a photo and what is wrong, then OK."""
    dialog = host.findChild(DefectDialog, "defect_dialog")
    assert dialog is not None and dialog.isVisible() and posting in dialog.windowTitle()
    dialog.add_photos([shot])
    dialog.set_kind(kind, note)
    return counter.act(dialog.accept)


def recorded(store, posting: str) -> tuple[str, list[str]]:
    with store.read() as s:
        rows = s.execute(select(Outbox.payload).where(Outbox.kind == "defect_record"))
        [payload] = [stored_payload(p) for (p,) in rows]
        [details] = [
            json.loads(d)
            for (d,) in s.execute(
                select(Event.details).where(Event.kind == "defect_recorded", Event.posting_number == posting)
            )
        ]
    assert payload["posting"] == posting and details["place"] == payload["place"]
    return payload["place"], [p["sha256"] for p in payload["photos"]]


def test_a_customer_returns_defect_from_the_return_check(counter, point, shot):
    point.add_customer("48213377")
    posting = point.add_shipment(customer="48213377", status="issued", items=[("Куртка", 1, 300000)])
    request = add_return_request(point.store, "RT-0000007781", posting, ["Куртка"], "Брак")
    dialog = open_dialog(counter, request)
    assert dialog.defect_button.shortcut().toString() == "F6"
    dialog.defect_button.click()
    tone, text = record_in(counter, dialog, posting, shot, note="порван рукав")
    assert tone == "ok" and posting in text and "фото: 1" in text
    assert dialog.isVisible()  # the return's check goes on after the record
    assert recorded(point.store, posting) == ("return", [content_hash(shot.read_bytes())])


def test_a_refusal_at_issuance_records_the_chosen_parcels_defect(counter, point, shot):
    code, cash, *_ = make_customer(point)
    counter.scan(code)
    counter.scan(cash)
    page = counter.page("issuance")
    page.open_refusal()
    refusal = page.findChild(RefusalDialog, "refusal_dialog")
    assert refusal.defect_button.shortcut().toString() == "F8"
    refusal.tree.setCurrentItem(refusal.tree.topLevelItem(0).child(0))
    refusal.defect_button.click()
    tone, _ = record_in(counter, refusal, cash, shot, DefectKind.GOODS)
    assert tone == "ok" and refusal.isVisible()
    assert recorded(point.store, cash)[0] == "refusal"


def test_a_parcel_damaged_in_a_delivery_is_recorded_at_acceptance(counter, point, shot):
    number = point.add_waybill("TN-0000031337", packages={"GM0000412345": 1})
    posting = point.add_shipment(customer=None, waybill=number)
    page = counter.page("acceptance")
    assert page.defect_button.shortcut().toString() == "F6"
    counter.window.show_page("acceptance")
    assert counter.act(page.defect_button.click)[0] == "warn"  # nothing scanned yet: nothing to record
    counter.scan(number)
    counter.scan(posting)
    page.defect_button.click()  # the last scan is the parcel in question
    assert record_in(counter, page, posting, shot, DefectKind.PACKAGING, "коробка вскрыта")[0] == "ok"
    assert recorded(point.store, posting)[0] == "acceptance"


def test_a_parcel_handed_in_damaged_is_recorded_at_drop_off(counter, ctx, point, shot):
    parcels = ["OB000000000301", "OB000000000302"]
    announce_supply(ctx, "SP-0000000101", parcels)
    page = counter.page("dropoff")
    counter.scan("SP-0000000101")
    for parcel in parcels:
        counter.scan(parcel)
    page.log.selectRow(1)  # the earlier scan, chosen in the log
    assert page.defect_button.shortcut().toString() == "F6"
    page.defect_button.click()
    assert record_in(counter, page, parcels[0], shot, DefectKind.WET)[0] == "ok"
    assert recorded(point.store, parcels[0])[0] == "dropoff"


def test_without_a_camera_the_dialog_says_so_and_takes_files(counter, point, shot):
    """Qt Multimedia is installed here and sees no camera (none is attached to this machine)."""
    assert cameras().module and cameras().devices == ()
    posting = point.add_shipment(customer=None, status="received")
    counter.window.show_page("acceptance")
    dialog = open_defect_dialog(counter.page("acceptance"), posting, DefectPlace.ACCEPTANCE)
    assert "Камера не найдена" in dialog.camera_note.text()
    assert dialog.camera is None and not dialog.shoot_button.isVisible() and dialog.add_button.isVisible()
    dialog.add_photos([shot])
    dialog.set_kind(DefectKind.GOODS)
    assert counter.act(dialog.accept)[0] == "ok"


def test_without_qt_multimedia_the_dialog_names_what_is_missing(counter, point, monkeypatch):
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # the add-ons are not installed
    assert cameras() == Cameras(False, ())
    dialog = DefectDialog(point.add_shipment(customer=None, status="received"), counter.window)
    assert "не установлен Qt Multimedia" in dialog.camera_note.text() and dialog.camera is None
    dialog.reject()


def test_a_cameras_still_is_written_as_jpeg_kept_by_hash_and_its_file_removed(counter, point, ctx):
    """What follows a capture: the frame Qt Multimedia hands over becomes a JPEG file, the record
    keeps it under its hash and the camera's file goes."""
    posting = point.add_shipment(customer=None, status="received")
    counter.window.show_page("acceptance")
    dialog = open_defect_dialog(counter.page("acceptance"), posting, DefectPlace.ACCEPTANCE)
    frame = QImage(64, 48, QImage.Format.Format_RGB32)
    frame.fill(QColor("#a05020"))
    still = save_still(frame, photos_dir(ctx) / "stills")
    assert image_type(still.read_bytes()) == "image/jpeg"
    dialog._still(still)  # the camera's «captured» signal
    dialog.set_kind(DefectKind.PACKAGING)
    tone, text = counter.act(dialog.accept)
    assert tone == "ok" and "фото: 1" in text
    assert not still.exists()
    [kept] = photos_dir(ctx).glob("*.jpg")
    assert kept.stem == content_hash(kept.read_bytes())
    with pytest.raises(OSError):
        save_still(QImage(), photos_dir(ctx) / "stills")  # an empty frame is not a photo
