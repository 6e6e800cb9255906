"""Loading hidapi and finding HID-POS scanners by usage, not by product lists.

The PyPI ``hidapi`` wheel has two modules: ``hid`` (libusb on Linux; the only one on Windows and
macOS) and ``hidraw`` (Linux /dev/hidraw*). Both have the same ``enumerate``/``device`` API.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

from pvz_desktop.core.text import Text, msg

HIDPOS_USAGE_PAGE = 0x8C  # Bar Code Scanner page (HID Point of Sale usage tables)
HIDPOS_SCANNER_USAGE = 0x02  # Bar Code Scanner collection

HidInfo = dict[str, Any]  # one entry of hid.enumerate()


def backend_names(backend: str) -> list[str]:
    """Modules to try, best first. On Linux hidraw needs no driver detaching, so it goes first."""
    if backend in ("hid", "hidraw"):
        return [backend]
    return ["hidraw", "hid"] if sys.platform.startswith("linux") else ["hid"]


def load_backends(backend: str = "auto") -> tuple[list[tuple[str, ModuleType]], list[Text]]:
    """The modules that loaded, and a note for each that did not."""
    loaded: list[tuple[str, ModuleType]] = []
    notes: list[Text] = []
    for name in backend_names(backend):
        try:
            loaded.append((name, importlib.import_module(name)))
        except (ImportError, OSError) as exc:  # the wheel is missing or its shared library cannot load
            notes.append(msg("модуль {name} библиотеки hidapi не загрузился: {error}", name=name, error=str(exc)))
    return loaded, notes


def is_hidpos(info: HidInfo, usage: int | None = HIDPOS_SCANNER_USAGE) -> bool:
    return info.get("usage_page") == HIDPOS_USAGE_PAGE and (usage is None or info.get("usage") == usage)


def find_hidpos(
    module: ModuleType,
    vendor_id: int | None = None,
    product_id: int | None = None,
    usage: int | None = HIDPOS_SCANNER_USAGE,
) -> list[HidInfo]:
    return [info for info in module.enumerate(vendor_id or 0, product_id or 0) if is_hidpos(info, usage)]
