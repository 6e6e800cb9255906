"""Find an entity by the code on its label, or raise a message the cashier understands."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from pvz_desktop.core.barcodes import KIND_LABELS, Barcode, BarcodeKind, BarcodeProfile
from pvz_desktop.core.errors import BadInput, NotFound
from pvz_desktop.core.text import Text, msg
from pvz_desktop.store.models import Cell, Shipment, Waybill


def expect_kind(profile: BarcodeProfile, raw: str, *kinds: BarcodeKind) -> Barcode:
    code = profile.classify(raw)
    if code.kind not in kinds:
        wanted = Text.of(KIND_LABELS[kinds[0]])
        for kind in kinds[1:]:
            wanted = msg("{one} или {other}", one=wanted, other=Text.of(KIND_LABELS[kind]))
        got = Text.of(code.label) if code.kind is not BarcodeKind.UNKNOWN else msg("не распознан")
        raise BadInput(
            msg("Ожидался штрихкод: {wanted}. Отсканировано «{code}» ({got}).", wanted=wanted, code=code.code, got=got)
        )
    return code


def one_by(column: InstrumentedAttribute[str], session: Session, value: str, missing: Text) -> Any:
    """The row whose unique ``column`` is ``value``, or NotFound with the ``missing`` message."""
    row = session.scalar(select(column.class_).where(column == value))
    if row is None:
        raise NotFound(missing)
    return row


def shipment_by_posting(session: Session, posting: str) -> Shipment:
    return one_by(
        Shipment.posting_number,
        session,
        posting,
        msg("Отправление {posting} не найдено в базе пункта.", posting=posting),
    )


def cell_by_code(session: Session, code: str) -> Cell:
    return one_by(Cell.code, session, code, msg("Ячейка {code} не заведена на этом пункте.", code=code))


def waybill_by_number(session: Session, number: str) -> Waybill:
    missing = msg("Накладная {number} не найдена. Проверьте номер или дождитесь синхронизации.", number=number)
    return one_by(Waybill.number, session, number, missing)
