"""The deductions register: fines the marketplace charged, their dispute status, monthly and
per-employee totals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from pvz_central.db import CentralDB
from pvz_central.models import Deduction, User
from pvz_desktop.core.errors import BadInput

STATUSES = ("recorded", "disputed", "won", "lost")
MAX_AMOUNT = 10_000_000_00  # kopecks: ten million roubles is not a fine anyone types


@dataclass(frozen=True)
class Row:
    id: int
    point_id: str
    day: date
    amount: int  # kopecks
    reason: str
    posting: str
    shift: str
    employee: str  # display name or ""
    status: str


@dataclass(frozen=True)
class Totals:
    per_month: list[tuple[str, int, int]]  # "YYYY-MM", charged (not won), won back
    per_employee: list[tuple[str, int]]  # name, charged (not won)


def parse_amount(text: str) -> int:
    """Roubles as typed («1 500», «1500,50») → kopecks; a clear refusal otherwise."""
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        roubles, _, kop = cleaned.partition(".")
        if not roubles.isdigit() or (kop and (not kop.isdigit() or len(kop) > 2)):
            raise ValueError
        amount = int(roubles) * 100 + int((kop + "00")[:2] if kop else 0)
    except ValueError:
        raise BadInput(f"Сумма «{text}» — не число рублей (например 1500 или 1500,50).") from None
    if not 0 < amount <= MAX_AMOUNT:
        raise BadInput("Сумма должна быть больше нуля.")
    return amount


def record(
    db: CentralDB,
    owned: dict[str, str],
    *,
    point_id: str,
    by: str,
    day: date,
    amount: int,
    reason: str,
    posting: str,
    shift: str,
    employee: str,
) -> int:
    if point_id not in owned:
        raise BadInput("Нет доступа к этому пункту.")
    reason = reason.strip()
    if not reason or len(reason) > 256:
        raise BadInput("Укажите причину удержания (до 256 знаков).")
    with db.write() as session:
        if employee:
            user = session.get(User, employee)
            if user is None or user.point_id not in owned:
                raise BadInput(f"Сотрудник {employee} не найден в ваших пунктах.")
        row = Deduction(
            point_id=point_id,
            day=day,
            amount=amount,
            reason=reason,
            posting_number=posting.strip()[:32],
            shift=shift.strip()[:64],
            employee_id=employee or None,
            status="recorded",
            created_by=by,
        )
        session.add(row)
        session.flush()
        return row.id


def set_status(db: CentralDB, owned: dict[str, str], deduction_id: int, status: str) -> None:
    if status not in STATUSES:
        raise BadInput(f"Статус «{status}» неизвестен.")
    with db.write() as session:
        row = session.get(Deduction, deduction_id)
        if row is None or row.point_id not in owned:
            raise BadInput("Удержание не найдено в ваших пунктах.")
        row.status = status


def rows(session: Session, point_ids: list[str]) -> list[Row]:
    names = dict(session.execute(select(User.id, User.display_name)).all())
    query = select(Deduction).where(Deduction.point_id.in_(point_ids)).order_by(Deduction.day.desc(), Deduction.id)
    return [
        Row(
            d.id,
            d.point_id,
            d.day,
            d.amount,
            d.reason,
            d.posting_number,
            d.shift,
            names.get(d.employee_id or "", ""),
            d.status,
        )
        for d in session.scalars(query)
    ]


def totals(items: list[Row]) -> Totals:
    """A won dispute gives the money back: it counts as won, not as charged."""
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    people: dict[str, int] = defaultdict(int)
    for r in items:
        month = f"{r.day:%Y-%m}"
        if r.status == "won":
            months[month][1] += r.amount
            continue
        months[month][0] += r.amount
        people[r.employee] += r.amount
    return Totals(
        sorted(((m, c, w) for m, (c, w) in months.items()), reverse=True),
        sorted(people.items(), key=lambda kv: -kv[1]),
    )
