#!/usr/bin/env bash
# Lambda benchmark (issue 11). Every handler runs as deployed: the packaged insightflow-lambda.jar,
# unzipped as Lambda unpacks it, in a child JVM under the real Runtime Interface Client with the flags
# of Lambda's Java 17 runtime for a 1,769 MB function (-Xmx1503m = 85 %, SerialGC, C1 only), against a
# Runtime API server in the driver JVM. Prints artifact sizes; per handler the medians of RUNS cold
# starts (init = process start -> first /next; cold = process start -> first answer) and of the warm
# invocations after each (round trip through the Runtime API, and the handler's own time from its JSON
# log line); the warm transform of a ~6 MB Firehose batch; and, unless SKIP_FULL=1, the
# full-size resumed sync: 32,434,489 order_products__prior rows (1,000,000-row parts) served by S3Proxy,
# loaded by Step Functions-style invocations of TIMEOUT_S seconds each until nothing remains.
# Usage: bench/lambda-bench.sh [workdir]   env: RUNS (3), WARM (20), TIMEOUT_S (120), MARGIN (20s), ROWS,
#        SKIP_FULL, SKIP_STARTUP, PGHOST PGPORT PGUSER PGDATABASE
set -euo pipefail
WORK=${1:-/tmp/insightflow-lambda-bench}
RUNS=${RUNS:-3}
WARM=${WARM:-20}
TIMEOUT_S=${TIMEOUT_S:-120}
ROWS=${ROWS:-32434489}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MOD=$ROOT/insightflow-lambda
PSQL="psql -X -q -v ON_ERROR_STOP=1"

echo "== load before: $(uptime)"
rm -rf "$WORK" && mkdir -p "$WORK"
(cd "$ROOT" && mvn -B -q -pl insightflow-lambda -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile="$WORK/cp" -Dmdep.includeScope=test)
CP="$MOD/target/test-classes:$(cat "$WORK/cp"):$ROOT/insightflow-core/target/test-classes:$ROOT/insightflow-core/target/classes"
bench() { (cd "$MOD" && java -Xmx512m ${BENCH_OPTS:-} -cp "$CP" io.insightflow.lambda.LambdaBench "$@"); }
size_mb() { echo "scale=1; $1 / 1048576" | bc; }
unzipped() { unzip -l "$1" | tail -1 | awk '{print $1}'; }

echo "== artifacts"
for jar in insightflow-lambda insightflow-lambda-snowflake; do
  f=$MOD/target/$jar.jar
  echo "$jar.jar: $(size_mb "$(stat -c %s "$f")") MB zipped, $(size_mb "$(unzipped "$f")") MB unzipped"
done

echo "== fixtures: PostgreSQL schemas, a small lake behind S3Proxy, a 6 MB Firehose batch"
$PSQL -c "drop schema if exists lambda_bench_src cascade; drop schema if exists lambda_bench_sync cascade;
  drop schema if exists lambda_bench_full cascade; create schema lambda_bench_src;
  create table lambda_bench_src.orders as select g as id, md5(g::text) as name from generate_series(1, 10000) g"
java -cp "$CP" io.insightflow.sync.SyncBench generate "$WORK/small" 100000 100000 >/dev/null
java -Xmx512m -cp "$CP" io.insightflow.sync.SyncBench s3proxy "$WORK/small/s3" "$WORK/small.endpoint" >"$WORK/s3proxy-small.log" 2>&1 &
PROXIES=$!
trap 'kill $PROXIES 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$WORK/small.endpoint" ] && break; sleep 0.2; done
bench firehose-event "$WORK/firehose-6mb.json" 6000000
echo '{"mode":"incremental"}' >"$WORK/sync-task.json"
echo '{"time":"2024-05-07T09:30:00Z"}' >"$WORK/ingest-direct.json"
S3ENV=(INSIGHTFLOW_S3_ENDPOINT="$(cat "$WORK/small.endpoint")" INSIGHTFLOW_S3_PATHSTYLE=true
  AWS_ACCESS_KEY_ID=local-identity AWS_SECRET_ACCESS_KEY=local-credential)
EV=$MOD/src/test/resources/events
ART=target/insightflow-lambda.jar

if [ "${SKIP_STARTUP:-0}" != 1 ]; then
echo "== cold start and warm latency (medians of $RUNS runs, $WARM warm invocations each)"
bench startup $ART io.insightflow.lambda.FirehoseTransformHandler::handleRequest "$EV/firehose.json" "$RUNS" "$WARM" | tee "$WORK/firehose.txt"
bench startup $ART io.insightflow.lambda.FirehoseTransformHandler::handleRequest "$WORK/firehose-6mb.json" "$RUNS" "$WARM" | tee "$WORK/firehose-6mb.txt"
# The same with full tiered compilation (JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=4 on the function).
BENCH_OPTS=-Dlambda.jvmOptions=-XX:TieredStopAtLevel=4 bench startup $ART io.insightflow.lambda.FirehoseTransformHandler::handleRequest \
  "$WORK/firehose-6mb.json" "$RUNS" "$WARM" | tee "$WORK/firehose-6mb-c2.txt"
bench startup $ART io.insightflow.lambda.SyncHandler::handleRequest "$WORK/sync-task.json" "$RUNS" "$WARM" \
  INSIGHTFLOW_LAKE=s3://bench/lake "${S3ENV[@]}" INSIGHTFLOW_TARGET_URL="$PG_URL" INSIGHTFLOW_TARGET_USER="$PGUSER" \
  INSIGHTFLOW_TARGET_SCHEMA=lambda_bench_sync INSIGHTFLOW_SYNC_THREADS=2 | tee "$WORK/sync.txt"
bench startup $ART io.insightflow.lambda.IngestHandler::handleRequest "$WORK/ingest-direct.json" "$RUNS" "$WARM" \
  INSIGHTFLOW_SOURCE_URL="$PG_URL" INSIGHTFLOW_SOURCE_USER="$PGUSER" INSIGHTFLOW_TABLES=lambda_bench_src.orders \
  INSIGHTFLOW_LAKE="$WORK/ingest-lake" | tee "$WORK/ingest.txt"
bench startup $ART io.insightflow.lambda.KinesisConsumerHandler::handleRequest "$EV/kinesis.json" "$RUNS" "$WARM" \
  INSIGHTFLOW_LAKE="$WORK/kinesis-lake" | tee "$WORK/kinesis.txt"
fi

if [ "${SKIP_FULL:-0}" != 1 ]; then
  echo "== full-size resumed sync: $ROWS rows, invocations of $TIMEOUT_S s"
  java -cp "$CP" io.insightflow.sync.SyncBench generate "$WORK/full" "$ROWS" 1000000
  rm -f "$WORK/full/single.csv"
  java -Xmx512m -cp "$CP" io.insightflow.sync.SyncBench s3proxy "$WORK/full/s3" "$WORK/full.endpoint" >"$WORK/s3proxy-full.log" 2>&1 &
  PROXIES="$PROXIES $!"
  for _ in $(seq 1 100); do [ -s "$WORK/full.endpoint" ] && break; sleep 0.2; done
  echo "load at start: $(uptime)"
  bench resumed-sync "$TIMEOUT_S" INSIGHTFLOW_LAKE=s3://bench/lake INSIGHTFLOW_S3_ENDPOINT="$(cat "$WORK/full.endpoint")" \
    INSIGHTFLOW_S3_PATHSTYLE=true AWS_ACCESS_KEY_ID=local-identity AWS_SECRET_ACCESS_KEY=local-credential \
    INSIGHTFLOW_TARGET_URL="$PG_URL" INSIGHTFLOW_TARGET_USER="$PGUSER" INSIGHTFLOW_TARGET_SCHEMA=lambda_bench_full \
    INSIGHTFLOW_SYNC_THREADS=2 INSIGHTFLOW_LAMBDA_SAFETYMARGIN="${MARGIN:-20s}" | tee "$WORK/full.txt"
  loaded=$($PSQL -t -A -c "select count(*) from lambda_bench_full.order_products__prior")
  echo "rows in PostgreSQL: $loaded (expected $ROWS)"
  [ "$loaded" = "$ROWS" ] || { echo "ROW COUNT MISMATCH"; exit 1; }
fi

echo
echo "== summary (load after: $(uptime))"
grep -h RESULT "$WORK"/*.txt
$PSQL -c "drop schema if exists lambda_bench_src cascade; drop schema if exists lambda_bench_sync cascade;
  drop schema if exists lambda_bench_full cascade"
