"""Every document, built from random long texts at both paper widths: no line wider than the
paper, and no byte pair the printer would take for a real-time request (DLE EOT/ENQ/DC4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pvz_desktop.devices.printer.config import PageSetup
from pvz_desktop.devices.printer.decoder import Barcode, DecodedPrint, TextLine, decode_escpos
from pvz_desktop.devices.printer.documents import (
    DiscrepancyActData,
    HandoverActData,
    HandoverBox,
    ReturnBoxLabelData,
    ReturnReceiptData,
    ShiftReportData,
    SlipData,
    SlipItem,
    SlipShipment,
)
from pvz_desktop.devices.printer.dropoff_documents import (
    ActLineData,
    BagLabelData,
    CourierActData,
    CourierActItem,
    ParcelLabelData,
    SenderReceiptData,
    SupplyActData,
)
from pvz_desktop.devices.printer.dropoff_layouts import bag_label, courier_act, parcel_label, sender_receipt, supply_act
from pvz_desktop.devices.printer.escpos_builder import EscPosBuilder, realtime_requests
from pvz_desktop.devices.printer.layouts import (
    cell_labels,
    discrepancy_act,
    handover_act,
    issuance_slip,
    return_box_label,
    return_receipt,
    shift_report,
)

WIDTHS = [PageSetup(17, 58), PageSetup(59, 80)]
Document = Callable[[PageSetup], bytes]

# Russian and Latin letters, digits, spaces, the punctuation of real names, characters CP866
# lacks (substituted or replaced), and control characters that must never reach the paper.
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from("АБВЁЖЗЙКЯабвёжзйкя№ ,.-«»—…₽ \u00a0"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=150,
)
long_words = st.text(alphabet="ЩщWwМм0123456789", min_size=40, max_size=150)
fields = st.one_of(texts, long_words)
# Barcodes as the counter makes them, and digit runs that set C would pack into 16 04 / 16 05 / 16 20.
risky_digits = st.lists(st.sampled_from(["16", "04", "05", "20", "00", "10", "1604"]), min_size=2, max_size=12)
codes = st.one_of(
    st.from_regex(r"\ARB-[0-9]{10}\Z"),
    st.from_regex(r"\AC-[A-Z]-[0-9]{2}-[0-9]{2}\Z"),
    st.builds(lambda head, tail: head + "".join(tail), st.sampled_from(["RB-", "C-", "", "GM"]), risky_digits),
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=40),
)
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31))
kopecks = st.integers(min_value=0, max_value=10**12)
counts = st.integers(min_value=0, max_value=10**9)
items = st.builds(SlipItem, fields, st.integers(min_value=1, max_value=10**4), kopecks)
shipments = st.builds(SlipShipment, fields, st.lists(items, max_size=3).map(tuple), kopecks, fields)


def _slip() -> st.SearchStrategy[Document]:
    data = st.builds(
        SlipData, st.uuids().map(str), fields, fields, moments, fields,
        st.lists(shipments, max_size=3).map(tuple), st.lists(shipments, max_size=2).map(tuple),
        kopecks, fields, kopecks, kopecks,
    )  # fmt: skip
    return data.map(lambda d: lambda setup: issuance_slip(d, setup))


def _return_receipt() -> st.SearchStrategy[Document]:
    data = st.builds(
        ReturnReceiptData, st.uuids().map(str), fields, fields, moments, fields, fields, fields,
        st.lists(items, max_size=3).map(tuple), fields, kopecks, fields,
    )  # fmt: skip
    return data.map(lambda d: lambda setup: return_receipt(d, setup))


def _box_label() -> st.SearchStrategy[Document]:
    data = st.builds(ReturnBoxLabelData, codes, counts, fields, st.none() | moments)
    return data.map(lambda d: lambda setup: return_box_label(d, setup))


def _handover_act() -> st.SearchStrategy[Document]:
    boxes = st.lists(st.builds(HandoverBox, codes, counts), min_size=1, max_size=4).map(tuple)
    data = st.builds(HandoverActData, fields, fields, fields, fields, moments, boxes)
    return data.map(lambda d: lambda setup: handover_act(d, setup))


def _cell_labels() -> st.SearchStrategy[Document]:
    return st.lists(codes, min_size=1, max_size=4).map(lambda c: lambda setup: cell_labels(c, setup))


def _shift_report() -> st.SearchStrategy[Document]:
    data = st.builds(
        ShiftReportData, fields, fields, moments, st.none() | moments, counts, counts, counts, counts, counts,
        counts, kopecks, kopecks, st.lists(st.tuples(fields, fields), max_size=4).map(tuple),
    )  # fmt: skip
    return data.map(lambda d: lambda setup: shift_report(d, setup))


def _discrepancy_act() -> st.SearchStrategy[Document]:
    lists = st.lists(st.one_of(codes, fields), max_size=5).map(tuple)
    data = st.builds(
        DiscrepancyActData, fields, fields, fields, moments, counts, counts, counts, counts, lists, lists, lists, lists
    )
    return data.map(lambda d: lambda setup: discrepancy_act(d, setup))


def _dropoff() -> dict[str, st.SearchStrategy[Document]]:
    """The drop-off documents: supply act, parcel label, sender's receipt, courier act, bag label."""
    lines = st.lists(st.builds(ActLineData, fields, fields, fields), max_size=4).map(tuple)
    supply = st.builds(
        SupplyActData, fields, fields, fields, fields, fields, moments, lines,
        st.lists(codes, max_size=3).map(tuple), counts, counts, counts,
    )  # fmt: skip
    label = st.builds(ParcelLabelData, codes, fields, fields, counts, st.booleans(), fields)
    receipt = st.builds(
        SenderReceiptData, st.uuids().map(str), fields, fields, moments, fields, codes, fields, counts,
        st.booleans(), kopecks, kopecks, fields, kopecks, kopecks,
    )  # fmt: skip
    items = st.lists(st.builds(CourierActItem, codes, counts), min_size=1, max_size=4).map(tuple)
    courier = st.builds(CourierActData, fields, fields, fields, fields, fields, fields, moments, items)
    bag = st.builds(BagLabelData, codes, fields, fields)
    return {
        "supply_act": supply.map(lambda d: lambda setup: supply_act(d, setup)),
        "parcel_label": label.map(lambda d: lambda setup: parcel_label(d, setup)),
        "sender_receipt": receipt.map(lambda d: lambda setup: sender_receipt(d, setup)),
        "courier_act": courier.map(lambda d: lambda setup: courier_act(d, setup)),
        "bag_label": bag.map(lambda d: lambda setup: bag_label(d, setup)),
    }


# Every document the counter prints, each drawn on its own so each gets its share of examples.
DOCUMENTS: dict[str, st.SearchStrategy[Document]] = {
    "issuance_slip": _slip(),
    "return_receipt": _return_receipt(),
    "return_box_label": _box_label(),
    "handover_act": _handover_act(),
    "cell_labels": _cell_labels(),
    "shift_report": _shift_report(),
    "discrepancy_act": _discrepancy_act(),
    **_dropoff(),
}


def too_wide(decoded: DecodedPrint, setup: PageSetup) -> list[str]:
    return [
        e.text for e in decoded.elements
        if isinstance(e, TextLine) and sum(len(s.text) * s.width for s in e.spans) > setup.columns
    ]  # fmt: skip


@pytest.mark.parametrize("kind", list(DOCUMENTS))
@pytest.mark.parametrize("setup", WIDTHS, ids=["58mm", "80mm"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_document_fits_the_paper_and_carries_no_realtime_request(
    setup: PageSetup, kind: str, data: st.DataObject
) -> None:
    job = data.draw(DOCUMENTS[kind])(setup)
    assert realtime_requests(job) == []
    assert too_wide(decode_escpos(job), setup) == []


@pytest.mark.parametrize("setup", WIDTHS, ids=["58mm", "80mm"])
def test_long_point_and_carrier_names_wrap_on_the_handover_act(setup: PageSetup) -> None:
    point = "ПВЗ Санкт-Петербург, Большая Сампсониевская улица, дом 61"
    carrier = "ООО «Транспортно-экспедиционная компания Северо-Запад»"
    act = HandoverActData("HA-1", point, "Смирнова О.", carrier, datetime(2026, 12, 3, 12, 0),
                          (HandoverBox("RB-0000000042", 3),))  # fmt: skip
    decoded = decode_escpos(handover_act(act, setup))
    assert too_wide(decoded, setup) == []
    text = " ".join(decoded.text.split())
    assert "Большая Сампсониевская улица, дом 61" in text
    assert 'Северо-Запад"' in text


@pytest.mark.parametrize("code", ["RB-0000160401", "RB-0000160501", "RB-0000162001", "16041604", "C-1604"])
def test_code128_never_packs_a_realtime_request(code: str) -> None:
    job = EscPosBuilder(PageSetup()).barcode128(code).build()
    assert realtime_requests(job) == []
    assert decode_escpos(job).barcodes == (Barcode("CODE128", code),)
    assert b"{C" in job or len(code) < 6  # the digits are still packed where that is safe


@given(code=codes)
@settings(deadline=None)
def test_any_code128_decodes_back(code: str) -> None:
    assert decode_escpos(EscPosBuilder(PageSetup(59, 58)).barcode128(code).build()).barcodes == (
        Barcode("CODE128", code),
    )
