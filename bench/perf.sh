#!/usr/bin/env bash
# Performance as users run it (issue 13): the Maven goals, JVM start-up included, next to each
# system's own tool, as medians of interleaved runs, at several scales of order_products__prior
# (1.0 = 32,434,489 rows). Writes $WORK/results.tsv, then report.md and report.svg (bench/perf-report.py).
#
#   bench/perf.sh                      # scale 1, 3 runs
#   SCALES="0.25 1 4" bench/perf.sh    # the linearity check (4 = 130M rows, ~2.3 GB of CSV)
#   SCALES=0.02 RUNS=1 bench/perf.sh   # a smoke run
#   AB=efb78b9 bench/perf.sh           # every goal also by the build of that commit, interleaved
#
# Measured per scale and run, in this order (so drift hits every measure alike):
#   duck_native   DuckDB's COPY table TO one CSV file (statement time)
#   duck_chunks   the raw limit of a chunked export: DuckDB alone running the same per-part COPY
#                 statements as the goal, on one connection (statement times, no JVM or Maven)
#   duck_chunks_jvm  the same statements as a whole process: a fresh JVM, DuckDB's native library
#                 unpacked and loaded, the connection opened (what any Java program pays; no Maven)
#   duck_ingest   mvn insightflow:ingest from that DuckDB into a local lake
#   pg_native     psql \copy (SELECT * FROM t) TO one CSV file
#   pg_copyout_jvm  the raw limit of that export in Java: a fresh JVM (default heap, no Maven) running
#                 pgjdbc's COPY out of the table's two halves (block ranges) at once into two files, as the
#                 ingest's two readers do (bench CopyOutMain): its wall and peak RSS
#   pg_ingest     mvn insightflow:ingest from PostgreSQL into a local lake
#   sync_native   psql \copy t FROM the one CSV file, into a fresh table of the user's columns
#   sync_native_bin   psql \copy of the same rows as one binary file (COPY ... TO (FORMAT binary))
#   sync_native_prov  psql \copy of the CSV file into a table with sync's provenance column (a constant
#                 default here): the raw tool doing sync's work on one connection
#   sync_raw      the raw limit of a two-connection load: two psql \copy of the file's halves at once, into
#                 a table of the goal's shape (with the provenance column)
#   sync_local    mvn insightflow:sync of the DuckDB run's lake into a fresh schema (default threads = cores)
#   sync_local_t1, sync_local_t4   the same with insightflow.sync.threads=1 and 4
#   sync_s3       the same through the S3 protocol (S3Proxy in its own JVM serving that lake)
#   sync_jsonl, sync_csvext   the sync goal loading the same rows as external objects (no manifest) of
#                 1,000,000 rows each, once as JSON lines (Firehose's usual format), once as headed CSV
# Every measure that loads or reads PostgreSQL also records the server's CPU: utime + stime of every
# postgres process, and what the postmaster collected from exited backends, from just before the
# measure to the end of a CHECKPOINT after it (so the write-back a load causes is counted; autovacuum,
# if on, can add to a window: run with it off for clean figures).
#   mvn_startup   mvn insightflow:help: Maven's own start, subtracted in the "net" columns
# With AB=<git ref>, that commit is built as version <version>-ab (installed beside the working tree's)
# and every goal measure X is followed or preceded (alternating by run) by X@ab, the same goal of that
# build on the same data; the report then compares the two builds' medians.
# The goals run with no MAVEN_OPTS, so the JVM sizes its heap as a user's would; peak RSS is the
# Maven JVM's (the mvn script execs java, so /usr/bin/time sees it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
WORK=${BENCH_DIR:-$ROOT/bench/out/perf}
SCALES=${SCALES:-1}
RUNS=${RUNS:-3}
TABLE=order_products__prior
TRIGGER=2024-05-07T09:30:00Z
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
export PGOPTIONS="-c client_min_messages=warning"
BATCH=1000000  # the default insightflow.ingest.batchSize
PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE"
PSQL="psql -X -q -v ON_ERROR_STOP=1"
unset MAVEN_OPTS

mkdir -p "$WORK"
echo "== building"
mvn -B -q -f "$ROOT/pom.xml" install -DskipTests
VERSION=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$ROOT/pom.xml" | head -1)
PLUGIN="io.insightflow:insightflow-maven-plugin:$VERSION"
AB=${AB:-}
if [ -n "$AB" ]; then
  echo "== building $AB as $VERSION-ab"
  rm -rf "$WORK/ab-tree" && git -C "$ROOT" worktree add -q --detach -f "$WORK/ab-tree" "$AB"
  find "$WORK/ab-tree" -name pom.xml -not -path '*/src/it/*' -exec sed -i "s:<version>$VERSION</version>:<version>$VERSION-ab</version>:" {} +
  mvn -B -q -f "$WORK/ab-tree/pom.xml" install -DskipTests
  git -C "$ROOT" worktree remove --force "$WORK/ab-tree"
fi
mvn -B -q -f "$ROOT/insightflow-core/pom.xml" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt"
CP="$ROOT/insightflow-core/target/test-classes:$ROOT/insightflow-core/target/classes:$(cat "$WORK/cp.txt")"
# The raw tool's own process: SqlMain and the DuckDB driver alone, so no other driver loads.
DUCK_CP="$ROOT/insightflow-core/target/test-classes:$(tr ':' '\n' < "$WORK/cp.txt" | grep '/duckdb_jdbc-')"
PG_CP="$ROOT/insightflow-core/target/test-classes:$(tr ':' '\n' < "$WORK/cp.txt" | grep '/org/postgresql/postgresql/')"
RESULTS=$WORK/results.tsv
printf 'scale\trows\trun\tmeasure\tseconds\trss_kb\tserver_s\n' > "$RESULTS"

# goal NAME ARGS...: runs mvn PLUGIN:NAME outside any project in $W; records wall and peak RSS, and with
# SERVER=1 the server's CPU (server_window).
goal() {
  local measure=$1 name=$2 cpu=""; shift 2
  [ "${SERVER:-0}" = 1 ] && server_begin
  (cd "$W/mvn" && /usr/bin/time -f "%e %M" -o "$W/time" mvn -B -q "$PLUGIN:$name" "$@" >"$W/$measure.log" 2>&1) \
    || { echo "FAILED: $measure (see $W/$measure.log)"; tail -20 "$W/$measure.log"; exit 1; }
  [ "${SERVER:-0}" = 1 ] && cpu=$(server_end)
  record "$measure" "$(cut -d' ' -f1 "$W/time")" "$(cut -d' ' -f2 "$W/time")" "$cpu"
}
# goals MEASURE NAME ARGS...: goal, and with AB the other build's goal as MEASURE@ab, in an order that
# alternates by run; PREPARE (a function name, optional) runs before each, CHECK after each.
goals() {
  local measure=$1 builds=new
  shift
  [ -n "$AB" ] && { [ $((RUN % 2)) = 1 ] && builds="new ab" || builds="ab new"; }
  for b in $builds; do
    ${PREPARE:-true}
    if [ $b = new ]; then goal "$measure" "$@"; else PLUGIN="$PLUGIN-ab" goal "$measure@ab" "$@"; fi
    ${CHECK:-true}
  done
}
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$SCALE" "$ROWS" "$RUN" "$1" "$2" "${3:-}" "${4:-}" >> "$RESULTS"; }
timed() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
# server_begin / server_end: the server's CPU seconds from begin to the end of a CHECKPOINT after the work.
server_begin() { SERVER_CPU0=$(server_cpu); }
server_end() { $PSQL -c "CHECKPOINT"; echo "$(server_cpu) - $SERVER_CPU0" | bc; }
# native MEASURE COMMAND...: a native tool's run, recorded with its wall and server CPU.
native() {
  local measure=$1 seconds; shift
  server_begin
  seconds=$(timed "$@")
  record "$measure" "$seconds" "" "$(server_end)"
}

# settle: before every measure, PostgreSQL's dirty buffers and the kernel's dirty pages go to disk,
# so that no measure pays for the write-back of the one before it, whichever order they run in.
settle() {
  $PSQL -c "CHECKPOINT"
  sync
}
# fresh_psql_table [EXTRA_COLUMN]: an empty perf_psql table, settled.
fresh_psql_table() {
  $PSQL -c "DROP SCHEMA IF EXISTS perf_psql CASCADE" -c "CREATE SCHEMA perf_psql" \
    -c "CREATE TABLE perf_psql.$TABLE (order_id integer, product_id integer, add_to_cart_order integer, reordered integer${1:+, $1})"
  settle
}
# The column sync adds to every table (the id of the object each row came from): 4 more bytes make a
# tuple 48 instead of 40 bytes, 18 % more table and WAL, which a fair raw limit of sync pays too.
PROVENANCE="_insightflow_object integer DEFAULT 1"
COLUMNS="order_id, product_id, add_to_cart_order, reordered"
# two_psql_loads: the file's two halves loaded by two psql at once (the raw limit of two connections).
two_psql_loads() {
  $PSQL -c "\\copy perf_psql.$TABLE ($COLUMNS) FROM '$W/half-1.csv' CSV" &
  $PSQL -c "\\copy perf_psql.$TABLE ($COLUMNS) FROM '$W/half-2.csv' CSV"
  wait
}
# sync_native: psql \copy of the one CSV file and of the binary file into a fresh table of the user's
# columns, of the CSV file into a table with the provenance column, then the two-connection raw limit.
sync_native() {
  fresh_psql_table
  native sync_native $PSQL -c "\\copy perf_psql.$TABLE FROM '$CSV' CSV HEADER"
  fresh_psql_table
  native sync_native_bin $PSQL -c "\\copy perf_psql.$TABLE FROM '$W/rows.bin' (FORMAT binary)"
  fresh_psql_table "$PROVENANCE"
  native sync_native_prov $PSQL -c "\\copy perf_psql.$TABLE ($COLUMNS) FROM '$CSV' CSV HEADER"
  fresh_psql_table "$PROVENANCE"
  native sync_raw two_psql_loads
  $PSQL -c "DROP SCHEMA perf_psql CASCADE"
}
# sync_goals: the sync goal from the local lake (at the default threads, then 1 and 4, the others
# without AB), then through S3, then the external JSON-lines and CSV objects, each into a fresh schema.
sync_goals() {
  local target=(-Dinsightflow.target.url="$PG_URL" -Dinsightflow.target.user="$PGUSER")
  export SERVER=1
  for where in local s3 t1 t4 jsonl csvext; do
    export WHERE=$where
    if [ $where = local ]; then
      PREPARE=fresh_target CHECK=check_target goals sync_local sync -Dinsightflow.lake="$LAKE" "${target[@]}" \
        -Dinsightflow.target.schema=perf_local
    elif [ $where = t1 ] || [ $where = t4 ]; then
      AB="" PREPARE=fresh_target CHECK=check_target goals sync_local_$where sync -Dinsightflow.lake="$LAKE" "${target[@]}" \
        -Dinsightflow.target.schema=perf_$where -Dinsightflow.sync.threads=${where#t}
    elif [ $where = jsonl ] || [ $where = csvext ]; then
      AB="" PREPARE=fresh_target CHECK=check_target goals sync_$where sync -Dinsightflow.lake="$W/lake-${where%ext}" \
        "${target[@]}" -Dinsightflow.target.schema=perf_$where -Dinsightflow.sync.externalTables=$TABLE
    else
      AWS_ACCESS_KEY_ID=local-identity AWS_SECRET_ACCESS_KEY=local-credential \
        PREPARE=fresh_target CHECK=check_target goals sync_s3 sync -Dinsightflow.lake=s3://bench/lake -Dinsightflow.s3.endpoint="$(cat "$W/endpoint")" \
        -Dinsightflow.s3.pathStyle=true -Dinsightflow.target.url="$PG_URL" -Dinsightflow.target.user="$PGUSER" \
        -Dinsightflow.target.schema=perf_s3
    fi
    $PSQL -c "DROP SCHEMA perf_$where CASCADE"
  done
  unset SERVER
}
fresh_target() {
  $PSQL -c "DROP SCHEMA IF EXISTS perf_$WHERE CASCADE"
  settle
}
check_target() {
  local loaded
  loaded=$($PSQL -t -A -c "SELECT count(*) FROM perf_$WHERE.$TABLE")
  [ "$loaded" = "$ROWS" ] || { echo "ROW COUNT MISMATCH in sync_$WHERE: $loaded of $ROWS"; exit 1; }
}

for SCALE in $SCALES; do
  W=$WORK/scale-$SCALE
  ROWS=0 RUN=0
  rm -rf "$W" && mkdir -p "$W/mvn"
  echo "== scale $SCALE: generating and loading the warehouses"
  goal generate generate -Dinsightflow.tables=$TABLE -Dinsightflow.generate.scale="$SCALE" -Dinsightflow.generate.dir="$W/csv"
  CSV=$W/csv/$TABLE.csv
  ROWS=$(($(wc -l < "$CSV") - 1))
  goal load_duckdb load-warehouse -Dinsightflow.tables=$TABLE -Dinsightflow.load.dir="$W/csv" \
    -Dinsightflow.source.url="jdbc:duckdb:$W/warehouse.duckdb"
  $PSQL -c "DROP SCHEMA IF EXISTS perf_src CASCADE" -c "CREATE SCHEMA perf_src" \
    -c "CREATE TABLE perf_src.$TABLE (order_id integer, product_id integer, add_to_cart_order integer, reordered integer)" \
    -c "\\copy perf_src.$TABLE FROM '$CSV' CSV HEADER" -c "VACUUM ANALYZE perf_src.$TABLE" \
    -c "\\copy perf_src.$TABLE TO '$W/rows.bin' (FORMAT binary)"
  external_objects "$W" $TABLE year=2024/month=05/day=07/hhmm=0930 $(((ROWS + BATCH - 1) / BATCH)) $BATCH
  java -cp "$CP" io.insightflow.bench.SqlMain "jdbc:duckdb:$W/warehouse.duckdb" "${STATEMENTS[@]}" >/dev/null
  awk -v half=$((ROWS / 2 + 1)) -v a="$W/half-1.csv" -v b="$W/half-2.csv" \
    'NR == 1 { next } NR <= half { print > a; next } { print > b }' "$CSV"
  CHUNK_COPIES=()
  for ((lo = 0; lo < ROWS; lo += BATCH)); do
    CHUNK_COPIES+=("COPY (SELECT * FROM $TABLE WHERE rowid >= $lo AND rowid < $((lo + BATCH))) TO '$W/duck-chunks/$lo.csv' (FORMAT csv, HEADER true)")
  done
  LAKE=$W/s3/bench/lake  # also bucket "bench", prefix "lake" of the S3Proxy file store rooted at $W/s3
  java -Xmx512m -cp "$CP" io.insightflow.sync.SyncBench s3proxy "$W/s3" "$W/endpoint" >"$W/s3proxy.log" 2>&1 &
  PROXY=$!
  trap 'kill $PROXY 2>/dev/null || true' EXIT
  for _ in $(seq 1 150); do [ -s "$W/endpoint" ] && break; sleep 0.2; done

  for RUN in $(seq 1 "$RUNS"); do
    echo "== scale $SCALE run $RUN/$RUNS ($ROWS rows)"
    settle
    ms=$(java -cp "$CP" io.insightflow.bench.SqlMain "jdbc:duckdb:$W/warehouse.duckdb" \
      "COPY $TABLE TO '$W/duck-export.csv' (FORMAT csv, HEADER true)" | sed 's/ms=//')
    record duck_native "$(echo "scale=3; $ms / 1000" | bc)"
    rm -f "$W/duck-export.csv"
    mkdir -p "$W/duck-chunks"
    settle
    ms=$(/usr/bin/time -f "%e" -o "$W/time" java -cp "$DUCK_CP" io.insightflow.bench.SqlMain "jdbc:duckdb:$W/warehouse.duckdb" \
      "${CHUNK_COPIES[@]}" | sed 's/ms=//' | paste -sd+ | bc)
    record duck_chunks "$(echo "scale=3; $ms / 1000" | bc)"
    record duck_chunks_jvm "$(cat "$W/time")"
    rm -rf "$W/duck-chunks"
    DUCK_INGEST=(-Dinsightflow.source.url="jdbc:duckdb:$W/warehouse.duckdb" -Dinsightflow.tables=$TABLE
      -Dinsightflow.lake="$LAKE" -Dinsightflow.ingest.triggerTime=$TRIGGER)
    PREPARE=settle goals duck_ingest ingest "${DUCK_INGEST[@]}"
    # Both builds' syncs read this lake, and an older build refuses a newer manifest version (v2 came
    # with table keys): with AB, the lake synced is always the one the other build wrote (unmeasured).
    if [ -n "$AB" ] && [ $((RUN % 2)) = 0 ]; then
      (cd "$W/mvn" && mvn -B -q "$PLUGIN-ab:ingest" "${DUCK_INGEST[@]}" >"$W/duck_ingest_ab_again.log" 2>&1)
    fi

    settle
    native pg_native $PSQL -c "\\copy (SELECT * FROM perf_src.$TABLE) TO '$W/pg-export.csv' CSV HEADER"
    rm -f "$W/pg-export.csv"
    settle
    MID=$($PSQL -t -A -c "SELECT relpages / 2 FROM pg_class WHERE oid = 'perf_src.$TABLE'::regclass")
    out=$(/usr/bin/time -f "%e %M" -o "$W/time" java -cp "$PG_CP" io.insightflow.bench.CopyOutMain "$PG_URL" "$PGUSER" \
      "$W/pg-raw-1.csv" "COPY (SELECT * FROM perf_src.$TABLE WHERE ctid < '($MID,0)') TO STDOUT (FORMAT csv, HEADER true)" \
      "$W/pg-raw-2.csv" "COPY (SELECT * FROM perf_src.$TABLE WHERE ctid >= '($MID,0)') TO STDOUT (FORMAT csv, HEADER true)")
    [ "${out##*rows=}" = "$ROWS" ] || { echo "pg_copyout_jvm read ${out##*rows=} rows of $ROWS"; exit 1; }
    record pg_copyout_jvm "$(cut -d' ' -f1 "$W/time")" "$(cut -d' ' -f2 "$W/time")"
    rm -f "$W"/pg-raw-*.csv
    SERVER=1 PREPARE=settle goals pg_ingest ingest -Dinsightflow.source.url="$PG_URL" -Dinsightflow.source.user="$PGUSER" \
      -Dinsightflow.tables=perf_src.$TABLE -Dinsightflow.lake="$W/lake-pg" -Dinsightflow.ingest.triggerTime=$TRIGGER

    # The three loads write ~1 GB of table and ~2.5 GB of WAL each, so each one pays for the
    # checkpoints and write-back the previous one caused; odd runs load with psql first, even runs
    # with the goals first, so that order does not favour either side.
    if [ $((RUN % 2)) = 1 ]; then sync_native; sync_goals; else sync_goals; sync_native; fi
    goals mvn_startup help
  done
  kill $PROXY 2>/dev/null || true
  trap - EXIT
  $PSQL -c "DROP SCHEMA IF EXISTS perf_src CASCADE" -c "DROP SCHEMA IF EXISTS perf_psql CASCADE" \
    -c "DROP SCHEMA IF EXISTS perf_local CASCADE" -c "DROP SCHEMA IF EXISTS perf_s3 CASCADE"
  rm -rf "$W/csv" "$W/half-"*.csv "$W/rows.bin" "$W/warehouse.duckdb" "$W/lake-pg" "$W/lake-jsonl" "$W/lake-csv" "$W/s3"
done

python3 "$ROOT/bench/perf-report.py" "$RESULTS" "$WORK"
