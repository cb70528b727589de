#!/usr/bin/env bash
# Regenerates the example outputs in output/ from every demo/*.txt, in every
# format, and takes a screenshot of the HTML map with headless Chromium
# (output/<name>.png; output/map.png is the map of demo/idlib-demo.txt when
# it exists, otherwise of the first demo text).
#
# Needs: cargo, and /usr/bin/chromium for the screenshot
# (.ci/install-clients.sh installs it). Usage: scripts/make-examples.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/debug/geomention"
out="$root/output"
mkdir -p "$out"

shopt -s nullglob
demos=(demo/*.txt)
if [ ${#demos[@]} -eq 0 ]; then
    echo "make-examples: no demo/*.txt" >&2
    exit 1
fi

screenshot() { # html png
    local profile
    profile="$(mktemp -d)"
    /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --disable-dev-shm-usage --hide-scrollbars \
        --user-data-dir="$profile" --window-size=1280,800 \
        --virtual-time-budget=5000 --screenshot="$2" "file://$1" 2>/dev/null
    rm -rf "$profile"
}

for txt in "${demos[@]}"; do
    name="$(basename "$txt" .txt)"
    m() { "$bin" map "$txt" -q -f "$@"; }
    m -o "$out/$name.geojson"
    m -o "$out/$name.geojson" --split-geometry
    m -o "$out/$name.as-points.geojson" --as-points --simplestyle
    m -o "$out/$name.mentions.jsonl" --format mentions --demonyms
    m -o "$out/$name.mentions.csv" --format mentions-csv --demonyms
    m -o "$out/$name.csv" --format csv
    m -o "$out/$name.geojsonl" --format geojsonseq
    m -o "$out/$name.html" --format html
    if [ -x /usr/bin/chromium ]; then
        screenshot "$out/$name.html" "$out/$name.png"
    else
        echo "make-examples: /usr/bin/chromium missing; no screenshot" >&2
    fi
    echo "make-examples: $txt -> output/$name.*" >&2
done

main="demo/idlib-demo.txt"
[ -f "$main" ] || main="${demos[0]}"
name="$(basename "$main" .txt)"
if [ -f "$out/$name.png" ]; then
    cp "$out/$name.png" "$out/map.png"
fi
