"""Russian words for ledger event kinds (status actions come from core, the rest are here)."""

from __future__ import annotations

from pvz_desktop.core.statuses import ACTION_LABELS, STATUS_LABELS, Action, ShipmentStatus

EVENT_LABELS: dict[str, str] = {
    **{a.value: label for a, label in ACTION_LABELS.items()},
    Action.ACCEPT.value: "принято",
    Action.PLACE.value: "размещено",
    Action.MOVE.value: "перемещено",
    Action.ISSUE.value: "выдано",
    Action.REFUSE.value: "отказ",
    Action.EXPIRE.value: "срок хранения истёк",
    Action.EXTEND.value: "хранение продлено",
    Action.SEND_TO_RETURN.value: "отправлено в возврат",
    Action.CUSTOMER_RETURN.value: "возврат от покупателя",
    Action.PACK.value: "упаковано в возвратную тару",
    Action.HANDOVER.value: "передано перевозчику",
    "imported": "загружено с сервера",
    "arrived_unexpected": "пришло без накладной",
    "split_refusal": "отказ выделен в отдельное отправление",
    "duplicate_scan": "повторный скан",
    "payment": "оплата",
    "return_rejected": "в возврате отказано",
    "unknown_scan": "неизвестный штрихкод",
}


def event_label(kind: str) -> str:
    return EVENT_LABELS.get(kind, kind)


def status_label(status: str | None) -> str:
    if not status:
        return ""
    try:
        return STATUS_LABELS[ShipmentStatus(status)]
    except ValueError:
        return status
