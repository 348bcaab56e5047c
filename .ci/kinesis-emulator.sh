#!/usr/bin/env bash
# Installs (npm, once, into a cache folder) and starts/stops a Kinesis emulator on a free loopback
# port: kinesis-local 0.6.2 (kinesis-mock, the default, as the ITs use) or, with
# KINESIS_EMULATOR=kinesalite, kinesalite 3.3.3 (about 6x faster PutRecords here; JSON only, so
# clients need -Daws.cborEnabled=false / KinesisClientOptions.cborEnabled(false)). The Java ITs do the same by themselves (KinesisEmulator);
# this script is for the benchmark and for manual runs.
#
#   .ci/kinesis-emulator.sh start   # prints the endpoint, e.g. http://127.0.0.1:40123
#   .ci/kinesis-emulator.sh stop
#
# Env: INSIGHTFLOW_KINESIS_EMULATOR_DIR (install folder, default ~/.cache/insightflow/kinesis-local-0.6.2),
#      KINESIS_EMULATOR_STATE (folder for pid/port/log, default /tmp/insightflow-kinesis-emulator).
set -euo pipefail

EMULATOR="${KINESIS_EMULATOR:-kinesis-local}"
case "$EMULATOR" in
  kinesis-local) VERSION=0.6.2 ;;
  kinesalite) VERSION=3.3.3 ;;
  *) echo "KINESIS_EMULATOR must be kinesis-local or kinesalite" >&2; exit 2 ;;
esac
DIR="${INSIGHTFLOW_KINESIS_EMULATOR_DIR:-$HOME/.cache/insightflow/$EMULATOR-$VERSION}"
STATE="${KINESIS_EMULATOR_STATE:-/tmp/insightflow-kinesis-emulator}"
PKG="$DIR/node_modules/$EMULATOR"

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

case "${1:-}" in
  start)
    if [[ ! -f "$PKG/package.json" ]]; then
      mkdir -p "$DIR"
      npm install --no-audit --no-fund --prefix "$DIR" "$EMULATOR@$VERSION" >"$DIR/npm-install.log" 2>&1 \
        || { echo "npm install $EMULATOR@$VERSION failed, see $DIR/npm-install.log" >&2; exit 1; }
    fi
    mkdir -p "$STATE"
    port=$(free_port)
    tls=$(free_port)
    # exec: the recorded pid is node's own, so stop kills the emulator and nothing else.
    if [[ "$EMULATOR" == kinesalite ]]; then
      (cd "$PKG" && exec env NODE_OPTIONS="--max-old-space-size=8192" nohup node cli.js --port "$port" \
        --createStreamMs 50 --updateStreamMs 50 --shardLimit 200 >"$STATE/emulator.log" 2>&1) &
    else
      (cd "$PKG" && exec env KINESIS_MOCK_PLAIN_PORT="$port" KINESIS_MOCK_TLS_PORT="$tls" LOG_LEVEL=WARN \
        SHARD_LIMIT=200 NODE_OPTIONS="--max-old-space-size=8192" nohup node main.js >"$STATE/emulator.log" 2>&1) &
    fi
    echo $! >"$STATE/pid"
    echo "$port" >"$STATE/port"
    # Ready when it answers a Kinesis request (any JSON reply, even an auth error, means it listens).
    for _ in $(seq 1 300); do
      if curl -s -o /dev/null -X POST "http://127.0.0.1:$port/" -H 'Content-Type: application/x-amz-json-1.1' \
          -H 'X-Amz-Target: Kinesis_20131202.ListStreams' -d '{}'; then
        echo "http://127.0.0.1:$port"
        exit 0
      fi
      sleep 0.2
    done
    echo "Kinesis emulator did not start; see $STATE/emulator.log" >&2
    exit 1
    ;;
  stop)
    if [[ -f "$STATE/pid" ]]; then
      kill "$(cat "$STATE/pid")" 2>/dev/null || true
      rm -f "$STATE/pid" "$STATE/port"
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
