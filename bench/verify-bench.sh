#!/usr/bin/env bash
# Verify benchmark (issue 23): what `verify` costs after a full sync of order_products__prior
# (32,434,489 rows as 33 parts of 1,000,000 rows, the same lake as sync-bench.sh), against the raw floor
# of reading the table once: `SELECT count(*)`. Verify runs one grouped query per table
# (SELECT _insightflow_object, count(*) ... GROUP BY 1), so it should cost about one count(*).
# Prints the median of 3 runs of each (verify in a fresh JVM each time: in-JVM ms, and wall s).
# Usage: bench/verify-bench.sh [rows] [workdir]   env: PGHOST PGPORT PGUSER PGDATABASE, THREADS, JAVA_OPTS,
#   DEPS (a file holding the test classpath, when maven-dependency-plugin cannot resolve offline)
set -euo pipefail
ROWS=${1:-32434489}
WORK=${2:-/tmp/insightflow-verify-bench}
PART_ROWS=1000000
THREADS=${THREADS:-$(nproc)}
JAVA_OPTS=${JAVA_OPTS:--Xms64m -Xmx256m}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
export INSIGHTFLOW_TEST_PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE" INSIGHTFLOW_TEST_PG_USER=$PGUSER
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PSQL="psql -X -q -v ON_ERROR_STOP=1"
SCHEMA=bench_verify
source "$ROOT/bench/lib.sh"

rm -rf "$WORK" && mkdir -p "$WORK"
build_copy "$ROOT" "$WORK" "$ROOT/bench/VerifyOnce.java"
CP="$WORK/bin:$CP"
now() { date +%s.%N; }

echo "== generating $ROWS rows into $WORK"
java $JAVA_OPTS -cp "$CP" io.insightflow.sync.SyncBench generate "$WORK" "$ROWS" "$PART_ROWS"
rm -f "$WORK/single.csv" # only the lake is needed
LAKE="$WORK/s3/bench/lake"

echo "== sync, local lake, threads=$THREADS"
$PSQL -c "drop schema if exists $SCHEMA cascade"
java $JAVA_OPTS -cp "$CP" io.insightflow.sync.SyncBench sync local "$LAKE" $SCHEMA "$THREADS"
$PSQL -c "vacuum analyze $SCHEMA.order_products__prior" -c "checkpoint"

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
for run in 1 2 3; do
  t=$(now)
  out=$(java $JAVA_OPTS -cp "$CP" VerifyOnce "$LAKE" "$INSIGHTFLOW_TEST_PG_URL" "$PGUSER" $SCHEMA)
  wall=$(echo "$(now) - $t" | bc)
  echo "verify run $run: $out wall_s=$wall"
  printf '%s\tverify\t%s\t%s\n' "$run" "$(echo "$out" | sed -n 's/.*ms=\([0-9]*\).*/\1/p')" "$wall" >> "$RESULTS"
  t=$(now)
  n=$($PSQL -t -A -c "select count(*) from $SCHEMA.order_products__prior")
  wall=$(echo "$(now) - $t" | bc)
  echo "count(*) run $run: $n rows, wall_s=$wall"
  printf '%s\tcount\t%s\t%s\n' "$run" "$(echo "$wall * 1000" | bc | cut -d. -f1)" "$wall" >> "$RESULTS"
done

echo
echo "rows=$ROWS parts=$(( (ROWS + PART_ROWS - 1) / PART_ROWS )) nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-36s %10s %10s\n' measure median_ms median_wall_s
printf '%-36s %10s %10s\n' "verify (in JVM; wall incl. JVM start)" "$(median verify 3)" "$(median verify 4)"
printf '%-36s %10s %10s\n' "psql select count(*)" "$(median count 3)" "$(median count 4)"
