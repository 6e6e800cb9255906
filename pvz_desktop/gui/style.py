"""Look of the counter window: readable from a step away, colours that mean one thing each."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

from pvz_desktop.gui import palette

# The banner's tones (the colours themselves are in gui/palette.py, with every other one).
OK_BG = palette.OK
ERROR_BG = palette.ERROR
ALERT_BG = palette.ALERT
INFO_BG = palette.INFO
WARN_BG = palette.WARN  # amber: do something before going on (check the passport)
WARN_FG = palette.WARN_TEXT
IDLE_BG = palette.IDLE
IDLE_FG = palette.IDLE_TEXT

BASE_POINT_SIZE = 12
BANNER_POINT_SIZE = 24
HUGE_POINT_SIZE = 40  # cell codes during issuance and placement
COUNTER_POINT_SIZE = 26

# No font sizes for QWidget here: a style sheet font would override every setFont() below it
# (the huge cell codes too). The base size is the application font instead.
APP_STYLESHEET = f"""
QTabBar::tab {{ padding: 8px 10px; font-size: 12pt; }}
QTabBar::tab:selected {{ font-weight: bold; }}
QPushButton {{ padding: 6px 12px; min-height: 30px; }}
QPushButton[primary="true"] {{ background: {OK_BG}; color: white; font-weight: bold; }}
QPushButton[primary="true"]:disabled {{ background: {palette.DISABLED}; color: {palette.DISABLED_TEXT}; }}
QHeaderView::section {{ padding: 4px; font-weight: bold; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


def cell_code_sheet(padding: int = 6) -> str:
    """The cell code to walk to (issuance, placement, inventory): dark blue on light amber."""
    return (
        f"QLabel {{ background: {palette.CELL_BG}; color: {palette.CELL_INK}; "
        f"border-radius: 6px; padding: {padding}px; }}"
    )


def font(point_size: int, *, bold: bool = True, mono: bool = False) -> QFont:
    f = QFont("DejaVu Sans Mono" if mono else "")
    if mono:
        f.setStyleHint(QFont.StyleHint.Monospace)
    f.setPointSize(point_size)
    f.setBold(bold)
    return f


def fill_colour(used: int, capacity: int) -> QColor:
    """Occupancy colour: grey empty, green with room, amber nearly full, red full."""
    if capacity <= 0 or used <= 0:
        return QColor(palette.FILL_NONE)
    share = used / capacity
    if share >= 1.0:
        return QColor(palette.FILL_FULL)
    if share >= 0.8:
        return QColor(palette.FILL_NEARLY)
    if share >= 0.5:
        return QColor(palette.FILL_HALF)
    return QColor(palette.FILL_ROOM)
