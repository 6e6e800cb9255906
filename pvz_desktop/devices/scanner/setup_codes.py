"""The configuration barcodes the settings show on screen for the cashier to scan from the monitor.

Each entry is a vendor's programming code as its documents give it: the data it carries, whether
the symbol starts with Code 128's Function 3 (the "reader initialisation" character that tells a
scanner the symbol is a setting, not data) and where it comes from. Nothing here is made up: a
scanner family whose codes could not be traced to its vendor's documents is not listed (see
``NOT_LISTED``), and a setting of a listed family that could not be traced is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from pvz_desktop.core.text import word


@dataclass(frozen=True)
class SetupCode:
    family: str  # the scanners it is for, as the vendor names them
    purpose: str  # what scanning it does (a word() label, translated in the window)
    content: str  # the symbol's data, without the Function 3 character
    function3: bool  # Code 128 with FNC3 first (Honeywell menu codes are)
    source: str  # the document and page that give the content


HONEYWELL = "Honeywell Voyager / Xenon / Granit"

# Honeywell menu codes are the menu command (tag, subtag, data) with the storage character "."
# (non-volatile) in a Code 128 symbol that starts with Function 3; the serial programming chapter
# of every Honeywell user guide gives the command syntax.
_HONEYWELL_SYNTAX = (
    "Honeywell Xenon/Granit User Guide, ch. «Serial Programming Commands» (menu command syntax: "
    "tag, subtag, data, storage «.»), manualslib.com/manual/973390/Honeywell-Xenon-1910.html?page=199"
)

# The guides print each symbol as a picture; the command string itself was not on a page reached.
_STRING_NOTE = (
    "; the command string is the one Honeywell scanners report for the setting (menu query «?») "
    "and public host software sends (not printed as text on the pages reached)"
)

SETUP_CODES: tuple[SetupCode, ...] = (
    SetupCode(
        family=HONEYWELL,
        purpose=word("USB-COM: эмуляция последовательного порта"),
        content="TRMUSB130.",
        function3=True,
        source=(
            "Honeywell Voyager 1450g/1452g User's Guide, Terminal ID Table: USB Serial (COM driver "
            "required) = 130, manualsdump.com/en/manuals/honeywell-1450g-1452g/161165/95; Xenon 1900 "
            "User's Guide p. 3-31: Host ACK needs USB COM Emulation (terminal ID 130); "
            + _HONEYWELL_SYNTAX
            + _STRING_NOTE
        ),
    ),
    SetupCode(
        family=HONEYWELL,
        purpose=word("Суффикс CR после каждого кода"),
        content="VSUFCR.",
        function3=True,
        source=(
            "Honeywell Voyager 1602g User Guide, ch. 5 «Data Editing» (a suffix for all symbologies), "
            "easymanua.ls/honeywell/voyager-1602g/manual?p=110; " + _HONEYWELL_SYNTAX + _STRING_NOTE
        ),
    ),
)

# Families and settings asked for whose codes' data the documents reached do not give: the settings
# page names them, with the reason, instead of showing a guess.
NOT_LISTED: tuple[str, ...] = (
    word("Honeywell: HID-POS и «Host ACK On» — коды напечатаны картинками, их содержимого в документации нет"),
    word(
        "Newland: руководства (NLS-HR42, HR52) печатают текст кода под ним (например @UPAAD50), "
        "но страниц с кодами интерфейса, суффикса CR и сброса среди доступных нет"
    ),
    word("Zebra (Symbol) DS/LS: содержимое кодов настройки не найдено в доступной документации"),
    word("Mertech: документов с содержимым кодов (или о том, что модель — Newland) не найдено"),
)


def families() -> list[str]:
    return sorted({code.family for code in SETUP_CODES})


def codes_for(family: str) -> list[SetupCode]:
    return [code for code in SETUP_CODES if code.family == family]
