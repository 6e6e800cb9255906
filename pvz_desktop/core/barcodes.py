"""Barcode kinds and classification (DESIGN §4).

Patterns come from a profile so a point with other label formats can configure them.
A keyboard-wedge scanner under the Russian ЙЦУКЕН layout types Cyrillic letters for the
Latin keys it meant (``GM`` arrives as ``ПЬ``); classification folds them back first.

Besides our own labels, three codes that sit on the same boxes are recognised, each from the
marketplace's published documents (the README's table of them names each source):

- ``OZON_LABEL``: the two other barcodes of an Ozon FBS posting label («маркировка отправления»),
  the Seller API's ``barcodes.upper_barcode`` and ``barcodes.lower_barcode`` («Верхний/Нижний
  штрихкод на маркировке отправления», /v3/posting/fbs/get). The reference gives no grammar, only example values
  (``%101%806044518`` and ``23024930500000``): the patterns are exactly those shapes, ``%``,
  three digits, ``%``, nine digits, or fourteen digits. Neither carries the posting number, so
  the counter asks for the posting-number barcode on the same label.
- ``WB_STICKER``: a Wildberries assembly-task sticker's barcode, the ``barcode`` of
  ``/api/v3/orders/stickers`` (example ``!uKEtQZVx``, dev.wildberries.ru/en/forum/topics/1736): ``!``
  and eight Latin letters or digits, that example's shape.
- ``OZON_SKU``: the product barcode Ozon generates for a seller, ``OZN`` and the product's Ozon
  SKU ID (example ``OZN1234567891``, docs.ozon.com/global/en/products/upload/barcode-upload): a
  code on the goods, not on a parcel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from pvz_desktop.core.product_codes import ProductCodeKind, recognise
from pvz_desktop.core.text import word


class BarcodeKind(StrEnum):
    SHIPMENT = "shipment"
    PICKUP_CODE = "pickup_code"
    TRANSPORT_PACKAGE = "transport_package"
    CELL = "cell"
    WAYBILL = "waybill"
    RETURN_REQUEST = "return_request"
    RETURN_BOX = "return_box"
    SUPPLY = "supply"
    SEND_CODE = "send_code"
    OUTBOUND = "outbound"
    BAG = "bag"
    COURIER_PICKUP = "courier_pickup"
    PRODUCT = "product"  # a retail barcode on the goods (EAN-13/EAN-8/UPC-A), not our label
    MARKING = "marking"  # a «Честный знак» marking code (GS1 DataMatrix) on the goods
    OZON_LABEL = "ozon_label"  # the upper or lower barcode of an Ozon FBS label, not its posting number
    WB_STICKER = "wb_sticker"  # a Wildberries assembly-task sticker
    OZON_SKU = "ozon_sku"  # Ozon's own product barcode (OZN + SKU ID) on the goods
    UNKNOWN = "unknown"


KIND_LABELS: dict[BarcodeKind, str] = {
    BarcodeKind.SHIPMENT: word("отправление"),
    BarcodeKind.PICKUP_CODE: word("код получения"),
    BarcodeKind.TRANSPORT_PACKAGE: word("грузоместо"),
    BarcodeKind.CELL: word("ячейка"),
    BarcodeKind.WAYBILL: word("накладная"),
    BarcodeKind.RETURN_REQUEST: word("заявка на возврат"),
    BarcodeKind.RETURN_BOX: word("возвратная тара"),
    BarcodeKind.SUPPLY: word("поставка продавца"),
    BarcodeKind.SEND_CODE: word("код отправки посылки"),
    BarcodeKind.OUTBOUND: word("трек-номер отправки"),
    BarcodeKind.BAG: word("мешок на отправку"),
    BarcodeKind.COURIER_PICKUP: word("код передачи курьеру"),
    BarcodeKind.PRODUCT: word("штрихкод товара"),
    BarcodeKind.MARKING: word("код маркировки"),
    BarcodeKind.OZON_LABEL: word("штрихкод маркировки отправления Ozon"),
    BarcodeKind.WB_STICKER: word("стикер Wildberries"),
    BarcodeKind.OZON_SKU: word("штрихкод товара Ozon"),
    BarcodeKind.UNKNOWN: word("неизвестный штрихкод"),
}

# The longest code the counter knows: a «Честный знак» DataMatrix is 80–90 characters with its
# crypto tail; anything longer is a misread or a runaway scanner, kept only cut to this length.
MAX_CODE_LENGTH = 128

DEFAULT_PATTERNS: dict[BarcodeKind, str] = {
    BarcodeKind.SHIPMENT: r"^\d{8,10}-\d{4}-\d$",
    BarcodeKind.PICKUP_CODE: r"^\d{8}\*\d{4}$",
    BarcodeKind.TRANSPORT_PACKAGE: r"^GM\d{10}$",
    BarcodeKind.CELL: r"^C-[A-Z]-\d{2}-\d{2}$",
    BarcodeKind.WAYBILL: r"^TN-\d{10}$",
    BarcodeKind.RETURN_REQUEST: r"^RT-\d{10}$",
    BarcodeKind.RETURN_BOX: r"^RB-\d{10}$",
    # Drop-off: a seller's supply (its act's QR), the send code a C2C sender shows in the app,
    # the tracking number on an outbound parcel's label, an outbound bag, a courier's pickup.
    BarcodeKind.SUPPLY: r"^SP-\d{10}$",
    BarcodeKind.SEND_CODE: r"^SN-\d{10}$",
    BarcodeKind.OUTBOUND: r"^OB\d{12}$",
    BarcodeKind.BAG: r"^BG-\d{10}$",
    BarcodeKind.COURIER_PICKUP: r"^CP-\d{10}$",
    # Codes on the same box that are not our labels (see the module's docstring for the sources).
    BarcodeKind.OZON_LABEL: r"^(?:%\d{3}%\d{9}|\d{14})$",
    BarcodeKind.WB_STICKER: r"^![0-9A-Za-z]{8}$",
    BarcodeKind.OZON_SKU: r"^OZN\d{1,19}$",
}

# Scanned in any tab, these are refused with what they are and what to scan instead.
NOT_A_PARCEL_LABEL: frozenset[BarcodeKind] = frozenset(
    {BarcodeKind.PRODUCT, BarcodeKind.MARKING, BarcodeKind.OZON_LABEL, BarcodeKind.WB_STICKER, BarcodeKind.OZON_SKU}
)

# Physical key -> character, ЙЦУКЕН (Russian) to QWERTY (US), unshifted and shifted.
_RU = 'йцукенгшщзхъфывапролджэячсмитьбю.ёЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,Ё"№;:?'
_US = "qwertyuiop[]asdfghjkl;'zxcvbnm,./`QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?~@#$^&"
RU_TO_US: Mapping[int, str] = str.maketrans(_RU, _US)


def fold_layout(text: str) -> str:
    """Map characters typed under the Russian layout back to the US keys that were pressed."""
    return text.translate(RU_TO_US)


@dataclass(frozen=True, slots=True)
class Barcode:
    kind: BarcodeKind
    code: str  # normalised: stripped, layout folded, upper-cased where the kind is alphabetic
    raw: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class BarcodeProfile:
    """A set of patterns, one per kind. Order of checking follows DEFAULT_PATTERNS."""

    patterns: Mapping[BarcodeKind, str] = field(default_factory=lambda: dict(DEFAULT_PATTERNS))

    def __post_init__(self) -> None:
        compiled = {}
        for kind, pattern in self.patterns.items():
            try:
                compiled[BarcodeKind(kind)] = re.compile(pattern, re.ASCII)  # a scanner sends ASCII digits only
            except re.error as exc:
                raise ValueError(f"Неверный шаблон для «{KIND_LABELS[BarcodeKind(kind)]}»: {exc}") from exc
        object.__setattr__(self, "_compiled", compiled)

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, str]) -> BarcodeProfile:
        patterns = dict(DEFAULT_PATTERNS)
        for kind, pattern in overrides.items():
            patterns[BarcodeKind(kind)] = pattern
        return cls(patterns)

    def classify(self, raw: str) -> Barcode:
        text = raw.strip().strip("\x00")
        candidates = [text]
        folded = fold_layout(text)
        if folded != text:
            candidates.append(folded)
        for candidate in candidates:
            upper = candidate.upper()
            for kind, regex in self._compiled.items():  # type: ignore[attr-defined]
                # fullmatch: "$" alone would also match before a trailing newline ("TN-…\n").
                if regex.fullmatch(candidate):
                    return Barcode(kind, candidate, raw)
                if upper != candidate and regex.fullmatch(upper):
                    return Barcode(kind, upper, raw)
        # Not one of our labels: perhaps a code printed on the goods (after ours, so a label wins).
        product = recognise(text)
        if product is not None:
            kind = BarcodeKind.MARKING if product.kind is ProductCodeKind.MARKING else BarcodeKind.PRODUCT
            return Barcode(kind, text.strip(" \r\n\t"), raw)  # as recognise() reads it: stable when classified again
        return Barcode(BarcodeKind.UNKNOWN, text, raw)


DEFAULT_PROFILE = BarcodeProfile()


def classify(raw: str, profile: BarcodeProfile = DEFAULT_PROFILE) -> Barcode:
    return profile.classify(raw)
