#!/usr/bin/env bash
# Write mode merge against append, on order_products__prior (full size: 32,434,489 rows in
# 1,000,000-row parts), key (order_id, product_id): [#21]
#   append-empty    append sync of run A into an empty table (today's sync)
#   merge-empty     merge sync of run A into an empty table (sync creates it with the primary key)
#   append-1pct     append sync of run C into a table holding run A (appended, no key)
#   merge-1pct      merge sync of run C into a table holding run A (merged, primary key)
#   jdbc-upsert-*   the same two loads as Kafka Connect's JDBC sink does them: batched INSERT … ON CONFLICT DO
#                   UPDATE, 3000 rows a batch, reWriteBatchedInserts (bench/PeerMerge.java)
#   staging-upsert-* as Airbyte and dlt do them: COPY into a staging table, then one dedup + upsert statement
# The peers' "1pct" tables get run A by a plain COPY (untimed); they keep no ledger (not exactly once).
# Run C is every 100th row of run A with `reordered` flipped, one day later (bench/MergeBenchLake.java):
# 1 % of the rows changed, all of them updates. Each measure starts from a fresh schema (the "1pct"
# ones first load run A in their mode, untimed, and VACUUM it), after a CHECKPOINT; measures are
# interleaved, rotating which goes first; figures are medians over RUNS. Wall time is one JVM's
# (start-up included); server CPU is every postgres process's CPU from before the sync to after a
# CHECKPOINT that writes what it dirtied, as in bench/replace-bench.sh (needs the server here); peak RSS
# is the JVM's (/usr/bin/time). Each "1pct" measure checks that sum(reordered) moved as run C says.
# Run C also deletes 0.1 % of the rows (rows with reordered = -1): the merge of run C runs with
# insightflow.sync.deleteMarker=reordered=-1 (run A's merge without: a table with a delete marker takes
# no fresh-keys COPY), the peers delete them their way, append loads them as rows.
#
#   bench/merge-bench.sh                       # full size, 3 runs
#   ROWS=8108622 bench/merge-bench.sh          # 0.25 x
# env: PGHOST PGPORT PGUSER PGDATABASE, THREADS (default nproc), RUNS (3), BENCH_DIR, JAVA_OPTS, MEASURES,
#   DEPS (see bench/lib.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
WORK=${BENCH_DIR:-/tmp/insightflow-merge-bench}
ROWS=${ROWS:-32434489}
RUNS=${RUNS:-3}
THREADS=${THREADS:-$(nproc)}
JAVA_OPTS=${JAVA_OPTS:-}
MEASURES=${MEASURES:-append-empty merge-empty jdbc-upsert-empty staging-upsert-empty append-1pct merge-1pct jdbc-upsert-1pct staging-upsert-1pct}
TABLE=order_products__prior
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
export PGOPTIONS="-c client_min_messages=warning"
PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE"
PSQL="psql -X -q -v ON_ERROR_STOP=1"
SCHEMA=merge_bench

rm -rf "$WORK" && mkdir -p "$WORK"
trap '$PSQL -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"' EXIT
echo "== building"
build_copy "$ROOT" "$WORK" "$ROOT/bench/WriteModeOnce.java" "$ROOT/bench/MergeBenchLake.java" "$ROOT/bench/PeerMerge.java"

echo "== generating $ROWS rows (run A) and run C, 1 % of them changed one day later"
java -cp "$CP" io.insightflow.sync.SyncBench generate "$WORK/gen" "$ROWS" 1000000
mv "$WORK/gen/s3/bench/lake" "$WORK/lake" && rm -rf "$WORK/gen"
A=$(cd "$WORK/lake" && dirname "$(find data -name _manifest.json)")
java -cp "$WORK/bin:$CP" MergeBenchLake "$WORK/lake" "$A" 2024-01-01T00:00:00Z | tee "$WORK/c.txt"
C=$(sed 's/.*folder=//' "$WORK/c.txt")
CHANGED=$(sed 's/changed rows=\([0-9]*\).*/\1/' "$WORK/c.txt")
DELTA=$(sed 's/.*reordered sum delta=\([-0-9]*\).*/\1/' "$WORK/c.txt")
DELETED=$(sed 's/.*deleted rows=\([0-9]*\).*/\1/' "$WORK/c.txt")
DELETED_SUM=$(sed 's/.*deleted sum=\([0-9]*\).*/\1/' "$WORK/c.txt")
RUN_A=$A/_manifest.json RUN_C=$C/_manifest.json

once() {  # LOG MODE RUN: a sync in write mode MODE, or a peer's approach, of the run's manifest
  local main=(WriteModeOnce "$WORK/lake" "$PG_URL" "$PGUSER" "$SCHEMA" "$THREADS" "$2" "$3")
  case $2 in
    jdbc-upsert | staging-upsert | copy)
      main=(PeerMerge "$2" "$PG_URL" "$PGUSER" "$SCHEMA" "$THREADS" $(ls "$WORK/lake/$(dirname "$3")"/*.csv)) ;;
  esac
  local marker=
  [ "$2" = merge ] && [ "$3" = "$RUN_C" ] && marker=-Dinsightflow.sync.deleteMarker=reordered=-1
  /usr/bin/time -f %M -o "$1.rss" java $JAVA_OPTS $marker -cp "$WORK/bin:$CP" "${main[@]}" > "$1" 2>&1 \
    || { echo "FAILED: $1"; tail "$1"; exit 1; }
}
RESULTS=$WORK/results.tsv
printf 'run\tmeasure\tseconds\tserver_cpu_s\trss_mb\n' > "$RESULTS"
measure() {  # RUN MEASURE
  local mode=${2%-*} state=${2##*-} run=$RUN_A expected=$ROWS before=
  $PSQL -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"
  if [ "$state" = 1pct ]; then
    case $mode in append | merge) once "$WORK/$1-$2-setup.log" "$mode" "$RUN_A" ;;
      *) once "$WORK/$1-$2-setup.log" copy "$RUN_A" ;; esac
    run=$RUN_C
    if [ "$mode" = append ]; then expected=$((ROWS + CHANGED + DELETED)); else
      expected=$((ROWS - DELETED))
      before=$(($($PSQL -t -A -c "SELECT sum(reordered) FROM $SCHEMA.$TABLE") - DELETED_SUM)); fi
  fi
  # The bench's own tables only: a database-wide VACUUM waits behind other users' locks on a shared server.
  if [ "$state" = 1pct ]; then $PSQL -c "VACUUM $SCHEMA.$TABLE" >/dev/null; fi
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
  if [ -n "$before" ]; then
    after=$($PSQL -t -A -c "SELECT sum(reordered) FROM $SCHEMA.$TABLE")
    [ "$after" = $((before + DELTA)) ] || { echo "UPDATE MISMATCH: $2 moved sum(reordered) by $((after - before)), not $DELTA"; exit 1; }
  fi
  if [ "$2" = merge-1pct ]; then
    flipped=$($PSQL -t -A -c "SELECT count(*) FROM $SCHEMA.$TABLE t JOIN $SCHEMA._insightflow_loaded l
      ON l.object_id = t._insightflow_object WHERE l.run_id = 'bench-1pct'")
    [ "$flipped" = "$CHANGED" ] || { echo "MERGE MISMATCH: $flipped rows from run C, not $CHANGED"; exit 1; }
    tombstones=$($PSQL -t -A -c "SELECT count(*) FROM $SCHEMA._insightflow_deleted")
    [ "$tombstones" = "$DELETED" ] || { echo "MERGE MISMATCH: $tombstones tombstones, not $DELETED"; exit 1; }
  fi
  printf '%s\t%s\t%.2f\t%.2f\t%d\n' "$1" "$2" "$(echo "$t1 - $t0" | bc)" "$(echo "$s1 - $s0" | bc)" \
    $(($(tail -1 "$WORK/$1-$2.log.rss") / 1024)) | tee -a "$RESULTS"
}
read -r -a list <<< "$MEASURES"
for run in $(seq 1 "$RUNS"); do
  n=${#list[@]}
  for i in $(seq 0 $((n - 1))); do measure "$run" "${list[$(((i + run - 1) % n))]}"; done
done

echo
echo "rows=$ROWS changed=$CHANGED deleted=$DELETED runs=$RUNS threads=$THREADS nproc=$(nproc) build=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo +changes)"
printf '%-22s %8s %12s %12s\n' measure wall_s server_cpu_s peak_rss_mb
for m in $MEASURES; do
  printf '%-22s %8.2f %12.2f %12.0f\n' "$m" "$(median "$m" 3)" "$(median "$m" 4)" "$(median "$m" 5)"
done
