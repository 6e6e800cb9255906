"""Money is integer kopecks everywhere; only the edges format or parse it."""

from __future__ import annotations

import re

from pvz_desktop.core.errors import BadInput
from pvz_desktop.core.text import msg

Kopecks = int

_AMOUNT_RE = re.compile(r"^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*(?:₽|руб\.?|р\.?)?\s*$")


def rub(rubles: int, kopecks: int = 0) -> Kopecks:
    return rubles * 100 + kopecks


def parse_rub(text: str) -> Kopecks:
    """Parse '1 234,50', '99.9' or '15' (rubles) into kopecks."""
    m = _AMOUNT_RE.match(re.sub(r"[\s\u00a0\u202f]", "", text))
    if not m:
        raise BadInput(msg("Не понимаю сумму «{text}»: введите рубли, например 1234,50", text=text))
    frac = (m.group(2) or "0").ljust(2, "0")
    return int(m.group(1)) * 100 + int(frac)


def format_rub(amount: Kopecks) -> str:
    """12345 -> '123,45 ₽'; thousands separated by a narrow no-break space."""
    sign = "-" if amount < 0 else ""
    rubles, kop = divmod(abs(amount), 100)
    whole = f"{rubles:,}".replace(",", "\u202f")
    return f"{sign}{whole},{kop:02d} ₽"
