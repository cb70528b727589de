#!/usr/bin/env bash
# A profile-guided (PGO) release build of geomention: the same program as
# `cargo build --release`, laid out by the compiler from a profile of real
# runs. Its outputs are the plain build's, byte for byte (CI checks it);
# it maps 4-5 % faster (docs/BENCHMARKS.md, "Session 28").
#
# Usage: scripts/pgo_build.sh [OUT]
#
#   1. Builds an instrumented binary (in $TARGET/pgo-gen, with the release
#      profile's settings, so that its functions are the final build's).
#   2. Runs it, one thread, `map --format mentions` and `map` (GeoJSON), on
#      texts that are not the benchmark corpus: demo/*.txt, the test
#      fixtures' documents (tests/fixtures/*/docs.jsonl) and, when
#      ../shared is there, the evaluation corpora's documents
#      (../shared/eval/*/docs.jsonl).
#   3. Merges the profile with llvm-profdata and builds the release binary
#      with it (in $TARGET/pgo-use), then copies it to OUT (default
#      $TARGET/pgo/geomention) and prints OUT.
#
# Needs llvm-profdata of the LLVM version rustc is built with (`rustc -vV`
# says which): `apt-get install llvm-NN` gives llvm-profdata-NN, and
# `rustup component add llvm-tools` gives the toolchain's own; LLVM_PROFDATA
# names another. Progress goes to standard error. About twice the time of
# one release build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
mkdir -p "$TARGET" && TARGET="$(cd "$TARGET" && pwd)"
OUT="${1:-$TARGET/pgo/geomention}"
say() { echo "pgo_build: $*" >&2; }
# OUT is replaced only if it is a regular file (not a directory, a link or
# a device).
if { [ -e "$OUT" ] || [ -L "$OUT" ]; } && { ! [ -f "$OUT" ] || [ -L "$OUT" ]; }; then
    say "$OUT exists and is not a regular file: not replaced"
    exit 1
fi

info="$(rustc -vV)"
host="$(sed -n 's/^host: //p' <<<"$info")"
llvm="$(sed -n 's/^LLVM version: //p' <<<"$info")"
major="${llvm%%.*}"
[ -n "$host" ] && [ -n "$major" ] || { say "cannot read the host and LLVM version from rustc -vV"; exit 1; }

# llvm-profdata of LLVM $major: a profile written by one LLVM version is
# not read by another.
profdata_major() { "$1" --version 2>/dev/null | sed -n 's/.*LLVM version \([0-9]*\).*/\1/p' | head -1; }
PROFDATA="${LLVM_PROFDATA:-}"
if [ -z "$PROFDATA" ]; then
    for c in "llvm-profdata-$major" "$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata" llvm-profdata; do
        if command -v "$c" >/dev/null 2>&1 && [ "$(profdata_major "$c")" = "$major" ]; then
            PROFDATA="$c"
            break
        fi
    done
fi
if [ -z "$PROFDATA" ] || [ "$(profdata_major "$PROFDATA")" != "$major" ]; then
    say "needs llvm-profdata of LLVM $major, the version rustc uses: apt-get install llvm-$major, or rustup component add llvm-tools (or set LLVM_PROFDATA)"
    exit 1
fi

# Training texts: never the benchmark corpus.
shopt -s nullglob
inputs=("$ROOT"/demo/*.txt "$ROOT"/tests/fixtures/*/docs.jsonl "$ROOT"/../shared/eval/*/docs.jsonl)
[ ${#inputs[@]} -gt 0 ] || { say "no training texts (demo/*.txt)"; exit 1; }

profiles="$TARGET/pgo-profiles"
rm -rf "$profiles"
mkdir -p "$profiles"

say "building the instrumented binary (LLVM $major, $PROFDATA)"
(cd "$ROOT" && RUSTFLAGS="-Cprofile-generate=$profiles" \
    cargo build --release --quiet --locked --target "$host" --target-dir "$TARGET/pgo-gen")
gen="$TARGET/pgo-gen/$host/release/geomention"

say "profiling on ${#inputs[@]} texts"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export LLVM_PROFILE_FILE="$profiles/gm-%p-%m.profraw"
for f in "${inputs[@]}"; do
    "$gen" map -q --threads 1 --format mentions "$f" -o "$scratch/out.jsonl" -f
    "$gen" map -q --threads 1 "$f" -o "$scratch/out.geojson" -f
done
unset LLVM_PROFILE_FILE
"$PROFDATA" merge -o "$profiles/merged.profdata" "$profiles"/*.profraw

say "building the release binary with the profile"
(cd "$ROOT" && RUSTFLAGS="-Cprofile-use=$profiles/merged.profdata" \
    cargo build --release --quiet --locked --target "$host" --target-dir "$TARGET/pgo-use")
# Written beside OUT under a new name, then renamed over it.
mkdir -p "$(dirname "$OUT")"
tmp="$(mktemp "$OUT.XXXXXX")"
cp "$TARGET/pgo-use/$host/release/geomention" "$tmp"
chmod 755 "$tmp"
mv -f "$tmp" "$OUT"
echo "$OUT"
