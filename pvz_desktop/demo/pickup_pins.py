"""The demo customers' pickup PINs: the demo's own data, kept beside its databases, never in one.

The demo server makes them when it seeds the demo point; the virtual scanner panel lists the
codes that open a card today. A real point never has such a file: its PINs exist only in the
customers' apps, and its databases hold verifiers (``core.pickup_codes``).
"""

from __future__ import annotations

import json
from pathlib import Path

PINS_FILE = "demo-pickup-codes.json"


def load_pins(data_dir: Path) -> dict[str, str]:
    """Customer id → PIN, or nothing when this is not a demo folder."""
    path = data_dir / PINS_FILE
    try:
        pins = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in pins.items()} if isinstance(pins, dict) else {}


def save_pins(data_dir: Path, pins: dict[str, str]) -> Path:
    path = data_dir / PINS_FILE
    path.write_text(json.dumps(pins, indent=1, sort_keys=True), encoding="utf-8")
    return path
