"""The dashboard's charts: leather draws them as SVG on the server (no script in the page)."""

from __future__ import annotations

from datetime import date

import leather


def _columns(title: str, labels: list[str], values: list[int], width: int) -> str:
    chart = leather.Chart(title)
    # Whole parcels on the axis: leather's own ticks would be 0.25, 0.5… for small counts.
    step = max(1, -(-max(values, default=0) // 4))
    top = step * 4
    chart.add_y_scale(0, top)
    chart.add_y_axis(ticks=list(range(0, top + 1, step)))
    chart.add_columns(list(zip(labels, values, strict=True)), fill_color="#1565c0")
    return chart.to_svg(width=width, height=260)


def per_day(title: str, counts: dict[date, int]) -> str:
    return _columns(title, [f"{d:%d}" for d in counts], list(counts.values()), 720)


def per_hour(title: str, counts: list[int]) -> str:
    return _columns(title, [f"{h:02d}" for h in range(24)], counts, 720)
