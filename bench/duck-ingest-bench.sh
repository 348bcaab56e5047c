#!/usr/bin/env bash
# DuckDB ingest against DuckDB's own single COPY (issue 24 item 5): order_products__prior at each scale
# (1.0 = 32,434,489 rows) in a DuckDB warehouse, measured as medians of RUNS interleaved runs, each
# measure inside `flock /tmp/bench.lock`:
#   native        DuckDB's COPY table TO one CSV file (statement time in its JVM, connection open)
#   parts         one COPY per 1,000,000 row ids, as the dialect ran them before [#24] (statement times)
#   source        this build's dialect reading the table as the ingest does (plan, every chunk), no sink
#   ingest        this build's whole ingest into a local lake in a fresh JVM (IngestProcessMain, no -Xmx):
#                 process wall with JVM start, CPU, peak RSS; "job" is the table's time from its log line
#   ingest@base   the same with the build of commit $BASE (when BASE is set)
# Prints seconds, CPU seconds and peak RSS per measure, and native / ingest (target >= 0.8).
#
#   DEPS=/tmp/x-deps.txt bench/duck-ingest-bench.sh                 # scale 1, 3 runs
#   DEPS=... BASE=16c7374 SCALES="1 4" bench/duck-ingest-bench.sh   # with the old build, and at 4x
#   DEPS=... SCALES=0.02 RUNS=1 bench/duck-ingest-bench.sh          # a smoke run
# DEPS: a file holding the test classpath (see bench/lib.sh build_copy). The Snowflake driver is left
# out of every JVM: the Maven plugin does not ship it, and DriverManager would initialise it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$ROOT/bench/out/duck-ingest}
SCALES=${SCALES:-1}
RUNS=${RUNS:-3}
BASE=${BASE:-}
BATCH=1000000
TABLE=order_products__prior
TRIGGER=2024-05-07T09:30:00Z
source "$ROOT/bench/lib.sh"

rm -rf "$WORK" && mkdir -p "$WORK"
echo "== building"
build_copy "$ROOT" "$WORK" "$ROOT/bench/DuckIngestBench.java"
CP=$(echo "$CP:$WORK/bin" | tr ':' '\n' | grep -v snowflake | paste -sd:)
BUILDS=new
if [ -n "$BASE" ]; then
  echo "== building $BASE"
  mkdir -p "$WORK/base-src"
  git -C "$ROOT" archive "$BASE" pom.xml insightflow-core | tar -x -C "$WORK/base-src"
  mvn -B -q -o -f "$WORK/base-src/insightflow-core/pom.xml" test-compile
  BASE_CP=$(echo "$WORK/base-src/insightflow-core/target/test-classes:$WORK/base-src/insightflow-core/target/classes:$(cat "$WORK/deps")" \
    | tr ':' '\n' | grep -v snowflake | paste -sd:)
  BUILDS="new base"
fi
RESULTS=$WORK/results.tsv
printf 'scale\trun\tmeasure\tseconds\tcpu\trss_kb\n' > "$RESULTS"
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$SCALE" "$RUN" "$1" "$2" "$3" "${4:-}" >> "$RESULTS"; }

# piece MEASURE MODE: a DuckIngestBench mode, its own timing.
piece() {
  local line
  sync
  line=$(flock /tmp/bench.lock java -cp "$CP" DuckIngestBench "$2" "$URL" "$W/out" $BATCH)
  record "$1" "$(echo "$line" | sed 's/.*seconds=\([0-9.]*\).*/\1/')" "$(echo "$line" | sed 's/.*cpu=\([0-9.]*\).*/\1/')"
}
# ingest MEASURE CLASSPATH: the whole ingest in a fresh JVM; checks the lake's row count.
ingest() {
  local lake=$W/lake manifest rows
  rm -rf "$lake"
  sync
  flock /tmp/bench.lock /usr/bin/time -f "%e %U %S %M" -o "$W/time" java -cp "$2" io.insightflow.ingest.IngestProcessMain \
    "$URL" "$lake" $TABLE $BATCH $TRIGGER 2>"$W/$1.log"
  read -r wall user sys rss < "$W/time"
  record "$1" "$wall" "$(echo "$user + $sys" | bc)" "$rss"
  record "$1-job" "$(grep -o 'parts=[0-9]* rows=[0-9]* bytes=[0-9]* ms=[0-9]*' "$W/$1.log" | sed 's/.*ms=//' | awk '{print $1 / 1000}')" ""
  manifest=$(find "$lake" -name _manifest.json)
  rows=$(grep -o '"rows" *: *[0-9]*' "$manifest" | tail -1 | tr -dc 0-9)
  [ "$rows" = "$ROWS" ] || { echo "ROW COUNT MISMATCH in $1: $rows of $ROWS"; exit 1; }
  find "$lake" -name '*.csv' -printf '%f\n' | sort | md5sum | cut -c1-8 > "$W/$1.names"
  python3 -c "import json,sys; print(' '.join(p['crc32c'] for p in json.load(open(sys.argv[1]))['parts']))" "$manifest" \
    | md5sum | cut -c1-8 > "$W/$1.crcs"
  rm -rf "$lake"
}

for SCALE in $SCALES; do
  W=$WORK/scale-$SCALE
  RUN=0
  mkdir -p "$W"
  echo "== scale $SCALE: generating and loading the warehouse"
  java -cp "$CP" io.insightflow.generate.InstacartGenerator --scale "$SCALE" --dir "$W/csv" --tables $TABLE >/dev/null
  ROWS=$(($(wc -l < "$W/csv/$TABLE.csv") - 1))
  URL="jdbc:duckdb:$W/warehouse.duckdb"
  java -cp "$CP" DuckIngestBench load "$URL" "$W/csv" >/dev/null
  rm -rf "$W/csv"
  for RUN in $(seq 1 "$RUNS"); do
    echo "== scale $SCALE run $RUN/$RUNS ($ROWS rows)"
    order="native parts source ingest"
    [ -n "$BASE" ] && order="$order ingest@base"
    # Even runs go the other way round, so that drift hits every measure alike.
    [ $((RUN % 2)) = 0 ] && order=$(echo "$order" | tr ' ' '\n' | tac | paste -sd' ')
    for m in $order; do
      case $m in
        native|parts|source) piece "$m" "$m" ;;
        ingest) ingest ingest "$CP" ;;
        ingest@base) ingest ingest@base "$BASE_CP" ;;
      esac
    done
    if [ -n "$BASE" ]; then
      cmp -s "$W/ingest.names" "$W/ingest@base.names" && cmp -s "$W/ingest.crcs" "$W/ingest@base.crcs" \
        || { echo "PARTS DIFFER between the builds (names or checksums)"; exit 1; }
    fi
  done
  rm -rf "$W/warehouse.duckdb" "$W/out"
done

echo
echo "medians of $RUNS runs; cores=$(nproc); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-12s %9s %9s %9s %13s\n' scale measure seconds cpu_s peak_MB "native/this"
for SCALE in $SCALES; do
  native=$(awk -F'\t' -v s="$SCALE" '$1 == s && $3 == "native" {print $4}' "$RESULTS" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  for m in native parts source ingest-job ingest ingest@base-job ingest@base; do
    awk -F'\t' -v s="$SCALE" -v m="$m" '$1 == s && $3 == m' "$RESULTS" | grep -q . || continue
    med() { awk -F'\t' -v s="$SCALE" -v m="$m" -v c="$1" '$1 == s && $3 == m && $c != "" {print $c}' "$RESULTS" | sort -g \
      | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "-"}'; }
    sec=$(med 4); cpu=$(med 5)
    rss=$(awk -F'\t' -v s="$SCALE" -v m="$m" '$1 == s && $3 == m && $6 != "" {print $6}' "$RESULTS" | sort -g | tail -1)
    rss=${rss:--}
    [ "$rss" != "-" ] && rss=$((rss / 1024))
    printf '%-6s %-12s %9s %9s %9s %13s\n' "$SCALE" "$m" "$sec" "$cpu" "$rss" "$(echo "scale=2; $native / $sec" | bc)"
  done
done
echo "(ingest = process wall with JVM start; ingest-job = the table's time inside the JVM; peak RSS is the largest run's for the ingest rows)"
