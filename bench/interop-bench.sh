#!/usr/bin/env bash
# "The lake speaks AWS" (issue 10): gzip vs plain lake parts, and JSON-lines vs CSV external objects,
# through the Maven goals as users run them (Maven and JVM start-up included in every wall time), on
# order_products__prior (scale 1.0 = 32,434,489 rows, generated, never committed).
#
#   bench/interop-bench.sh                     # full size, 3 runs (about 3.5 GB of disk while it runs)
#   SCALE=0.02 RUNS=1 bench/interop-bench.sh   # a smoke run
#   BUILD=0 bench/interop-bench.sh             # skip `mvn install`: use the plugin already in ~/.m2
#
# Measured per run, in this order (so drift hits every measure alike); each figure is the median of RUNS:
#   ingest_plain  mvn insightflow:ingest from the embedded DuckDB into a fresh local lake, CSV parts
#   ingest_gzip   the same with -Dinsightflow.ingest.compression=gzip (.csv.gz parts)
#   sync_plain    mvn insightflow:sync of the plain lake into a fresh schema
#   sync_gzip     the same for the gzip lake
#   sync_jsonl    sync of an external table (no manifest; its folder's _schema.json says jsonl): the same
#                 rows as newline-delimited JSON, OBJECT_ROWS rows per object, in a Firehose-like
#                 data/stream/<table>/year=/month=/day=/hhmm=/ folder (written once, by DuckDB)
#   sync_csv      the same objects as headed CSV (format csv), so the two external tables differ in format only
# "lake MB" is the data objects' bytes (manifests and _schema.json left out); every sync's row count
# must equal the generated rows. Writes $WORK/results.tsv and $WORK/report.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
WORK=${BENCH_DIR:-$ROOT/bench/out/interop}
SCALE=${SCALE:-1}
RUNS=${RUNS:-3}
OBJECT_ROWS=${OBJECT_ROWS:-1000000}
TABLE=order_products__prior
TRIGGER=2024-05-07T09:30:00Z
FOLDER=year=2024/month=05/day=07/hhmm=0930
SCHEMAS="interop_plain interop_gzip interop_jsonl interop_csv"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE"
PSQL="psql -X -q -v ON_ERROR_STOP=1"
export PGOPTIONS="-c client_min_messages=warning"  # no NOTICEs from DROP SCHEMA … CASCADE
unset MAVEN_OPTS

rm -rf "$WORK" && mkdir -p "$WORK/mvn"
echo "== building"
[ "${BUILD:-1}" = 0 ] || mvn -B -q -f "$ROOT/pom.xml" install -DskipTests
mvn -B -q -f "$ROOT/insightflow-core/pom.xml" test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt"
CP="$ROOT/insightflow-core/target/test-classes:$ROOT/insightflow-core/target/classes:$(cat "$WORK/cp.txt")"
VERSION=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$ROOT/pom.xml" | head -1)
PLUGIN="io.insightflow:insightflow-maven-plugin:$VERSION"
RESULTS=$WORK/results.tsv
printf 'run\tmeasure\tseconds\trss_kb\tlake_bytes\n' > "$RESULTS"
drop_schemas() { for s in $SCHEMAS; do $PSQL -c "DROP SCHEMA IF EXISTS $s CASCADE"; done; }
trap drop_schemas EXIT

# mvn_goal LOG NAME ARGS...: mvn PLUGIN:NAME outside any project; wall seconds and peak RSS into $WORK/time.
mvn_goal() {
  local log=$1 name=$2; shift 2
  (cd "$WORK/mvn" && /usr/bin/time -f "%e %M" -o "$WORK/time" mvn -B -q "$PLUGIN:$name" "$@" >"$WORK/$log.log" 2>&1) \
    || { echo "FAILED: $log (see $WORK/$log.log)"; tail -20 "$WORK/$log.log"; exit 1; }
}
lake_bytes() { find "$1/data" -type f ! -name '_*' -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
# measure MEASURE LAKE NAME ARGS...: mvn_goal, recorded with the bytes of the lake it wrote or read.
measure() {
  local m=$1 lake=$2; shift 2
  mvn_goal "$m-$RUN" "$@"
  printf '%s\t%s\t%s\t%s\t%s\n' "$RUN" "$m" $(cat "$WORK/time") "$(lake_bytes "$lake")" >> "$RESULTS"
}
ingest() {  # MEASURE LAKE SUFFIX [ARGS...]: a fresh lake whose parts must all end in SUFFIX
  local m=$1 lake=$2 suffix=$3; shift 3
  rm -rf "$lake"
  measure "$m" "$lake" ingest -Dinsightflow.source.url="jdbc:duckdb:$WORK/warehouse.duckdb" -Dinsightflow.tables=$TABLE \
    -Dinsightflow.lake="$lake" -Dinsightflow.ingest.triggerTime=$TRIGGER "$@"
  local parts others
  parts=$(find "$lake/data" -type f -name "*$suffix" | wc -l)
  others=$(find "$lake/data" -type f ! -name '_*' ! -name "*$suffix" -printf '%f ')
  [ "$parts" -gt 0 ] && [ -z "$others" ] || { echo "UNEXPECTED PARTS in $m: $parts *$suffix, others: $others"; exit 1; }
}
sync_into() {  # MEASURE LAKE SCHEMA [ARGS...]: sync into a fresh schema, then check the row count
  local m=$1 lake=$2 schema=$3 loaded; shift 3
  $PSQL -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CHECKPOINT"
  measure "$m" "$lake" sync -Dinsightflow.lake="$lake" -Dinsightflow.target.url="$PG_URL" \
    -Dinsightflow.target.user="$PGUSER" -Dinsightflow.target.schema="$schema" "$@"
  loaded=$($PSQL -t -A -c "SELECT count(*) FROM $schema.$TABLE")
  [ "$loaded" = "$ROWS" ] || { echo "ROW COUNT MISMATCH in $m: $loaded of $ROWS"; exit 1; }
}

echo "== scale $SCALE: generating and loading the DuckDB warehouse"
RUN=0
mvn_goal generate generate -Dinsightflow.tables=$TABLE -Dinsightflow.generate.scale="$SCALE" -Dinsightflow.generate.dir="$WORK/csv"
ROWS=$(($(wc -l < "$WORK/csv/$TABLE.csv") - 1))
mvn_goal load load-warehouse -Dinsightflow.tables=$TABLE -Dinsightflow.load.dir="$WORK/csv" \
  -Dinsightflow.source.url="jdbc:duckdb:$WORK/warehouse.duckdb"
rm -rf "$WORK/csv"

OBJECTS=$(((ROWS + OBJECT_ROWS - 1) / OBJECT_ROWS))
echo "== writing the external objects: $OBJECTS of JSON lines and $OBJECTS of CSV, $OBJECT_ROWS rows each"
external_objects "$WORK" "$TABLE" "$FOLDER" "$OBJECTS" "$OBJECT_ROWS"
java -cp "$CP" io.insightflow.bench.SqlMain "jdbc:duckdb:$WORK/warehouse.duckdb" "${STATEMENTS[@]}" >/dev/null

for RUN in $(seq 1 "$RUNS"); do
  echo "== run $RUN/$RUNS ($ROWS rows)"
  ingest ingest_plain "$WORK/lake-plain" .csv
  ingest ingest_gzip "$WORK/lake-gzip" .csv.gz -Dinsightflow.ingest.compression=gzip
  sync_into sync_plain "$WORK/lake-plain" interop_plain
  sync_into sync_gzip "$WORK/lake-gzip" interop_gzip
  sync_into sync_jsonl "$WORK/lake-jsonl" interop_jsonl -Dinsightflow.sync.externalTables=$TABLE
  sync_into sync_csv "$WORK/lake-csv" interop_csv -Dinsightflow.sync.externalTables=$TABLE
done
drop_schemas && trap - EXIT
rm -rf "$WORK/warehouse.duckdb" "$WORK"/lake-*

# median MEASURE COLUMN: the median over the runs of one column of results.tsv
median() {
  awk -F'\t' -v m="$1" -v c="$2" '$2 == m {print $c}' "$RESULTS" | sort -g \
    | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
{
  echo "$TABLE at scale $SCALE: $ROWS rows; median of $RUNS run(s); $(nproc) cores; wall includes Maven and JVM start-up"
  echo
  echo "| measure | wall s | rows/s | lake MB | peak RSS MB |"
  echo "|---|---:|---:|---:|---:|"
  for m in ingest_plain ingest_gzip sync_plain sync_gzip sync_jsonl sync_csv; do
    s=$(median $m 3)
    awk -v m=$m -v s="$s" -v r="$ROWS" -v b="$(median $m 5)" -v k="$(median $m 4)" \
      'BEGIN {printf "| %s | %.2f | %.0f | %.1f | %.0f |\n", m, s, r / s, b / 1e6, k / 1024}'
  done
  echo
  echo "gzip / plain: lake bytes $(ratio "$(median ingest_gzip 5)" "$(median ingest_plain 5)"), ingest wall" \
    "$(ratio "$(median ingest_gzip 3)" "$(median ingest_plain 3)"), sync wall $(ratio "$(median sync_gzip 3)" "$(median sync_plain 3)")"
  echo "JSON lines / CSV ($OBJECTS external objects each): sync rows/s $(ratio "$(median sync_csv 3)" "$(median sync_jsonl 3)")," \
    "object bytes $(ratio "$(median sync_jsonl 5)" "$(median sync_csv 5)")"
} | tee "$WORK/report.md"
