"""What the counter imports before its window's frame is shown (P4): building its server login
imports none of requests, oauthlib, requests-oauthlib, keyring or pydantic (~0.6 s together);
pydantic (the wire models) is imported on the sync and login threads when an answer is read,
not by any module loaded behind the frame."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import importlib, sys
from pvz_desktop.config import Settings
from pvz_desktop.gui.application import BEHIND_FRAME_MODULES, server_auth
auth = server_auth(Settings(data_dir={data!r}, api_url="https://pvz.example.ru"))
assert auth is not None
HEAVY = ("requests", "oauthlib", "requests_oauthlib", "keyring", "pydantic")
print(",".join(m for m in HEAVY if m in sys.modules) or "-")
for name in (*BEHIND_FRAME_MODULES, "pvz_desktop.sync.worker", "pvz_desktop.sync.client", "pvz_desktop.auth.session"):
    importlib.import_module(name)
before = any(m.split(".")[0] == "pydantic" for m in sys.modules)
from pvz_desktop.sync.client import parse_change_page
parse_change_page({{"changes": [], "cursor": None, "has_more": False, "reset": False}})
print(before, "pydantic" in sys.modules)
"""


def test_the_counters_start_with_a_server_does_not_import_pydantic(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(data=str(tmp_path))],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["-", "False", "True"]  # not before; imported once an answer is read
