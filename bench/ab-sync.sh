#!/usr/bin/env bash
# Sync of the same lakes by two builds of insightflow-core, interleaved: what a change to the sync
# path costs (or saves). The lakes are generated once; each run syncs every lake with both builds,
# alternating which goes first, each into a fresh schema after a CHECKPOINT, and checks the row
# count. Every figure is the median over RUNS of the wall time of one JVM (start-up included; the
# same SyncOnce program, bench/SyncOnce.java, compiled against each build).
#
#   bench/ab-sync.sh d3c9141                     # full size (32,434,489 rows), 3 runs
#   ROWS=2000000 RUNS=1 bench/ab-sync.sh HEAD~3  # a smoke run
#
# Lakes: plain (a run of 1,000,000-row CSV parts with a manifest, as ingest writes them), gzip (the
# same parts gzipped, listed as gzip), jsonl (the same rows as JSON lines, an external table).
# Besides wall time: the sync JVM's CPU (user + system) and the server's, read from /proc as the
# CPU of every postgres process plus what the postmaster collected from backends that exited
# (so it needs the server on this machine, readable by this user).
# env: PGHOST PGPORT PGUSER PGDATABASE, THREADS (default nproc), JAVA_OPTS, BENCH_DIR, LAKES ("plain gzip jsonl"),
# PIN ("SERVER_CPUS CLIENT_CPUS", e.g. "0 1"): every postgres process on the first CPU list and the sync JVM
# on the second, as where the database has cores of its own (an RDS instance beside Lambda); needs the right
# to change the server's CPU affinity, and gives it every CPU back at the end.
set -euo pipefail
OLD=${1:?usage: bench/ab-sync.sh <git ref of the build to compare with>}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
WORK=${BENCH_DIR:-/tmp/insightflow-ab-sync}
ROWS=${ROWS:-32434489}
RUNS=${RUNS:-3}
LAKES=${LAKES:-plain gzip jsonl}
THREADS=${THREADS:-$(nproc)}
JAVA_OPTS=${JAVA_OPTS:-}
TABLE=order_products__prior
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
export PGOPTIONS="-c client_min_messages=warning"
PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE"
PSQL="psql -X -q -v ON_ERROR_STOP=1"

rm -rf "$WORK" && mkdir -p "$WORK"
build() {  # NAME DIR: compile core in DIR and SyncOnce against it; its classpath into $WORK/NAME.cp
  local name=$1 dir=$2
  mvn -B -q -f "$dir/insightflow-core/pom.xml" test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/$name.deps"
  echo "$dir/insightflow-core/target/test-classes:$dir/insightflow-core/target/classes:$(cat "$WORK/$name.deps")" > "$WORK/$name.cp"
  mkdir -p "$WORK/$name.bin"
  javac -d "$WORK/$name.bin" -cp "$(cat "$WORK/$name.cp")" "$ROOT/bench/SyncOnce.java"
}
echo "== building $OLD and the working tree"
git -C "$ROOT" worktree add -q --detach "$WORK/old" "$OLD"
trap 'git -C "$ROOT" worktree remove --force "$WORK/old"; $PSQL -c "DROP SCHEMA IF EXISTS ab_sync CASCADE"; pin_server "0-$(($(nproc --all) - 1))"' EXIT
pin_server() {  # CPUS: every postgres process (backends fork from the postmaster and inherit it)
  local p
  [ -z "${PIN:-}" ] || for p in $(pgrep -x postgres); do taskset -pc "$1" "$p" >/dev/null; done
}
CLIENT=()
if [ -n "${PIN:-}" ]; then
  read -r SERVER_CPUS CLIENT_CPUS <<< "$PIN"
  pin_server "$SERVER_CPUS"
  CLIENT=(taskset -c "$CLIENT_CPUS")
fi
build old "$WORK/old"
build new "$ROOT"
NEW_CP=$(cat "$WORK/new.cp")

echo "== generating $ROWS rows"
java -cp "$NEW_CP" io.insightflow.sync.SyncBench generate "$WORK/gen" "$ROWS" 1000000
mv "$WORK/gen/s3/bench/lake" "$WORK/lake-plain" && rm -rf "$WORK/gen"
FOLDER=$(cd "$WORK/lake-plain" && dirname "$(find data -name _manifest.json)")
# gzip: the same parts compressed, the manifest's sizes and checksums of the stored bytes.
cp -r "$WORK/lake-plain" "$WORK/lake-gzip"
java -cp "$NEW_CP" io.insightflow.sync.SyncBench gzip "$WORK/lake-gzip"
# jsonl: each part as JSON lines under an external table's folder.
JFOLDER=data/stream/$TABLE/${FOLDER#data/batch/$TABLE/}
mkdir -p "$WORK/lake-jsonl/$JFOLDER"
echo '{"format":"jsonl","partitioned":true,"columns":[{"name":"order_id","type":"integer"},{"name":"product_id","type":"integer"},{"name":"add_to_cart_order","type":"integer"},{"name":"reordered","type":"integer"}]}' \
  > "$WORK/lake-jsonl/data/stream/$TABLE/_schema.json"
statements=()
for part in "$WORK/lake-plain/$FOLDER"/*.csv; do
  statements+=("COPY (SELECT * FROM read_csv('$part', header = true)) TO '$WORK/lake-jsonl/$JFOLDER/$(basename "$part" .csv).jsonl' (FORMAT json)")
done
java -cp "$NEW_CP" io.insightflow.bench.SqlMain "jdbc:duckdb:" "${statements[@]}" >/dev/null

RESULTS=$WORK/results.tsv
printf 'run\tlake\tbuild\tseconds\tjvm_cpu_s\tserver_cpu_s\n' > "$RESULTS"
sync_once() {  # RUN LAKE BUILD
  # One schema for both builds: measured with one schema per build, even two copies of one build
  # differed by 10-19 % (A/A), so nothing but the build may differ between the two.
  local schema=ab_sync external=() t0 t1 loaded
  [ "$2" = jsonl ] && external=("$TABLE")
  $PSQL -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CHECKPOINT"
  sync
  s0=$(server_cpu)
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$WORK/time" "${CLIENT[@]}" java $JAVA_OPTS -cp "$WORK/$3.bin:$(cat "$WORK/$3.cp")" SyncOnce \
    "$WORK/lake-$2" "$PG_URL" "$PGUSER" "$schema" "$THREADS" "${external[@]}" > "$WORK/$1-$2-$3.log" 2>&1 \
    || { echo "FAILED: $WORK/$1-$2-$3.log"; tail "$WORK/$1-$2-$3.log"; exit 1; }
  t1=$(date +%s.%N)
  $PSQL -c "CHECKPOINT"  # the server's work includes writing what the load dirtied
  s1=$(server_cpu)
  loaded=$($PSQL -t -A -c "SELECT count(*) FROM $schema.$TABLE")
  [ "$loaded" = "$ROWS" ] || { echo "ROW COUNT MISMATCH: $2 $3 loaded $loaded of $ROWS"; exit 1; }
  printf '%s\t%s\t%s\t%.2f\t%.2f\t%.2f\n' "$1" "$2" "$3" "$(echo "$t1 - $t0" | bc)" \
    "$(awk '{print $1 + $2}' "$WORK/time")" "$(echo "$s1 - $s0" | bc)" | tee -a "$RESULTS"
}
for run in $(seq 1 "$RUNS"); do
  for lake in $LAKES; do
    if [ $((run % 2)) = 1 ]; then order="old new"; else order="new old"; fi
    for b in $order; do sync_once "$run" "$lake" "$b"; done
  done
done

echo
echo "rows=$ROWS runs=$RUNS threads=$THREADS nproc=$(nproc) pin=${PIN:-none} old=$(git -C "$ROOT" rev-parse --short "$OLD") new=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo +changes)"
median() {  # LAKE BUILD COLUMN
  awk -F'\t' -v l="$1" -v b="$2" -v c="$3" '$2 == l && $3 == b {print $c}' "$RESULTS" | sort -g \
    | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}
printf '%-6s %-12s %8s %8s %8s\n' lake measure old new new/old
for lake in $LAKES; do
  for c in 4:wall_s 5:jvm_cpu_s 6:server_cpu_s; do
    o=$(median "$lake" old "${c%%:*}") n=$(median "$lake" new "${c%%:*}")
    printf '%-6s %-12s %8.2f %8.2f %8.3f\n' "$lake" "${c#*:}" "$o" "$n" "$(echo "$n / $o" | bc -l)"
  done
done
