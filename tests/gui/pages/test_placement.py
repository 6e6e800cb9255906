"""Размещение: suggestion shown huge, shipment→cell and cell→many, a full cell refused, the map."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from sqlalchemy import select

from pvz_desktop.devices.printer.decoder import decode_escpos
from pvz_desktop.gui import style
from pvz_desktop.gui.occupancy_map import LABEL_POINTS, LabelScope, layout_cells, square_text
from pvz_desktop.store.models import Cell, Shipment
from pvz_desktop.workflows.placement import CellLoad


def cell_of(store, posting: str) -> str | None:
    with store.read() as s:
        return s.scalar(
            select(Cell.code).join(Shipment, Shipment.cell_id == Cell.id).where(Shipment.posting_number == posting)
        )


def test_shipment_then_cell_places_it_and_the_map_follows(counter, point):
    point.add_cells(shelves=3, capacity=2)
    point.add_customer("48213377")
    p1 = point.add_shipment(customer="48213377", status="received")
    page = counter.page("placement")
    counter.window.show_page("placement")
    counter.idle()
    assert len(page.map.loads()) == 3
    tone, text = counter.scan(p1)
    assert tone == "info" and "C-A-01-01" in text
    assert page.target.text() == "→ C-A-01-01"
    tone, text = counter.scan("C-A-01-01")
    assert tone == "ok" and p1 in text
    counter.idle()
    assert cell_of(point.store, p1) == "C-A-01-01"
    assert {c.code: c.used for c in page.map.loads()}["C-A-01-01"] == 1
    assert page.log_model.rowCount() == 1


def test_cell_first_then_many_shipments_and_full_cell(counter, point, unchanged):
    point.add_cells(shelves=2, capacity=2)
    postings = [point.add_shipment(customer=None, status="received") for _ in range(3)]
    page = counter.page("placement")
    counter.window.show_page("placement")
    tone, _ = counter.scan("C-A-01-02")
    assert tone == "info" and page.target.text() == "C-A-01-02"
    counter.scan(postings[0])
    counter.scan(postings[1])
    with unchanged():
        tone, text = counter.scan(postings[2])
    assert tone == "error" and "заполнена" in text and "C-A-01-01" in text
    assert cell_of(point.store, postings[1]) == "C-A-01-02"
    assert cell_of(point.store, postings[2]) is None


def test_scan_of_an_issued_parcel_says_where_it_is(counter, point, unchanged):
    point.add_cells()
    issued = point.add_shipment(customer=None, status="issued")
    counter.window.show_page("placement")
    with unchanged():
        tone, text = counter.scan(issued)
    assert tone == "error" and "выдано" in text


def test_map_layout_puts_racks_in_columns_and_shelves_in_rows():
    loads = [CellLoad(f"C-B-0{r}-0{s}", 0, 10) for r in (1, 2) for s in (1, 2, 3)] + [CellLoad("X-1", 1, 1)]
    layout = layout_cells(loads)
    labels, size = layout.labels, layout.size
    rect = {s.load.code: s.rect for s in layout.spots}
    assert rect["C-B-01-01"].x() == rect["C-B-01-03"].x() < rect["C-B-02-01"].x()
    assert rect["C-B-01-01"].y() < rect["C-B-01-02"].y() < rect["C-B-01-03"].y()
    assert [z for z, _ in labels] == ["?", "B"]
    assert size.width() > rect["C-B-02-01"].right()


def test_every_square_on_the_map_says_its_cell_and_count(counter, point, qtbot):
    """Each square carries its rack-shelf and count in legible type, not in a tooltip only."""
    point.add_cells(shelves=2, capacity=5)
    posting = point.add_shipment(customer=None, status="received")
    counter.place(posting, "C-A-01-02")
    page = counter.page("placement")
    qtbot.waitUntil(lambda: {c.code: c.used for c in page.map.loads()}.get("C-A-01-02") == 1)
    image = page.map.grab().toImage()
    for spot in page.map._spots:
        rect = spot.rect
        fill = image.pixelColor(rect.left() + 1, rect.top() + 1)
        ink = sum(
            image.pixelColor(x, y) != fill
            for x in range(rect.left(), rect.right())
            for y in range(rect.top(), rect.bottom())
        )
        assert ink > 40, f"{spot.load.code}: nothing written on its square"
        assert rect.height() >= QFontMetrics(style.font(LABEL_POINTS)).height() * 2  # two lines fit
        assert QFontMetrics(style.font(LABEL_POINTS)).horizontalAdvance("01-02") < rect.width()
    assert [square_text(s.load) for s in page.map._spots] == ["01-01\n0/5", "01-02\n1/5"]
    assert style.font(LABEL_POINTS).pointSize() >= 9


def test_cell_labels_print_from_the_map_for_a_cell_its_rack_or_its_zone(counter, point, qtbot):
    point.add_cells(racks=2, shelves=2)
    point.add_cells(zone="B", racks=1, shelves=1)
    page = counter.page("placement")
    counter.window.show_page("placement")
    counter.idle()
    tone, _ = counter.act(page.label_buttons[LabelScope.RACK].click)
    assert tone == "info"  # no cell chosen yet
    counter.act(lambda: page.map.cell_clicked.emit("C-A-02-01"))  # a click on the map picks the cell
    printer = counter.window.status.services.printer
    expected = {
        LabelScope.CELL: ["C-A-02-01"],
        LabelScope.RACK: ["C-A-02-01", "C-A-02-02"],
        LabelScope.ZONE: ["C-A-01-01", "C-A-01-02", "C-A-02-01", "C-A-02-02"],
    }
    for scope, codes in expected.items():
        tone, _ = counter.act(page.label_buttons[scope].click)
        assert tone == "ok" and printer.last.kind == "cell_labels"
        decoded = decode_escpos(printer.last.data)
        assert [b.data for b in decoded.barcodes] == codes and decoded.cuts == len(codes)
