"""A point's CCTV cameras as the owner set them: name, the counter filmed, the clock offset."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pvz_central.db import CentralDB
from pvz_central.models import Camera
from pvz_desktop.core.errors import BadInput

MAX_OFFSET = 24 * 3600  # seconds: a camera a day off is a wrong entry, not a clock


@dataclass(frozen=True)
class CameraRow:
    id: int
    point_id: str
    name: str
    workstation: str  # "" = the whole point
    clock_offset_s: int


def cameras(session: Session, point_ids: list[str]) -> list[CameraRow]:
    query = select(Camera).where(Camera.point_id.in_(point_ids)).order_by(Camera.point_id, Camera.name)
    return [CameraRow(c.id, c.point_id, c.name, c.workstation, c.clock_offset_s) for c in session.scalars(query)]


def add(db: CentralDB, owned: dict[str, str], point_id: str, name: str, workstation: str, offset: str) -> None:
    if point_id not in owned:
        raise BadInput("Нет доступа к этому пункту.")
    name, workstation = name.strip(), workstation.strip()
    if not name or len(name) > 64:
        raise BadInput("Укажите название камеры (до 64 знаков).")
    if len(workstation) > 64:
        raise BadInput("Название стойки — до 64 знаков.")
    try:
        seconds = int(offset.strip() or "0")
    except ValueError:
        raise BadInput(f"Поправка часов «{offset}» — не целое число секунд.") from None
    if abs(seconds) > MAX_OFFSET:
        raise BadInput("Поправка часов — не больше суток.")
    with db.write() as session:
        session.add(Camera(point_id=point_id, name=name, workstation=workstation, clock_offset_s=seconds))


def remove(db: CentralDB, owned: dict[str, str], camera_id: int) -> None:
    with db.write() as session:
        camera = session.get(Camera, camera_id)
        if camera is None or camera.point_id not in owned:
            raise BadInput("Камера не найдена в ваших пунктах.")
        session.execute(delete(Camera).where(Camera.id == camera_id))
