#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for SECONDS each (default 60), JOBS at a
# time (default 2), under `nice -n 19`, and prints executions and coverage
# per target.
#
#   scripts/fuzz.sh 600          # ten minutes per target
#   JOBS=1 scripts/fuzz.sh 60 index jsonl   # only these targets
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz passes nightly
# compiler flags; on a stable toolchain RUSTC_BOOTSTRAP=1 lets it through
# (set here). The targets are built without a sanitizer (safe Rust: the
# bugs sought are panics, hangs and runaway allocations) and with debug
# assertions.
#
# The corpus grows in fuzz/corpus/TARGET (git-ignored), seeded from the
# small committed files in fuzz/seeds/TARGET. A crash is saved in
# fuzz/artifacts/TARGET/; reproduce it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none -O TARGET fuzz/artifacts/TARGET/crash-...
# and turn it into a regression test. Logs: fuzz/logs/TARGET.log.
# SKIP_BUILD=1 uses the binaries already built.
set -euo pipefail

secs=${1:-60}
shift || true
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1
jobs=${JOBS:-2}
all=(index geonames csv_wkt geojson tsv jsonl normalize matcher)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi
flags=(--sanitizer none -O)

# Build once, then run the binaries themselves: `cargo fuzz run` would ask
# cargo again, and the growing corpus (inside the package directory) makes
# cargo rerun the build script, which compiles the embedded gazetteer.
[ -n "${SKIP_BUILD:-}" ] || nice -n 19 cargo fuzz build "${flags[@]}"
bindir=fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release
mkdir -p fuzz/logs

run_one() {
    local t=$1
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    local start=$SECONDS status=0
    nice -n 19 "$bindir/$t" -artifact_prefix="fuzz/artifacts/$t/" \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
        -print_final_stats=1 "fuzz/corpus/$t" "fuzz/seeds/$t" >"fuzz/logs/$t.log" 2>&1 || status=$?
    local last execs
    last=$(grep -a 'cov:' "fuzz/logs/$t.log" | tail -n 1 || true)
    execs=$(grep -a '^stat::number_of_executed_units' "fuzz/logs/$t.log" | awk '{print $2}' || true)
    printf '%-10s exit %d, %4d s, %s executions; last: %s\n' \
        "$t" "$status" "$((SECONDS - start))" "${execs:-?}" "$last"
}

failed=0
running=0
for t in "${targets[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || failed=1
        running=$((running - 1))
    fi
done
while [ "$running" -gt 0 ]; do
    wait -n || failed=1
    running=$((running - 1))
done
if ls fuzz/artifacts/*/crash-* fuzz/artifacts/*/oom-* fuzz/artifacts/*/timeout-* >/dev/null 2>&1; then
    echo "findings in fuzz/artifacts:" && ls fuzz/artifacts/*/
    exit 1
fi
exit "$failed"
