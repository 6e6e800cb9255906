#!/usr/bin/env bash
# Add PVZ Desktop to the Linux desktop menu for the current user (after `pip install` of the
# wheel put `pvz-desktop` on PATH): the .desktop file and its icon, in the XDG user folders.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
install -Dm644 "$HERE/pvz-desktop.desktop" "$DATA/applications/pvz-desktop.desktop"
install -Dm644 "$HERE/pvz-desktop.png" "$DATA/icons/hicolor/256x256/apps/pvz-desktop.png"
command -v update-desktop-database >/dev/null && update-desktop-database "$DATA/applications" || true
echo "PVZ Desktop added to the menu: $DATA/applications/pvz-desktop.desktop"
