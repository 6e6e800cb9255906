"""Documents with the Russian text a real counter prints (Ё, №, quotes, long names)."""

from __future__ import annotations

from datetime import datetime

from pvz_desktop.devices.printer.documents import SlipData, SlipItem, SlipShipment

OP_ID = "6f1c2a8e-1b2c-4d5e-8f90-123456789abc"


def slip(**changes: object) -> SlipData:
    data = {
        "op_id": OP_ID,
        "point_name": "ПВЗ Тверская 1",
        "employee_name": "Смирнова О.",
        "issued_at": datetime(2026, 11, 27, 14, 5),
        "customer_name": "Иванова А.",
        "issued": (
            SlipShipment(
                "0123604587-1235-1",
                (SlipItem("Ёлочная гирлянда «Съешь же ещё», №5", 2, 129950), SlipItem("Носки шерстяные", 1, 19900)),
                279800,
            ),
            SlipShipment("0123604588-1235-1", (SlipItem("Книга «Щука и ёрш»", 1, 0),), 0),
        ),
        "refused": (SlipShipment("0123604587-1235-1", (SlipItem("Куртка зимняя, размер XL", 1, 500000),), 0),),
        "total": 279800,
        "payment": "наличными",
        "tendered": 300000,
        "change": 20200,
    }
    data.update(changes)
    return SlipData(**data)  # type: ignore[arg-type]
