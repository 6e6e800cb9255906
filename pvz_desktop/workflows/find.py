"""Find an entity by the code on its label, or raise a message the cashier understands."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pvz_desktop.core.barcodes import KIND_LABELS, Barcode, BarcodeKind, BarcodeProfile
from pvz_desktop.core.errors import BadInput, NotFound
from pvz_desktop.store.models import Cell, Shipment, Waybill


def expect_kind(profile: BarcodeProfile, raw: str, *kinds: BarcodeKind) -> Barcode:
    code = profile.classify(raw)
    if code.kind not in kinds:
        wanted = " или ".join(KIND_LABELS[k] for k in kinds)
        got = code.label if code.kind is not BarcodeKind.UNKNOWN else "не распознан"
        raise BadInput(f"Ожидался штрихкод: {wanted}. Отсканировано «{code.code}» ({got}).")
    return code


def shipment_by_posting(session: Session, posting: str) -> Shipment:
    shipment = session.scalar(select(Shipment).where(Shipment.posting_number == posting))
    if shipment is None:
        raise NotFound(f"Отправление {posting} не найдено в базе пункта.")
    return shipment


def cell_by_code(session: Session, code: str) -> Cell:
    cell = session.scalar(select(Cell).where(Cell.code == code))
    if cell is None:
        raise NotFound(f"Ячейка {code} не заведена на этом пункте.")
    return cell


def waybill_by_number(session: Session, number: str) -> Waybill:
    waybill = session.scalar(select(Waybill).where(Waybill.number == number))
    if waybill is None:
        raise NotFound(f"Накладная {number} не найдена. Проверьте номер или дождитесь синхронизации.")
    return waybill
