"""The evidence pack as a PDF (fpdf2), in the Cyrillic TrueType font shipped with the server."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

from fpdf import FPDF

from pvz_central.console.evidence import FIELDS, GENESIS, Pack
from pvz_central.console.i18n import action_word, defect_word, status_word
from pvz_desktop.core.errors import StateConflict

# DejaVu Sans ships with the server (Bitstream Vera licence, fonts/LICENSE-DejaVu.txt): the PDF
# needs no font from the system it runs on (a Windows or minimal Linux server has none with Cyrillic).
FONT = Path(__file__).parent / "fonts" / "DejaVuSans.ttf"


def font_file() -> Path:
    if FONT.is_file():
        return FONT
    raise StateConflict("Нет шрифта с кириллицей для PDF: установка сервера неполна (console/fonts).")


def render(pack: Pack, _: Callable[[str], str], images: Mapping[str, bytes] | None = None) -> bytes:
    """The pack as PDF bytes; ``images`` are the defect photos' bytes by their SHA-256."""
    images = images or {}
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("body", "", str(font_file()))
    pdf.add_page()
    if pack.shift is not None:
        s = pack.shift
        subject = f"{_('смена')} {s.day:%d.%m.%Y}, {s.employee}, {s.workstation}"
    else:
        subject = pack.posting
    pdf.set_title(f"{_('Пакет доказательств')} {subject}")

    def line(text: str, size: float = 9, gap: float = 0) -> None:
        pdf.set_font("body", size=size)
        pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        if gap:
            pdf.ln(gap)

    line(f"{_('Пакет доказательств')}: {subject}", 15, 2)
    line(f"{_('Пункт')}: {pack.point_name} ({pack.point_id}), {pack.time_zone}")
    if pack.shift is not None:
        parcels = len({e.posting for e in pack.events})
        line(f"{_('Отправлений')}: {parcels}; {pack.made_at:%d.%m.%Y %H:%M:%S %Z}", gap=3)
    else:
        line(f"{_('Статус')}: {_(status_word(pack.status))}; {pack.made_at:%d.%m.%Y %H:%M:%S %Z}", gap=3)
    line(_("События"), 12, 1)
    for n, e in enumerate(pack.events, 1):
        line(
            f"{n}. {e.at:%d.%m.%Y %H:%M:%S} — {e.posting + ': ' if pack.shift else ''}{_(action_word(e.action))} "
            f"({_(status_word(e.from_status))} → {_(status_word(e.to_status))}) "
            f"[{e.action}: {e.from_status or '—'} → {e.to_status}]; "
            f"{_('Стойка')}: {e.workstation or '—'}; {_('Сотрудник')}: {e.employee}; {_('Операция')}: {e.op_id}"
        )
        for clip in e.clips:
            line(f"    {_('Видео')}: {clip.text(_('камера'))}")
        if not e.clips:
            line(f"    {_('Видео')}: {_('нет камеры у этой стойки')}")
        line(f"    SHA-256: {e.hash}", 7, 1)
    line(_("Фото"), 12, 1)
    if not pack.photos:
        if pack.shift is not None:
            line(_("Стойка не записывала фото за эту смену."), gap=3)
        else:
            line(_("Стойка не записывала фото по этому отправлению."), gap=3)
    for ph in pack.photos:
        what = _(defect_word(ph.defect)) + (f": {ph.note}" if ph.note else "")
        whose = f"{ph.posting}: " if pack.shift else ""
        line(f"{ph.at:%d.%m.%Y %H:%M:%S} — {whose}{what}; {_('Сотрудник')}: {ph.employee}")
        line(f"    SHA-256: {ph.sha256}", 7)
        if ph.sha256 in images:
            pdf.image(io.BytesIO(images[ph.sha256]), w=60)
        pdf.ln(2)
    line(_("Цепочка хешей"), 12, 1)
    line(f"{pack.chain_head}", 8, 2)
    line(_("Как перепроверить"), 12, 1)
    line(
        f"h0 = {GENESIS[:8]}…(64 × «0»); h(n) = SHA-256(h(n-1) + JSON({', '.join(FIELDS)})), "
        "JSON: sorted keys, UTF-8, no spaces, at_utc = ISO 8601 UTC + «Z». "
        "The counter's own ledger of the same operations: pvz-desktop verify-ledger.",
        8,
    )
    return bytes(pdf.output())
