"""A defect record (акт о браке): what is wrong with a parcel, in words and photos.

Recorded on a customer's return, a refusal at issuance, or a damaged parcel at acceptance or
drop-off. Each photo is checked (JPEG or PNG by its first bytes, at most ``MAX_PHOTO_BYTES``),
kept in the data directory under its SHA-256 (``photos/<sha256>.<ext>``, written before the
transaction: a photo without a record is harmless, a record without its photo is not), and named
by that hash in the ledger event and the outbox operation; the sync uploads the photos before the
operation and the server refuses a record whose photo it has not received.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pvz_desktop.core.defect_places import PLACE_STATUSES, DefectPlace
from pvz_desktop.core.errors import BadInput, StateConflict
from pvz_desktop.core.photos import EXTENSIONS, MAX_PHOTO_BYTES, content_hash, image_type
from pvz_desktop.core.statuses import ShipmentStatus
from pvz_desktop.core.text import Text, listing, msg, word
from pvz_desktop.store.models import Shipment
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.find import shipment_by_posting
from pvz_desktop.workflows.operation import operation
from pvz_desktop.workflows.views import shipment_view

WORKFLOW = "defects"
MAX_NOTE = 500
MAX_PHOTOS = 10


class DefectKind(StrEnum):
    PACKAGING = "packaging"
    GOODS = "goods"
    INCOMPLETE = "incomplete"
    WET = "wet"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "packaging": word("повреждена упаковка"),
            "goods": word("повреждён товар"),
            "incomplete": word("некомплект"),
            "wet": word("намокло"),
            "other": word("другое"),
        }[self.value]


@dataclass(frozen=True)
class Photo:
    sha256: str
    content_type: str
    size: int

    def as_details(self) -> dict[str, object]:
        return {"sha256": self.sha256, "type": self.content_type, "size": self.size}


@dataclass(frozen=True)
class DefectRecord:
    op_id: str
    posting: str
    kind: DefectKind
    note: str
    photos: tuple[Photo, ...]
    place: DefectPlace = DefectPlace.CARD


def photos_dir(ctx: WorkflowContext) -> Path:
    return ctx.store.path.parent / "photos"


def photo_path(ctx: WorkflowContext, photo: Photo | dict) -> Path:
    sha, kind = (photo.sha256, photo.content_type) if isinstance(photo, Photo) else (photo["sha256"], photo["type"])
    return photos_dir(ctx) / f"{sha}.{EXTENSIONS[kind]}"


def _checked_photo(path: Path) -> tuple[Photo, bytes]:
    try:
        size = path.stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise BadInput(
                msg("Фото {name} больше {mb} МБ: уменьшите его.", name=path.name, mb=MAX_PHOTO_BYTES // 2**20)
            )
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(msg("Фото {name} не прочитано: {error}", name=path.name, error=exc.strerror or "")) from exc
    kind = image_type(data)
    if kind is None:
        raise BadInput(msg("{name} — не изображение: нужен снимок JPEG или PNG.", name=path.name))
    return Photo(content_hash(data), kind, len(data)), data


def keep_photo(ctx: WorkflowContext, sha256: str, content_type: str, data: bytes) -> None:
    """Write the photo under its hash (atomically: a half-written file never has the name)."""
    target = photos_dir(ctx) / f"{sha256}.{EXTENSIONS[content_type]}"
    if target.exists():
        return  # the same content is already kept (the name is its hash)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def record_defect(
    ctx: WorkflowContext,
    posting: str,
    kind: DefectKind | str | None,
    note: str = "",
    photos: Sequence[Path] = (),
    place: DefectPlace | str = DefectPlace.CARD,
) -> DefectRecord:
    """Record what is wrong with ``posting``; ``photos`` are image files (a camera's stills or picked
    files); ``place`` is where it was found (the parcel must be in a state that fits it)."""
    place = DefectPlace(place)
    note = " ".join(note.split())[:MAX_NOTE]
    try:
        why = DefectKind(kind) if kind is not None else None
    except ValueError:
        why = None
    if why is None:
        raise BadInput(msg("Укажите, что не так: {labels}.", labels=listing([k.label for k in DefectKind])))
    if why is DefectKind.OTHER and not note:
        raise BadInput(msg("Брак «другое»: опишите его словами."))
    if len(photos) > MAX_PHOTOS:
        raise BadInput(msg("Не больше {n} фото в одной записи о браке.", n=MAX_PHOTOS))
    checked = [_checked_photo(Path(p)) for p in photos]  # every photo checked before any is kept
    for photo, data in checked:
        keep_photo(ctx, photo.sha256, photo.content_type, data)
    kept = tuple(dict.fromkeys(photo for photo, _ in checked))  # the same photo twice counts once
    with operation(ctx, WORKFLOW, "defect_record") as op:
        shipment = shipment_by_posting(op.session, posting)
        _check_place(shipment, place)
        details = [p.as_details() for p in kept]
        op.record("defect_recorded", shipment=shipment, defect=why.value, note=note, photos=details, place=place.value)
        op.payload.update(posting=posting, defect=why.value, note=note, photos=details, place=place.value)
        return DefectRecord(op.op_id, posting, why, note, kept, place)


def _check_place(shipment: Shipment, place: DefectPlace) -> None:
    """A return's defect is of an issued parcel, a drop-off's of a parcel handed in to be sent,
    and so on: a record made elsewhere names the wrong moment and is refused."""
    status = ShipmentStatus(shipment.status)
    if status in PLACE_STATUSES[place]:
        return
    raise StateConflict(
        msg(
            "{shipment}: брак «{place}» так не записать.",
            shipment=shipment_view(shipment).describe(),
            place=Text.of(place.label),
        )
    )
