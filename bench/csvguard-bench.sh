#!/usr/bin/env bash
# CsvGuard's cost on a large CSV as other writers deliver it [#22]: MB/s of reading the file plain and
# through the guard (the guard alone: scanning and handing out bytes), and of COPYing it into an
# unlogged PostgreSQL table plain and through the guard (what a sync of an external object pays).
# Two files: product-like rows, a third of the names quoted (commas, doubled quotes); "clean" has no
# stray quote (plain COPY loads it as written, the guard passes it byte for byte), "stray" has one row
# in a thousand with a stray quote the guard re-quotes (plain COPY would alter or refuse it).
# Passes alternate plain and guarded; figures are medians.
#
#   bench/csvguard-bench.sh                 # 200 MB, 5 read passes, 3 COPY passes
#   MB=50 COPY_PASSES=0 bench/csvguard-bench.sh
# env: PGHOST PGPORT PGUSER PGDATABASE, MB (200), READ_PASSES (5), COPY_PASSES (3), BENCH_DIR, JAVA_OPTS, DEPS
#   (see bench/lib.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
WORK=${BENCH_DIR:-/tmp/insightflow-csvguard-bench}
MB=${MB:-200}
READ_PASSES=${READ_PASSES:-5}
COPY_PASSES=${COPY_PASSES:-3}
JAVA_OPTS=${JAVA_OPTS:-}
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE"
SCHEMA=csvguard_bench

rm -rf "$WORK" && mkdir -p "$WORK"
echo "== building"
build_copy "$ROOT" "$WORK" "$ROOT/bench/CsvGuardBench.java"
run() { java $JAVA_OPTS -cp "$WORK/bin:$CP" io.insightflow.sync.CsvGuardBench "$@"; }

for kind in clean stray; do
  echo "== $kind: generating $MB MB"
  run generate "$WORK/$kind.csv" "$MB" "$([ $kind = clean ] && echo 0 || echo 1)"
  ls -l "$WORK/$kind.csv"
  RESULTS=$WORK/$kind.tsv
  run read "$WORK/$kind.csv" "$READ_PASSES" | tee "$RESULTS"
  if [ "$COPY_PASSES" -gt 0 ]; then
    run copy "$WORK/$kind.csv" "$COPY_PASSES" "$PG_URL" "$PGUSER" "$SCHEMA" $([ $kind = clean ] && echo plain) \
      | tee -a "$RESULTS"
  fi
  echo "== $kind: median MB/s"
  for m in read-plain read-guard copy-plain copy-guard; do
    if grep -q "	$m	" "$RESULTS"; then
      printf '%s\t%s\n' "$m" "$(median "$m" 3)"
    fi
  done
  rm -f "$WORK/$kind.csv"
done
