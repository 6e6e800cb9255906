"""Words for ledger event kinds and statuses, in the window's language (status actions come from
core; the rest are here). A kind this table does not know is never shown as its raw identifier."""

from __future__ import annotations

from pvz_desktop.core.statuses import ACTION_LABELS, STATUS_LABELS, Action, ShipmentStatus
from pvz_desktop.core.text import word
from pvz_desktop.gui.texts import render

EVENT_LABELS: dict[str, str] = {
    **{a.value: label for a, label in ACTION_LABELS.items()},
    Action.ACCEPT.value: word("принято"),
    Action.PLACE.value: word("размещено"),
    Action.MOVE.value: word("перемещено"),
    Action.ISSUE.value: word("выдано"),
    Action.REFUSE.value: word("отказ"),
    Action.EXPIRE.value: word("срок хранения истёк"),
    Action.EXTEND.value: word("хранение продлено"),
    Action.SEND_TO_RETURN.value: word("отправлено в возврат"),
    Action.CUSTOMER_RETURN.value: word("возврат от покупателя"),
    Action.PACK.value: word("упаковано в возвратную тару"),
    Action.HANDOVER.value: word("передано перевозчику"),
    Action.ANNUL.value: word("аннулировано"),
    Action.FIT.value: word("отдано на примерку"),
    Action.FITTING_BACK.value: word("принято с примерки"),
    "imported": word("загружено с сервера"),
    "synced": word("обновлено с сервера"),
    "arrived_unexpected": word("пришло без накладной"),
    "split_refusal": word("отказ выделен в отдельное отправление"),
    "duplicate_scan": word("повторный скан"),
    "payment": word("оплата"),
    "return_rejected": word("в возврате отказано"),
    "unknown_scan": word("неизвестный штрихкод"),
    "storage_extended": word("хранение продлено"),
    "defect_recorded": word("записан брак"),
    "supply_duplicate_scan": word("повторный скан в поставке"),
    "supply_unexpected": word("нет в поставке"),
    "dropoff_refused_again": word("снова не принято к отправке"),
    "courier_handover_scan": word("отсканировано для курьера"),
    "courier_handover_unscan": word("убрано из передачи курьеру"),
}
OTHER_EVENT = word("другое событие")


def event_label(kind: str) -> str:
    return render(EVENT_LABELS.get(kind, OTHER_EVENT))


def status_label(status: str | None) -> str:
    if not status:
        return ""
    try:
        return render(STATUS_LABELS[ShipmentStatus(status)])
    except ValueError:
        return render(OTHER_EVENT)
