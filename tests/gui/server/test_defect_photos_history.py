"""Defect photos in the parcel's history at the point's second counter, with the real server on
127.0.0.1: downloaded, checked against their SHA-256, kept in the counter's data directory and
shown as thumbnails that open the full image; offline the history says the photo will show when
the network is back; a photo the server sends wrong is not shown and not kept. The window is the
real one at 1366×768 and nothing in it is cut off."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QRect

from pvz_central.models import Photo as CentralPhoto
from pvz_desktop.core.photos import content_hash
from pvz_desktop.gui.defect_photos import PhotoViewer
from pvz_desktop.store.migrate import open_store
from pvz_desktop.sync.client import CentralClient, MalformedAnswer
from pvz_desktop.sync.photos import fetch_photo
from pvz_desktop.sync.puller import pull_all
from pvz_desktop.sync.pusher import push_pending
from pvz_desktop.workflows.context import Actor, WorkflowContext
from pvz_desktop.workflows.defects import DefectKind, DefectPlace, photo_path, record_defect
from tests.builders import PointBuilder
from tests.central.harness import POINT, delivery, login, make_counter
from tests.central.test_defect_photos import png
from tests.central.test_two_counters import _receive_and_place
from tests.gui.conftest import make_counter as make_window
from tests.gui.test_fits_screen import overflowing

SCREEN = QRect(0, 0, 1366, 768)


def _shot(tmp_path: Path, name: str, width: int, height: int, seed: int) -> Path:
    path = tmp_path / name
    path.write_bytes(png(width, height, seed))
    return path


def test_the_second_counter_downloads_checks_and_shows_the_photos(qtbot, tmp_path, settings, central, owner):
    first = make_counter(tmp_path, "counter-1", central.url, "emp1")
    PointBuilder(first.store).add_cells()
    waybill = delivery(owner, 2)
    first.pull()
    posting, other = _receive_and_place(first, waybill, "C-A-01-01")
    shots = [_shot(tmp_path, "a.png", 40, 30, 1), _shot(tmp_path, "b.png", 20, 50, 2)]
    record = record_defect(first.ctx, posting, DefectKind.GOODS, "трещина", shots, DefectPlace.ACCEPTANCE)
    late = record_defect(first.ctx, other, DefectKind.WET, "", [_shot(tmp_path, "c.png", 8, 8, 3)], "acceptance")
    assert push_pending(first.ctx, first.client).refused == ()

    (tmp_path / "second").mkdir()  # its own data directory: the photos are not the first counter's files
    store = open_store(tmp_path / "second" / "counter-2.db")
    auth = login(central.url, "emp1b")
    actor = Actor(auth.user.user_id, "counter-2", auth.user.name, POINT, auth.user.point_name)
    ctx = WorkflowContext(store=store, actor=actor, pickup_key=auth.pickup_key)
    client = CentralClient(auth)
    pull_all(ctx, client)
    windows = make_window(qtbot, ctx, settings)
    counter = next(windows)
    try:
        window = counter.window
        window.services.central = client
        window.move(0, 0)
        window.resize(SCREEN.size() - (window.frameGeometry().size() - window.geometry().size()))
        window.show_page("ledger")
        page = counter.page("ledger")

        with qtbot.waitSignal(page.photos.shown, timeout=10_000):
            counter.scan(posting)
        buttons = page.photos.buttons
        assert set(buttons) == {p.sha256 for p in record.photos}
        for photo in record.photos:
            kept = photo_path(ctx, photo)
            assert kept.parent == tmp_path / "second" / "photos"
            assert content_hash(kept.read_bytes()) == photo.sha256  # downloaded, checked, kept here
            assert buttons[photo.sha256].isEnabled() and not buttons[photo.sha256].icon().isNull()
        assert page.photos.note.text() == ""
        assert overflowing(window) == []

        buttons[record.photos[0].sha256].click()
        viewer = page.photos.findChild(PhotoViewer, "photo_viewer")
        assert viewer is not None and viewer.isVisible()
        assert viewer.image.pixmap().size().toTuple() == (40, 30)  # the full image, not the thumbnail
        viewer.close()

        # Offline: what is kept shows; what is not says it will show when the network is back.
        central.stop()
        with qtbot.waitSignal(page.photos.shown, timeout=10_000):
            page.show_history(posting)
        assert all(b.isEnabled() for b in page.photos.buttons.values()) and page.photos.note.text() == ""
        with qtbot.waitSignal(page.photos.shown, timeout=15_000):
            page.show_history(other)
        assert "когда будет связь" in page.photos.note.text()
        assert not photo_path(ctx, late.photos[0]).exists()

        # Back online, but the server sends other bytes under the hash: not shown, not kept.
        central.start()
        with central.db.write() as s:
            s.get(CentralPhoto, late.photos[0].sha256).data = png(8, 8, seed=99)
        with qtbot.waitSignal(page.photos.shown, timeout=15_000):
            page.show_history(other)
        assert "не то фото" in page.photos.note.text()
        assert not photo_path(ctx, late.photos[0]).exists()
        assert not page.photos.buttons[late.photos[0].sha256].isEnabled()
    finally:
        next(windows, None)
        store.close()
        first.store.close()


def test_the_recording_counter_shows_its_own_photos_without_the_network(counter, point, ctx, tmp_path, qtbot):
    posting = point.add_shipment(customer=None, status="received")
    record = record_defect(
        ctx, posting, DefectKind.PACKAGING, "", [_shot(tmp_path, "own.png", 30, 30, 4)], "acceptance"
    )
    assert counter.window.services.central is None  # a standalone counter: no server at all
    page = counter.page("ledger")
    counter.window.show_page("ledger")
    with qtbot.waitSignal(page.photos.shown, timeout=10_000):
        counter.scan(posting)
    [button] = page.photos.buttons.values()
    assert button.isEnabled() and button.toolTip() == record.photos[0].sha256
    assert dataclasses.asdict(record.photos[0])["size"] == (tmp_path / "own.png").stat().st_size


def test_a_photo_name_that_is_not_a_hash_is_never_read_as_a_path(ctx, tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(png(seed=8))  # a file that exists beside the data directory
    for bad in ({"sha256": "../secret", "type": "image/png"}, {"sha256": "a" * 64, "type": "image/gif"}):
        with pytest.raises(MalformedAnswer):
            fetch_photo(ctx, None, bad)
