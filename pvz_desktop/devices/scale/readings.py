"""What a scale says at a moment, whatever its protocol."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pvz_desktop.core.parcel_sizes import Weight


class ScaleState(StrEnum):
    WEIGHING = "weighing"
    OVERLOAD = "overload"
    ERROR = "error"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True, slots=True)
class ScaleReading:
    state: ScaleState
    grams: int | None = None
    stable: bool = False
    zero: bool = False
    message: str = ""

    @property
    def weight(self) -> Weight | None:
        """The weight to take for a parcel: only a stable, positive one within range."""
        if self.state is not ScaleState.WEIGHING or self.grams is None or self.grams <= 0:
            return None
        return Weight(self.grams, stable=self.stable, typed=False)

    def describe(self) -> str:
        """One line for the page: the weight and whether it is steady, or why there is none."""
        if self.state is ScaleState.WEIGHING and self.grams is not None:
            text = f"{self.grams / 1000:.3f} кг".replace(".", ",")
            return text if self.stable else f"{text} · вес меняется"
        return self.message or {
            ScaleState.OVERLOAD: "Перегрузка весов: снимите груз",
            ScaleState.ERROR: "Ошибка весов",
            ScaleState.DISCONNECTED: "Весы не подключены",
        }.get(self.state, "")


def overload(message: str = "") -> ScaleReading:
    return ScaleReading(ScaleState.OVERLOAD, message=message or "Перегрузка весов: снимите груз")


def disconnected(message: str) -> ScaleReading:
    return ScaleReading(ScaleState.DISCONNECTED, message=message)
