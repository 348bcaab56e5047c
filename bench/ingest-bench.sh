#!/usr/bin/env bash
# Ingest benchmark (issue 2): full-size order_products__prior (32,434,489 rows) from DuckDB and from
# PostgreSQL into a local lake as 1,000,000-row parts, next to each source's own single-file CSV
# export of the same table. Prints wall times, the ratio and the JVM's peak RSS.
#   bench/ingest-bench.sh            # full size
#   SCALE=0.05 bench/ingest-bench.sh # quicker smoke run
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$ROOT/bench/out/ingest}
SCALE=${SCALE:-1.0}
BATCH=${BATCH:-1000000}
PGHOST=${PGHOST:-127.0.0.1}; PGUSER=${PGUSER:-postgres}; PGDATABASE=${PGDATABASE:-test}
export PGHOST PGUSER PGDATABASE
TABLE=order_products__prior
SCHEMA=bench_ingest
TRIGGER=2024-05-07T09:30:00Z
# The ingest JVMs get the heap cap a container or Lambda would give them (the live set is small:
# at most two finished parts wait, and they wait on disk, not in memory).
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}

rm -rf "$WORK" && mkdir -p "$WORK"
echo "== building"
mvn -B -q -f "$ROOT/pom.xml" -pl insightflow-core -am install -DskipTests
mvn -B -q -f "$ROOT/insightflow-core/pom.xml" test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt"
CP="$ROOT/insightflow-core/target/classes:$ROOT/insightflow-core/target/test-classes:$(cat "$WORK/cp.txt")"
run() { java -cp "$CP" "$@"; }
seconds() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

echo "== generating $TABLE at scale $SCALE"
run io.insightflow.generate.InstacartGenerator --scale "$SCALE" --dir "$WORK/csv" --tables "$TABLE"
CSV="$WORK/csv/$TABLE.csv"
ROWS=$(($(wc -l < "$CSV") - 1))
echo "rows=$ROWS bytes=$(stat -c %s "$CSV")"

echo "== loading the warehouses"
DUCK="jdbc:duckdb:$WORK/warehouse.duckdb"
run io.insightflow.bench.SqlMain "$DUCK" \
  "CREATE TABLE $TABLE AS SELECT * FROM read_csv('$CSV', header=true, columns={'order_id':'INTEGER','product_id':'INTEGER','add_to_cart_order':'INTEGER','reordered':'INTEGER'})" >/dev/null
psql -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA" \
  -c "CREATE TABLE $SCHEMA.$TABLE (order_id integer, product_id integer, add_to_cart_order integer, reordered integer)"
psql -q -v ON_ERROR_STOP=1 -c "\\copy $SCHEMA.$TABLE FROM '$CSV' CSV HEADER"
psql -q -c "VACUUM ANALYZE $SCHEMA.$TABLE"
rm -f "$CSV"

echo "== DuckDB: native COPY TO one file"
t0=$(seconds)
NATIVE_MS=$(run io.insightflow.bench.SqlMain "$DUCK" "COPY $TABLE TO '$WORK/duck-export.csv' (FORMAT csv, HEADER true)" | sed 's/ms=//')
t1=$(seconds); rm -f "$WORK/duck-export.csv"
DUCK_NATIVE_WALL=$(elapsed "$t0" "$t1")

echo "== DuckDB: insightflow ingest, $BATCH-row parts"
t0=$(seconds)
/usr/bin/time -f "%M" -o "$WORK/rss-duck" java $JAVA_OPTS -cp "$CP" io.insightflow.ingest.IngestProcessMain "$DUCK" "$WORK/lake-duck" "$TABLE" "$BATCH" "$TRIGGER" 2>"$WORK/duck-ingest.log"
t1=$(seconds)
DUCK_INGEST=$(elapsed "$t0" "$t1")
DUCK_RSS=$(tail -1 "$WORK/rss-duck")
DUCK_INGEST_MS=$(grep -o 'parts=[0-9]* rows=[0-9]* bytes=[0-9]* ms=[0-9]*' "$WORK/duck-ingest.log" | sed 's/.*ms=//')
DUCK_PARTS=$(find "$WORK/lake-duck/data" -name '*.csv' | wc -l)
DUCK_LAKE_ROWS=$(grep -h '"rows"' "$WORK"/lake-duck/data/batch/$TABLE/*/*/*/*/_manifest.json | tail -1 | tr -dc 0-9)
rm -rf "$WORK/lake-duck"

echo "== PostgreSQL: psql \\copy (SELECT …) TO one file"
t0=$(seconds)
psql -q -c "\\copy (SELECT * FROM $SCHEMA.$TABLE) TO '$WORK/pg-export.csv' CSV HEADER"
t1=$(seconds); rm -f "$WORK/pg-export.csv"
PG_NATIVE=$(elapsed "$t0" "$t1")

echo "== PostgreSQL: insightflow ingest, $BATCH-row parts"
t0=$(seconds)
/usr/bin/time -f "%M" -o "$WORK/rss-pg" java $JAVA_OPTS -cp "$CP" io.insightflow.ingest.IngestProcessMain \
  "jdbc:postgresql://$PGHOST:5432/$PGDATABASE?user=$PGUSER" "$WORK/lake-pg" "$SCHEMA.$TABLE" "$BATCH" "$TRIGGER" 2>"$WORK/pg-ingest.log"
t1=$(seconds)
PG_INGEST=$(elapsed "$t0" "$t1")
PG_RSS=$(tail -1 "$WORK/rss-pg")
PG_INGEST_MS=$(grep -o 'parts=[0-9]* rows=[0-9]* bytes=[0-9]* ms=[0-9]*' "$WORK/pg-ingest.log" | sed 's/.*ms=//')
PG_PARTS=$(find "$WORK/lake-pg/data" -name '*.csv' | wc -l)
PG_LAKE_ROWS=$(grep -h '"rows"' "$WORK"/lake-pg/data/batch/$TABLE/*/*/*/*/_manifest.json | tail -1 | tr -dc 0-9)
rm -rf "$WORK/lake-pg"
psql -q -c "DROP SCHEMA $SCHEMA CASCADE"

ratio() { echo "scale=2; $1 / $2" | bc; }
s() { echo "scale=2; $1 / 1000" | bc; }
echo
echo "rows=$ROWS batchSize=$BATCH cores=$(nproc) JAVA_OPTS=$JAVA_OPTS   (throughput ratio = native time / insightflow time; target >= 0.8)"
printf '%-46s %8s s\n' "DuckDB COPY TO one file (statement)" "$(s "$NATIVE_MS")"
printf '%-46s %8s s   (process wall %ss) parts=%s rows=%s peakRSS=%sMB\n' "insightflow ingest from DuckDB (job)" \
  "$(s "$DUCK_INGEST_MS")" "$DUCK_INGEST" "$DUCK_PARTS" "$DUCK_LAKE_ROWS" "$((DUCK_RSS/1024))"
printf '%-46s %8s     (process wall: %s)\n' "  ratio" "$(ratio "$NATIVE_MS" "$DUCK_INGEST_MS")" "$(ratio "$NATIVE_MS/1000" "$DUCK_INGEST")"
printf '%-46s %8s s\n' "psql \\copy (SELECT ...) TO one file" "$PG_NATIVE"
printf '%-46s %8s s   (process wall %ss) parts=%s rows=%s peakRSS=%sMB\n' "insightflow ingest from PostgreSQL (job)" \
  "$(s "$PG_INGEST_MS")" "$PG_INGEST" "$PG_PARTS" "$PG_LAKE_ROWS" "$((PG_RSS/1024))"
printf '%-46s %8s     (process wall: %s)\n' "  ratio" "$(ratio "$PG_NATIVE*1000" "$PG_INGEST_MS")" "$(ratio "$PG_NATIVE" "$PG_INGEST")"
[ "$DUCK_LAKE_ROWS" = "$ROWS" ] && [ "$PG_LAKE_ROWS" = "$ROWS" ] || { echo "ROW COUNT MISMATCH"; exit 1; }
