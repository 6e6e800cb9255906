"""Every colour of the counter window, named by what it means (one meaning each).

Qt-free strings (``#rrggbb``): style sheets, table backgrounds and ``QColor(...)`` take them.
No other module under gui/ writes a colour: tests/test_quality.py checks it.
"""

from __future__ import annotations

# The banner's tones (gui/feedback.py) and the primary button.
OK = "#1b8a3a"
ERROR = "#c62828"  # also: a refusal, a fault or a count that needs the cashier, as text
ALERT = "#8e0000"
ALERT_TEXT = "#ffeb3b"
INFO = "#1f4e79"
WARN = "#f9a825"  # amber: do something before going on (check the passport, due today)
WARN_TEXT = "#212121"
IDLE = "#eceff1"
IDLE_TEXT = "#37474f"
DISABLED = "#9e9e9e"  # a disabled button, a parcel already confirmed
DISABLED_TEXT = "#eeeeee"

ATTENTION = "#e65100"  # orange: not wrong, but look (the drawer is open, a surplus)

# Text.
INK = "#263238"
INK_DARK = "#102027"  # on a light cell of the map

# The cell code to walk to (issuance, placement, inventory) and the chosen cell on the map.
CELL_INK = "#1a237e"
CELL_BG = "#fff8e1"

# The counter tiles of acceptance and drop-off.
COUNT_GOOD = "#1b5e20"
COUNT_BAD = "#b71c1c"
COUNT_REPEAT = "#4a148c"

# Table rows.
ROW_DONE = "#c8e6c9"  # confirmed, answered
ROW_WRONG = "#ffcdd2"  # a failed scan, a surplus
ROW_CHECK = "#ffe0b2"  # needs a check (18+, attention)
ROW_MOVED = "#fff3e0"
ROW_FOUND = "#e1f5fe"
MESSAGE_SUPPORT = "#e3f2fd"
MESSAGE_OWN = "#f5f5f5"

# Fill of a cell on the occupancy and inventory maps.
FILL_NONE = "#cfd8dc"  # empty, not counted yet
FILL_ROOM = "#43a047"  # room left, counted
FILL_HALF = "#9ccc65"
FILL_NEARLY = "#f9a825"
FILL_FULL = "#d32f2f"
