#!/usr/bin/env bash
# What a naming policy costs sync [#22]: the same DuckDB table (upper-case names) ingested under keep
# and under lower, each lake synced into a fresh schema, alternately; medians of the sync's wall time.
# Under lower, the parts' header holds the source's names, which PostgreSQL's HEADER MATCH cannot
# check against the target's, so sync checks line 1 itself (CsvGuard.headerOnly) and COPY skips it.
#
#   bench/naming-bench.sh [rows] [passes]      (defaults 5,000,000 rows in 1,000,000-row parts, 3 passes)
# env: PGHOST PGPORT PGUSER PGDATABASE, BENCH_DIR, JAVA_OPTS, DEPS (see bench/lib.sh)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
ROWS=${1:-5000000}
PASSES=${2:-3}
WORK=${BENCH_DIR:-/tmp/insightflow-naming-bench}
JAVA_OPTS=${JAVA_OPTS:-}
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE"
PSQL="psql -X -q -v ON_ERROR_STOP=1 -h $PGHOST -p $PGPORT -U $PGUSER -d $PGDATABASE"

rm -rf "$WORK" && mkdir -p "$WORK"
echo "== building"
build_copy "$ROOT" "$WORK" "$ROOT/bench/NamingBench.java"
run() { java $JAVA_OPTS -cp "$WORK/bin:$CP" io.insightflow.sync.NamingBench "$@" 2>>"$WORK/log"; }

echo "== generating $ROWS rows, ingesting under keep and lower"
run generate "$WORK" "$ROWS"
for policy in keep lower; do run ingest "$WORK" "$policy" "$PG_URL" "$PGUSER"; done
head -1 "$WORK"/lake-keep/data/batch/ORDER_PRODUCTS/*/*/*/*/ORDER_PRODUCTS_part00001.csv
head -1 "$WORK"/lake-lower/data/batch/order_products/*/*/*/*/order_products_part00001.csv

RESULTS=$WORK/results.tsv
: >"$RESULTS"
for pass in $(seq 1 "$PASSES"); do
  for policy in keep lower; do
    $PSQL -c "drop schema if exists naming_bench_$policy cascade" -c checkpoint
    run sync "$WORK" "$policy" "$PG_URL" "$PGUSER" "naming_bench_$policy" | tee -a "$RESULTS"
  done
done
for policy in keep lower; do
  $PSQL -c "drop schema if exists naming_bench_$policy cascade"
  printf 'sync-%s median s\t%s\n' "$policy" "$(median "sync-$policy" 3)"
done
