#!/usr/bin/env bash
# Streaming benchmark [#5]: records/s of the Firehose transformation API on a 6 MB batch, then
# publish and consume EVENTS order events through the Kinesis emulator into a local lake, end to end.
# Not part of the test suite. Usage: bench/stream-bench.sh [EVENTS=1000000] [SHARDS=4]
# KINESIS_EMULATOR=kinesalite (default here: its PutRecords is ~6x faster) or kinesis-local.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS="${1:-1000000}"
SHARDS="${2:-4}"
LAKE="$(mktemp -d /tmp/insightflow-stream-bench.XXXXXX)"
export KINESIS_EMULATOR_STATE="$LAKE/emulator"
export KINESIS_EMULATOR="${KINESIS_EMULATOR:-kinesalite}"
CBOR=true
[[ "$KINESIS_EMULATOR" == kinesalite ]] && CBOR=false

(cd insightflow-core && mvn -B -q -o test-compile && mvn -B -q -o dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
CP="insightflow-core/target/classes:insightflow-core/target/test-classes:$(cat insightflow-core/target/bench.classpath)"

ENDPOINT="$(.ci/kinesis-emulator.sh start)"
trap '.ci/kinesis-emulator.sh stop; rm -rf "$LAKE"' EXIT
echo "emulator $KINESIS_EMULATOR $ENDPOINT, events $EVENTS, shards $SHARDS, lake $LAKE/lake, $(nproc) cores (shared)"
java -Xmx2g -Daws.cborEnabled=$CBOR -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.insightflow.connect.kinesis.StreamBench \
  "$ENDPOINT" "$EVENTS" "$SHARDS" "$LAKE/lake"
