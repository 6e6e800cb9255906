#!/usr/bin/env bash
# CI: run the installer built by .ci/installer.sh under Wine: silent per-user and per-machine
# install, the installed program run in Russian and English (cp1252), an upgrade from a lower
# version, silent uninstall (packaging/wine_check.py says what each step checks). Runs as root
# on a fresh Debian machine: installs Debian's Wine 8 itself. No display is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
export DEBIAN_FRONTEND=noninteractive

# The installer is a 32-bit program that installs a 64-bit Python: both halves of Wine. The
# Russian and English UTF-8 locales Wine runs in are made with localedef (Debian's locales).
if ! command -v wine >/dev/null || ! dpkg -s wine32:i386 >/dev/null 2>&1 || ! command -v localedef >/dev/null \
    || [[ ! -e /usr/share/i18n/locales/ru_RU ]]; then
    dpkg --add-architecture i386
    apt-get update -q
    apt-get install -y -q --no-install-recommends wine wine64 wine32:i386 locales
fi
echo "Wine: $(wine --version), ready after $(($(date +%s) - started)) s"

WORK=build/installer
TOOLS_PY="$WORK/tools/bin/python"
"$TOOLS_PY" -m pip install -q --disable-pip-version-check "LnkParse3>=1.5"  # reads the shortcuts

version=$("$TOOLS_PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
installer="dist/PVZ-Desktop-$version-setup.exe"
# The upgrade starts from the same build labelled 0.0.1: makensis again, without compression.
"$TOOLS_PY" packaging/installer.py older --version 0.0.1 --dist "$WORK/older"
older="$WORK/older/PVZ-Desktop-0.0.1-setup.exe"

status=0
"$TOOLS_PY" packaging/wine_check.py --installer "$installer" --older "$older" --work "$WORK/wine" || status=$?
rm -rf "$WORK/wine" "$older"
echo "installer under Wine: $(($(date +%s) - started)) s"
exit "$status"
