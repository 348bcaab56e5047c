#!/usr/bin/env bash
# The three ways to replace a table by a new run, measured in SQL alone (psql, one session, the
# parts of a lake from bench/replace-bench.sh), each over a table already holding the run: [#21]
#   delete-copy    BEGIN; DELETE FROM t; COPY each part; COMMIT        (what replace does)
#   rename-swap    BEGIN; CREATE TABLE n (LIKE t INCLUDING ALL); COPY each part into n;
#                  ALTER TABLE t RENAME TO o; ALTER TABLE n RENAME TO t; DROP TABLE o; COMMIT
#   truncate-copy  BEGIN; TRUNCATE t; COPY each part (FREEZE); COMMIT
# Each starts from a fresh table loaded with the run and VACUUMed, after a CHECKPOINT; measures are
# interleaved over RUNS; wall time of the transaction, and server CPU up to a CHECKPOINT after it.
#   LAKE=/tmp/insightflow-replace-bench/lake bench/replace-mechanisms.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"
LAKE=${LAKE:-/tmp/insightflow-replace-bench/lake}
RUNS=${RUNS:-3}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
export PGOPTIONS="-c client_min_messages=warning"
PSQL="psql -X -q -v ON_ERROR_STOP=1"
S=replace_mech
PARTS=$(find "$LAKE/data/batch" -name '*.csv' | sort | awk -F/ '!seen[$NF]++')
COLS="order_id integer NOT NULL, product_id integer NOT NULL, add_to_cart_order integer NOT NULL, reordered integer NOT NULL"
copies() {  # TABLE [OPTIONS]
  for p in $PARTS; do echo "\\copy $S.$1 (order_id, product_id, add_to_cart_order, reordered) FROM '$p' (FORMAT csv, HEADER true${2:-})"; done
}
trap '$PSQL -c "DROP SCHEMA IF EXISTS $S CASCADE"' EXIT
RESULTS=$(mktemp)
measure() {  # RUN MECHANISM
  $PSQL -c "DROP SCHEMA IF EXISTS $S CASCADE" -c "CREATE SCHEMA $S" -c "CREATE TABLE $S.t ($COLS)"
  copies t | $PSQL
  $PSQL -c "VACUUM ANALYZE $S.t" -c "CHECKPOINT"
  local sql
  case $2 in
    delete-copy) sql="BEGIN;"$'\n'"DELETE FROM $S.t;"$'\n'"$(copies t)"$'\n'"COMMIT;" ;;
    rename-swap) sql="BEGIN;"$'\n'"CREATE TABLE $S.n (LIKE $S.t INCLUDING ALL);"$'\n'"$(copies n)"$'\n'"ALTER TABLE $S.t RENAME TO o;"$'\n'"ALTER TABLE $S.n RENAME TO t;"$'\n'"DROP TABLE $S.o;"$'\n'"COMMIT;" ;;
    truncate-copy) sql="BEGIN;"$'\n'"TRUNCATE $S.t;"$'\n'"$(copies t ', FREEZE true')"$'\n'"COMMIT;" ;;
  esac
  sync
  local s0 t0 t1 s1
  s0=$(server_cpu); t0=$(date +%s.%N)
  echo "$sql" | $PSQL
  t1=$(date +%s.%N)
  $PSQL -c "CHECKPOINT"; s1=$(server_cpu)
  printf '%s\t%s\t%.2f\t%.2f\n' "$1" "$2" "$(echo "$t1 - $t0" | bc)" "$(echo "$s1 - $s0" | bc)" | tee -a "$RESULTS"
}
list=(delete-copy rename-swap truncate-copy)
for run in $(seq 1 "$RUNS"); do
  for i in 0 1 2; do measure "$run" "${list[$(((i + run - 1) % 3))]}"; done
done
echo; echo "parts=$(echo "$PARTS" | wc -l) runs=$RUNS"
printf '%-14s %8s %12s\n' mechanism wall_s server_cpu_s
for m in "${list[@]}"; do printf '%-14s %8.2f %12.2f\n' "$m" "$(median "$m" 3)" "$(median "$m" 4)"; done
