#!/usr/bin/env bash
# JSON lines vs CSV external objects through the sync goal (issue 24, item 4): the sync_jsonl/sync_csv
# pair of bench/interop-bench.sh, without its ingests, on objects written once and kept, so a change can
# be measured again by `PREPARE=0 BUILD=1 bench/jsonl-bench.sh` (BUILD=1: `mvn install` of this tree first,
# which replaces the plugin in ~/.m2 that every goal run here uses; the default, BUILD=0, runs it as installed).
# Runs alternate JSON lines and CSV; figures are medians of wall (Maven and JVM start-up included) and
# peak RSS (/usr/bin/time), MAVEN_OPTS unset as users run the goal.
#
#   SCALE=0.25 RUNS=3 bench/jsonl-bench.sh   # prepare the objects, then measure
#   PREPARE=0 RUNS=3 bench/jsonl-bench.sh    # measure again, objects and plugin as they are
# Transcoder alone: bench/JsonLinesBench.java (read and COPY of one object; see its javadoc).
# env: SCALE (0.25), RUNS (3), OBJECT_ROWS (1000000), PREPARE (1), BUILD (0), BENCH_DIR, PG*
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
WORK=${BENCH_DIR:-/tmp/insightflow-jsonl-bench}
SCALE=${SCALE:-0.25}
RUNS=${RUNS:-3}
OBJECT_ROWS=${OBJECT_ROWS:-1000000}
TABLE=order_products__prior
FOLDER=year=2024/month=05/day=07/hhmm=0930
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE"
PSQL="psql -X -q -v ON_ERROR_STOP=1"
export PGOPTIONS="-c client_min_messages=warning"
unset MAVEN_OPTS
VERSION=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$ROOT/pom.xml" | head -1)
PLUGIN="io.insightflow:insightflow-maven-plugin:$VERSION"

mkdir -p "$WORK/mvn"
[ "${BUILD:-0}" = 0 ] || { echo "== building"; mvn -B -q -o -f "$ROOT/pom.xml" install -DskipTests; }
mvn_goal() {  # LOG NAME ARGS...: wall seconds and peak RSS KB into $WORK/time
  local log=$1 name=$2; shift 2
  (cd "$WORK/mvn" && /usr/bin/time -f "%e %M" -o "$WORK/time" mvn -B -q "$PLUGIN:$name" "$@" >"$WORK/$log.log" 2>&1) \
    || { echo "FAILED: $log (see $WORK/$log.log)"; tail -20 "$WORK/$log.log"; exit 1; }
}
if [ "${PREPARE:-1}" = 1 ]; then
  rm -rf "$WORK/lake-"* "$WORK/csv" "$WORK/warehouse.duckdb"
  echo "== scale $SCALE: generating the rows"
  mvn_goal generate generate -Dinsightflow.tables=$TABLE -Dinsightflow.generate.scale="$SCALE" -Dinsightflow.generate.dir="$WORK/csv"
  echo $(($(wc -l < "$WORK/csv/$TABLE.csv") - 1)) > "$WORK/rows"
  mvn_goal load load-warehouse -Dinsightflow.tables=$TABLE -Dinsightflow.load.dir="$WORK/csv" \
    -Dinsightflow.source.url="jdbc:duckdb:$WORK/warehouse.duckdb"
  rm -rf "$WORK/csv"
  mvn -B -q -o -f "$ROOT/insightflow-core/pom.xml" test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/cp.txt"
  CP="$ROOT/insightflow-core/target/test-classes:$ROOT/insightflow-core/target/classes:$(cat "$WORK/cp.txt")"
  OBJECTS=$((($(cat "$WORK/rows") + OBJECT_ROWS - 1) / OBJECT_ROWS))
  external_objects "$WORK" "$TABLE" "$FOLDER" "$OBJECTS" "$OBJECT_ROWS"
  java -cp "$CP" io.insightflow.bench.SqlMain "jdbc:duckdb:$WORK/warehouse.duckdb" "${STATEMENTS[@]}" >/dev/null
  rm -f "$WORK/warehouse.duckdb"
fi
ROWS=$(cat "$WORK/rows")
RESULTS=$WORK/results.tsv
printf 'run\tmeasure\tseconds\trss_kb\n' > "$RESULTS"
trap '$PSQL -c "DROP SCHEMA IF EXISTS jsonl_bench CASCADE"' EXIT
for RUN in $(seq 1 "$RUNS"); do
  for format in jsonl csv; do
    $PSQL -c "DROP SCHEMA IF EXISTS jsonl_bench CASCADE" -c "CHECKPOINT"
    mvn_goal "sync_$format-$RUN" sync -Dinsightflow.lake="$WORK/lake-$format" -Dinsightflow.target.url="$PG_URL" \
      -Dinsightflow.target.user="$PGUSER" -Dinsightflow.target.schema=jsonl_bench -Dinsightflow.sync.externalTables=$TABLE
    loaded=$($PSQL -t -A -c "SELECT count(*) FROM jsonl_bench.$TABLE")
    [ "$loaded" = "$ROWS" ] || { echo "ROW COUNT MISMATCH in $format: $loaded of $ROWS"; exit 1; }
    printf '%s\tsync_%s\t%s\t%s\n' "$RUN" "$format" $(cat "$WORK/time") | tee -a "$RESULTS"
  done
done
j=$(median sync_jsonl 3) c=$(median sync_csv 3)
awk -v j="$j" -v c="$c" -v r="$ROWS" -v jk="$(median sync_jsonl 4)" -v ck="$(median sync_csv 4)" -v n="$RUNS" 'BEGIN {
  printf "%d rows, median of %d: sync_jsonl %.2f s %.0f rows/s %.0f MB | sync_csv %.2f s %.0f rows/s %.0f MB | JSON/CSV rate %.2f\n",
    r, n, j, r / j, jk / 1024, c, r / c, ck / 1024, c / j }' | tee "$WORK/report.txt"
