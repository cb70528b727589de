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
#      with it (in $TARGET/pgo-use).
#   4. With BOLT, LLVM's post-link optimizer: instruments that binary,
#      runs it on the same texts, and lays its code out again from that
#      profile (hot blocks and functions together, cold ones apart). Its
#      outputs are still the plain build's, byte for byte (CI checks it
#      too); it maps about 2 % faster again (docs/BENCHMARKS.md,
#      "Session 29").
#   5. Copies the binary to OUT (default $TARGET/pgo/geomention) and prints
#      OUT.
#
# Needs llvm-profdata of the LLVM version rustc is built with (`rustc -vV`
# says which): `apt-get install llvm-NN` gives llvm-profdata-NN, and
# `rustup component add llvm-tools` gives the toolchain's own; LLVM_PROFDATA
# names another. Step 4 needs llvm-bolt and merge-fdata (`apt-get install
# bolt-NN`; LLVM_BOLT names another llvm-bolt, with merge-fdata beside
# it). BOLT=auto (the default) uses them when they are there and says so
# when they are not; BOLT=1 stops with an error without them; BOLT=0 skips
# step 4. Progress goes to standard error. About twice the time of one
# release build.
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

# llvm-bolt and merge-fdata (step 4): LLVM_BOLT if set (it must be one),
# else llvm-bolt-$major, else llvm-bolt; merge-fdata is the one installed
# beside it.
BOLT_MODE="${BOLT:-auto}"
case "$BOLT_MODE" in auto | 0 | 1) ;; *) say "BOLT must be auto, 0 or 1 (it is '$BOLT_MODE')"; exit 1 ;; esac
LLVM_BOLT_BIN=""
MERGE_FDATA=""
# bolt_at CMD: CMD is llvm-bolt with merge-fdata beside it; sets both.
bolt_at() {
    command -v "$1" >/dev/null 2>&1 || return 1
    local real
    real="$(readlink -f "$(command -v "$1")")"
    [ -x "$(dirname "$real")/merge-fdata" ] || return 1
    LLVM_BOLT_BIN="$real"
    MERGE_FDATA="$(dirname "$real")/merge-fdata"
}
if [ "$BOLT_MODE" != 0 ]; then
    if [ -n "${LLVM_BOLT:-}" ]; then
        bolt_at "$LLVM_BOLT" || { say "LLVM_BOLT=$LLVM_BOLT is no llvm-bolt with merge-fdata beside it"; exit 1; }
    else
        bolt_at "llvm-bolt-$major" || bolt_at llvm-bolt || true
    fi
    if [ -z "$LLVM_BOLT_BIN" ]; then
        if [ "$BOLT_MODE" = 1 ]; then
            say "BOLT=1 needs llvm-bolt with merge-fdata beside it: apt-get install bolt-$major (or set LLVM_BOLT)"
            exit 1
        fi
        say "no llvm-bolt with merge-fdata (apt-get install bolt-$major): the build is profile-guided, without BOLT"
    fi
fi

# Training texts: never the benchmark corpus.
shopt -s nullglob
inputs=("$ROOT"/demo/*.txt "$ROOT"/tests/fixtures/*/docs.jsonl "$ROOT"/../shared/eval/*/docs.jsonl)
[ ${#inputs[@]} -gt 0 ] || { say "no training texts (demo/*.txt)"; exit 1; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# train BIN: BIN maps every training text, one thread, mentions and GeoJSON.
train() {
    for f in "${inputs[@]}"; do
        "$1" map -q --threads 1 --format mentions "$f" -o "$scratch/out.jsonl" -f
        "$1" map -q --threads 1 "$f" -o "$scratch/out.geojson" -f
    done
}

profiles="$TARGET/pgo-profiles"
rm -rf "$profiles"
mkdir -p "$profiles"

say "building the instrumented binary (LLVM $major, $PROFDATA)"
(cd "$ROOT" && RUSTFLAGS="-Cprofile-generate=$profiles" \
    cargo build --release --quiet --locked --target "$host" --target-dir "$TARGET/pgo-gen")
gen="$TARGET/pgo-gen/$host/release/geomention"

say "profiling on ${#inputs[@]} texts"
export LLVM_PROFILE_FILE="$profiles/gm-%p-%m.profraw"
train "$gen"
unset LLVM_PROFILE_FILE
"$PROFDATA" merge -o "$profiles/merged.profdata" "$profiles"/*.profraw

say "building the release binary with the profile"
# BOLT moves whole functions only in a binary linked with its relocations.
relocs=""
[ -z "$LLVM_BOLT_BIN" ] || relocs=" -Clink-arg=-Wl,--emit-relocs"
(cd "$ROOT" && RUSTFLAGS="-Cprofile-use=$profiles/merged.profdata$relocs" \
    cargo build --release --quiet --locked --target "$host" --target-dir "$TARGET/pgo-use")
built="$TARGET/pgo-use/$host/release/geomention"

if [ -n "$LLVM_BOLT_BIN" ]; then
    say "BOLT: instrumenting the binary, profiling it on the same texts ($LLVM_BOLT_BIN)"
    bolt="$profiles/bolt"
    mkdir -p "$bolt"
    "$LLVM_BOLT_BIN" "$built" -o "$scratch/instrumented" -instrument \
        -instrumentation-file="$bolt/run" -instrumentation-file-append-pid >"$scratch/bolt.log" 2>&1 ||
        { cat "$scratch/bolt.log" >&2; say "llvm-bolt could not instrument the binary"; exit 1; }
    train "$scratch/instrumented"
    "$MERGE_FDATA" "$bolt"/run.*.fdata >"$bolt/merged.fdata" 2>"$scratch/merge.log" ||
        { cat "$scratch/merge.log" >&2; say "merge-fdata failed"; exit 1; }
    say "BOLT: laying the code out from the profile"
    # Layout only, as BOLT's documentation optimizes a binary: blocks,
    # functions, and hot and cold parts apart. Not -icf (folding identical
    # functions gives two Rust functions one address) and not
    # -use-gnu-stack (it drops the PT_GNU_STACK header, and a loader then
    # may make the stack executable).
    "$LLVM_BOLT_BIN" "$built" -o "$scratch/bolted" -data="$bolt/merged.fdata" \
        -reorder-blocks=ext-tsp -reorder-functions=cdsort -split-functions -split-all-cold \
        -split-eh >"$scratch/bolt.log" 2>&1 ||
        { cat "$scratch/bolt.log" >&2; say "llvm-bolt could not optimize the binary"; exit 1; }
    if ! command -v readelf >/dev/null 2>&1; then
        say "no readelf (binutils): the BOLT binary's stack header is not checked"
    elif ! readelf -lW "$scratch/bolted" | grep -Eq 'GNU_STACK( +[^ ]+){5} +RW +'; then
        say "the BOLT binary has no non-executable stack header (PT_GNU_STACK RW): not used"
        exit 1
    fi
    built="$scratch/bolted"
fi

# Written beside OUT under a new name, then renamed over it.
mkdir -p "$(dirname "$OUT")"
tmp="$(mktemp "$OUT.XXXXXX")"
cp "$built" "$tmp"
chmod 755 "$tmp"
mv -f "$tmp" "$OUT"
echo "$OUT"
