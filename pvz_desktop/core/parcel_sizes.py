"""Size classes of parcels handed in for sending and their weight limits (DESIGN §3).

The counter refuses an overweight parcel at drop-off and the central server checks the same
limit again, so the two sides use this one table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SizeClass:
    code: str
    label: str
    max_weight_g: int


SIZE_CLASSES: dict[str, SizeClass] = {
    c.code: c
    for c in (
        SizeClass("S", "маленькая, до 30×20×10 см", 2_000),
        SizeClass("M", "средняя, до 40×30×20 см", 10_000),
        SizeClass("L", "большая, до 60×40×40 см", 25_000),
    )
}
MAX_WEIGHT_G = max(c.max_weight_g for c in SIZE_CLASSES.values())


def size_class(code: str) -> SizeClass:
    try:
        return SIZE_CLASSES[code]
    except KeyError:
        raise ValueError(f"Неизвестный размер посылки «{code}»: бывают {', '.join(SIZE_CLASSES)}.") from None


def overweight_reason(code: str, weight_g: int) -> str | None:
    """Why a parcel of this size class and weight cannot be taken, or None when it can."""
    limit = size_class(code)
    if weight_g <= 0:
        return "Вес должен быть больше нуля: положите посылку на весы."
    if weight_g > limit.max_weight_g:
        return (
            f"Посылка весит {weight_g / 1000:.3f} кг, а для размера {limit.code} ({limit.label}) "
            f"можно не больше {limit.max_weight_g / 1000:g} кг."
        )
    return None


@dataclass(frozen=True, slots=True)
class Weight:
    """A parcel's weight as taken: from the scales (stable or not yet) or typed by hand."""

    grams: int
    stable: bool = True
    typed: bool = False

    @property
    def kg_text(self) -> str:
        return f"{self.grams / 1000:.3f} кг".replace(".", ",")


def parse_typed_weight(text: str) -> Weight:
    """A weight typed in kilograms (``1,25`` or ``1.25``); a typed weight is recorded as typed."""
    cleaned = text.strip().lower().removesuffix("кг").strip().replace(",", ".")
    try:
        kg = float(cleaned)
    except ValueError:
        raise ValueError(f"Вес «{text}» не число: введите килограммы, например 1,25.") from None
    if not 0 < kg <= MAX_WEIGHT_G / 1000 * 4:  # also false for nan and inf
        raise ValueError(f"Вес «{text}» вне разумных пределов: введите килограммы, например 1,25.")
    return Weight(round(kg * 1000), stable=True, typed=True)
