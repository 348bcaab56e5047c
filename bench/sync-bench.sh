#!/usr/bin/env bash
# Sync benchmark (issue 3): full-size order_products__prior (32,434,489 rows) as 1,000,000-row parts.
# Times, in one run and each into a fresh logged table with default server settings:
#   psql \copy of one CSV | insightflow sync from the local lake | sync through S3 (S3Proxy) | pgloader (if installed)
# Prints wall times, ratios to psql \copy, rows/s and the sync JVM's peak RSS, and checks row counts.
# Usage: bench/sync-bench.sh [rows] [workdir]      env: PGHOST PGPORT PGUSER PGDATABASE, THREADS, JAVA_OPTS
set -euo pipefail
ROWS=${1:-32434489}
WORK=${2:-/tmp/insightflow-sync-bench}
PART_ROWS=1000000
THREADS=${THREADS:-$(nproc)}
JAVA_OPTS=${JAVA_OPTS:--Xms64m -Xmx256m}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
export INSIGHTFLOW_TEST_PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE" INSIGHTFLOW_TEST_PG_USER=$PGUSER
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORE=$ROOT/insightflow-core
PSQL="psql -X -q -v ON_ERROR_STOP=1"

(cd "$CORE" && mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile="$WORK.cp" -Dmdep.includeScope=test)
CP="$CORE/target/test-classes:$CORE/target/classes:$(cat "$WORK.cp")"
run_java() { java $JAVA_OPTS -cp "$CP" io.insightflow.sync.SyncBench "$@"; }
now() { date +%s.%N; }

rm -rf "$WORK" && mkdir -p "$WORK"
echo "== generating $ROWS rows into $WORK"
t=$(now); run_java generate "$WORK" "$ROWS" "$PART_ROWS"; echo "generated in $(echo "$(now) - $t" | bc) s"

TABLE_DDL="(order_id integer not null, product_id integer not null, add_to_cart_order integer not null, reordered integer not null)"
$PSQL -c "drop schema if exists bench_psql cascade; drop schema if exists bench_local cascade; drop schema if exists bench_s3 cascade; drop schema if exists bench_pgloader cascade; create schema bench_psql; create table bench_psql.order_products__prior $TABLE_DDL"
sync; $PSQL -c "checkpoint"

echo "== psql \\copy (one file, one stream)"
t=$(now)
$PSQL -c "\\copy bench_psql.order_products__prior from '$WORK/single.csv' (format csv, header true)"
PSQL_S=$(echo "$(now) - $t" | bc)
$PSQL -c "checkpoint"

echo "== insightflow sync, local lake, threads=$THREADS"
t=$(now)
/usr/bin/time -v -o "$WORK/time-local.txt" java $JAVA_OPTS -cp "$CP" io.insightflow.sync.SyncBench sync local "$WORK/s3/bench/lake" bench_local "$THREADS" 2>"$WORK/sync-local.log" | tee "$WORK/result-local.txt"
LOCAL_S=$(echo "$(now) - $t" | bc)
$PSQL -c "checkpoint"

echo "== insightflow sync through S3 (S3Proxy, separate JVM serving $WORK/s3), threads=$THREADS"
java -Xmx512m -cp "$CP" io.insightflow.sync.SyncBench s3proxy "$WORK/s3" "$WORK/endpoint" >"$WORK/s3proxy.log" 2>&1 &
PROXY=$!
trap 'kill $PROXY 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$WORK/endpoint" ] && break; sleep 0.2; done
t=$(now)
/usr/bin/time -v -o "$WORK/time-s3.txt" java $JAVA_OPTS -cp "$CP" io.insightflow.sync.SyncBench sync s3 "$(cat "$WORK/endpoint")" bench_s3 "$THREADS" 2>"$WORK/sync-s3.log" | tee "$WORK/result-s3.txt"
S3_S=$(echo "$(now) - $t" | bc)
kill $PROXY; trap - EXIT

PGLOADER_S=""
if command -v pgloader >/dev/null; then
  echo "== pgloader (one file)"
  $PSQL -c "create schema bench_pgloader; create table bench_pgloader.order_products__prior $TABLE_DDL"
  t=$(now)
  pgloader --quiet --type csv --field "order_id,product_id,add_to_cart_order,reordered" --with "skip header = 1" \
    --with "fields terminated by ','" "$WORK/single.csv" \
    "postgresql://$PGUSER@$PGHOST:$PGPORT/$PGDATABASE?tablename=bench_pgloader.order_products__prior" >/dev/null
  PGLOADER_S=$(echo "$(now) - $t" | bc)
else
  echo "== pgloader not installed: skipped"
fi

count() { $PSQL -t -A -c "select count(*) from $1.order_products__prior"; }
rss() { awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$1"; }
inner() { sed -n 's/.*ms=\([0-9]*\).*/\1/p' "$1" | head -1; }
echo
echo "rows=$ROWS parts=$(( (ROWS + PART_ROWS - 1) / PART_ROWS )) threads=$THREADS nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-26s %9s %9s %12s %10s %12s %s\n' method wall_s ratio rows/s rss_peak in_jvm_s rows_loaded
line() { # name seconds rss inner_ms schema
  printf '%-26s %9.2f %9.2f %12.0f %10s %12s %s\n' "$1" "$2" "$(echo "$2 / $PSQL_S" | bc -l)" \
    "$(echo "$ROWS / $2" | bc -l)" "$3" "$4" "$(count "$5")"
}
line "psql \\copy" "$PSQL_S" "-" "-" bench_psql
line "insightflow local lake" "$LOCAL_S" "$(rss "$WORK/time-local.txt")" "$(echo "scale=2; $(inner "$WORK/result-local.txt") / 1000" | bc)" bench_local
line "insightflow S3 (S3Proxy)" "$S3_S" "$(rss "$WORK/time-s3.txt")" "$(echo "scale=2; $(inner "$WORK/result-s3.txt") / 1000" | bc)" bench_s3
[ -n "$PGLOADER_S" ] && line "pgloader" "$PGLOADER_S" "-" "-" bench_pgloader
for s in bench_local bench_s3; do
  [ "$(count $s)" = "$ROWS" ] || { echo "ROW COUNT MISMATCH in $s"; exit 1; }
done
echo "row counts OK (wall_s includes JVM start; in_jvm_s is the sync call alone)"
