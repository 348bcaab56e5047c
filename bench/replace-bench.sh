#!/usr/bin/env bash
# Write mode replace against append, on the same run of order_products__prior (full size:
# 32,434,489 rows in 1,000,000-row parts): [#21]
#   append-empty    append sync of run A into an empty table (today's sync)
#   replace-empty   replace sync of run A into an empty table
#   append-full     append sync of run B into a table holding run A (the rows double)
#   replace-full    replace sync of run B over a table holding run A (a daily snapshot)
# Run B is run A's parts copied into a later partition folder (same bytes, new manifest keys).
# Each measure starts from a fresh schema (the "full" ones first load run A, untimed), after a
# CHECKPOINT; the measures are interleaved, rotating which goes first; figures are medians over RUNS.
# Wall time is one JVM's (start-up included); server CPU is every postgres process's CPU (live ones
# and the exited backends the postmaster collected) from before the sync to after a CHECKPOINT
# that writes what it dirtied, as in bench/ab-sync.sh (needs the server on this machine).
#
#   bench/replace-bench.sh                       # full size, 3 runs
#   ROWS=8108622 bench/replace-bench.sh          # 0.25 x
# env: PGHOST PGPORT PGUSER PGDATABASE, THREADS (default nproc), RUNS (3), BENCH_DIR, JAVA_OPTS, DEPS (see
#   bench/lib.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
WORK=${BENCH_DIR:-/tmp/insightflow-replace-bench}
ROWS=${ROWS:-32434489}
RUNS=${RUNS:-3}
THREADS=${THREADS:-$(nproc)}
JAVA_OPTS=${JAVA_OPTS:-}
MEASURES=${MEASURES:-append-empty replace-empty append-full replace-full}
TABLE=order_products__prior
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
export PGOPTIONS="-c client_min_messages=warning"
PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE"
PSQL="psql -X -q -v ON_ERROR_STOP=1"
SCHEMA=replace_bench

rm -rf "$WORK" && mkdir -p "$WORK"
trap '$PSQL -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"' EXIT
echo "== building"
build_copy "$ROOT" "$WORK" "$ROOT/bench/WriteModeOnce.java"

echo "== generating $ROWS rows (run A) and run B, the same parts one day later"
java -cp "$CP" io.insightflow.sync.SyncBench generate "$WORK/gen" "$ROWS" 1000000
mv "$WORK/gen/s3/bench/lake" "$WORK/lake" && rm -rf "$WORK/gen"
A=$(cd "$WORK/lake" && dirname "$(find data -name _manifest.json)")
B=$(echo "$A" | awk -F/ '{for (i = 1; i <= NF; i++) if ($i ~ /^day=/) { d = substr($i, 5) + 1; $i = sprintf("day=%02d", d) } print}' OFS=/)
mkdir -p "$WORK/lake/$B"
for f in "$WORK/lake/$A"/*.csv; do ln "$f" "$WORK/lake/$B/$(basename "$f")"; done
sed "s|$A/|$B/|g" "$WORK/lake/$A/_manifest.json" > "$WORK/lake/$B/_manifest.json"
RUN_A=$A/_manifest.json RUN_B=$B/_manifest.json

once() {  # LOG MODE RUN
  java $JAVA_OPTS -cp "$WORK/bin:$CP" WriteModeOnce "$WORK/lake" "$PG_URL" "$PGUSER" "$SCHEMA" "$THREADS" "$2" "$3" \
    > "$1" 2>&1 || { echo "FAILED: $1"; tail "$1"; exit 1; }
}
RESULTS=$WORK/results.tsv
printf 'run\tmeasure\tseconds\tserver_cpu_s\n' > "$RESULTS"
measure() {  # RUN MEASURE
  local mode=${2%-*} state=${2#*-} run=$RUN_A expected=$ROWS
  $PSQL -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"
  if [ "$state" = full ]; then
    once "$WORK/$1-$2-setup.log" "$mode" "$RUN_A"
    run=$RUN_B
    [ "$mode" = append ] && expected=$((2 * ROWS))
  fi
  # The bench's own table only: a database-wide VACUUM waits behind other users' locks on a shared server.
  if [ "$state" = full ]; then $PSQL -c "VACUUM $SCHEMA.$TABLE" >/dev/null; fi
  $PSQL -c "CHECKPOINT" >/dev/null
  sync
  local s0 t0 t1 s1 loaded
  s0=$(server_cpu)
  t0=$(date +%s.%N)
  once "$WORK/$1-$2.log" "$mode" "$run"
  t1=$(date +%s.%N)
  $PSQL -c "CHECKPOINT"
  s1=$(server_cpu)
  loaded=$($PSQL -t -A -c "SELECT count(*) FROM $SCHEMA.$TABLE")
  [ "$loaded" = "$expected" ] || { echo "ROW COUNT MISMATCH: $2 has $loaded rows, not $expected"; exit 1; }
  printf '%s\t%s\t%.2f\t%.2f\n' "$1" "$2" "$(echo "$t1 - $t0" | bc)" "$(echo "$s1 - $s0" | bc)" | tee -a "$RESULTS"
}
read -r -a list <<< "$MEASURES"
for run in $(seq 1 "$RUNS"); do
  n=${#list[@]}
  for i in $(seq 0 $((n - 1))); do measure "$run" "${list[$(((i + run - 1) % n))]}"; done
done

echo
echo "rows=$ROWS runs=$RUNS threads=$THREADS nproc=$(nproc) build=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo +changes)"
printf '%-14s %8s %12s\n' measure wall_s server_cpu_s
for m in $MEASURES; do printf '%-14s %8.2f %12.2f\n' "$m" "$(median "$m" 3)" "$(median "$m" 4)"; done
