"""Look of the counter window: readable from a step away, colours that mean one thing each."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

OK_BG = "#1b8a3a"
ERROR_BG = "#c62828"
ALERT_BG = "#8e0000"
INFO_BG = "#1f4e79"
WARN_BG = "#f9a825"  # amber: do something before going on (check the passport)
WARN_FG = "#212121"
IDLE_BG = "#eceff1"
IDLE_FG = "#37474f"

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
QPushButton[primary="true"]:disabled {{ background: #9e9e9e; color: #eeeeee; }}
QHeaderView::section {{ padding: 4px; font-weight: bold; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


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
        return QColor("#cfd8dc")
    share = used / capacity
    if share >= 1.0:
        return QColor("#d32f2f")
    if share >= 0.8:
        return QColor("#f9a825")
    if share >= 0.5:
        return QColor("#9ccc65")
    return QColor("#43a047")
