#!/usr/bin/env bash
# Installs the real clients that tests/clients.rs drives: GDAL (ogrinfo,
# ogr2ogr), QGIS with PyQGIS, headless Chromium, and the pinned npm tools in
# tools/clients (the geojson.io validator and puppeteer-core).
# Idempotent: skips what is already there. Needs root (apt-get) and Debian 12.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
start=$(date +%s)

missing=()
command -v ogrinfo >/dev/null 2>&1 || missing+=(gdal-bin)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# PyQGIS must be importable by Debian's own python3, not a pyenv one.
if ! /usr/bin/python3 -c 'import qgis.core' >/dev/null 2>&1; then
    missing+=(qgis python3-qgis)
fi
# Fonts so that the Chromium screenshot shows text.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -gt 0 ]; then
    echo "install-clients: apt-get install ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d "$root/tools/clients/node_modules/puppeteer-core" ] ||
    [ ! -d "$root/tools/clients/node_modules/@placemarkio/check-geojson" ]; then
    echo "install-clients: npm ci in tools/clients" >&2
    # puppeteer-core never downloads a browser; the tests use /usr/bin/chromium.
    (cd "$root/tools/clients" && npm ci --no-audit --no-fund --ignore-scripts)
fi

echo "install-clients: done in $(( $(date +%s) - start )) s" >&2
