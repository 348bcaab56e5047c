#!/usr/bin/env bash
# Where a sync's memory goes (issue 24 item 6): runs SyncBench's sync in its own JVM sized as Maven's
# would be (no -Xmx: max heap 1/4 of RAM) with a GC log and native memory tracking, and reports peak
# RSS beside the heap G1 committed, the live heap after each GC, and NMT's categories at the RSS peak.
# Usage: bench/mem-bench.sh SCALE... (e.g. 0.25 4)
#   env: WORK (default /tmp/insightflow-mem-bench), KIND (s3 or local; default s3), PART_ROWS (rows per
#   object, default 1000000), THREADS (default nproc), JAVA_OPTS (added), PGHOST PGPORT PGUSER PGDATABASE,
#   REUSE_BUILD (non-empty: run the classes already in WORK instead of building the working tree, e.g. to
#   compare two builds), DEPS (a test classpath file, when maven-dependency-plugin cannot resolve offline;
#   see lib.sh)
# Lakes are generated under WORK/<scale>[-<part rows>] (1x = 32,434,489 rows) and kept between runs;
# delete WORK when done. Each sync runs under flock /tmp/bench.lock into schema mem_bench, dropped after.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/insightflow-mem-bench}
KIND=${KIND:-s3}
PART_ROWS=${PART_ROWS:-1000000}
THREADS=${THREADS:-$(nproc)}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
export INSIGHTFLOW_TEST_PG_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE" INSIGHTFLOW_TEST_PG_USER=$PGUSER
PSQL="psql -X -q -v ON_ERROR_STOP=1"
. "$ROOT/bench/lib.sh"
mkdir -p "$WORK"
if [ -n "${REUSE_BUILD:-}" ]; then  # the classes an earlier run copied into WORK, e.g. of another commit
  CP="$WORK/test-classes:$WORK/classes:$(cat "$WORK/deps")"
else
  rm -rf "$WORK/classes" "$WORK/test-classes" "$WORK/bin"
  build_copy "$ROOT" "$WORK"
fi

# peak_sample PID OUT: every 2 s, the JVM's RSS; at each new high, NMT's summary and the resident part
# of the Java heap (its address range from GC.heap_info, summed over /proc/PID/smaps).
peak_sample() {
  local pid=$1 out=$2 best=0 rss range
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    if [ "${rss:-0}" -gt "$best" ] && jcmd "$pid" VM.native_memory summary > "$out.tmp" 2>/dev/null \
        && range=$(jcmd "$pid" GC.heap_info | grep -o '\[0x[0-9a-f]*, 0x[0-9a-f]*)' | head -1) \
        && cp "/proc/$pid/smaps" "$out.smaps" 2>/dev/null; then
      best=$rss
      { echo "VmRSS at sample: $rss kB"
        python3 - "$range" "$out.smaps" <<'PY'
import re, sys
lo, hi = (int(x, 16) for x in re.findall(r'0x[0-9a-f]+', sys.argv[1]))
rss, inside = 0, False
for line in open(sys.argv[2]):
    m = re.match(r'([0-9a-f]+)-[0-9a-f]+ ', line)
    if m:
        inside = lo <= int(m.group(1), 16) < hi
    elif inside and line.startswith('Rss:'):
        rss += int(line.split()[1])
print(f"Java heap resident: {rss} kB")
PY
        cat "$out.tmp"; } > "$out"
    fi
    sleep 2
  done
  rm -f "$out.tmp" "$out.smaps"
}

for scale in "$@"; do
  rows=$(echo "32434489 * $scale / 1" | bc)
  dir=$WORK/$scale$([ "$PART_ROWS" = 1000000 ] || echo "-$PART_ROWS")
  if [ ! -d "$dir/s3/bench/lake" ]; then
    java -cp "$CP" io.insightflow.sync.SyncBench generate "$dir" "$rows" "$PART_ROWS" && rm -f "$dir/single.csv"
  fi
  where=$dir/s3/bench/lake
  if [ "$KIND" = s3 ]; then
    rm -f "$dir/endpoint"
    java -Xmx512m -cp "$CP" io.insightflow.sync.SyncBench s3proxy "$dir/s3" "$dir/endpoint" >"$dir/s3proxy.log" 2>&1 &
    proxy=$!
    for _ in $(seq 1 100); do [ -s "$dir/endpoint" ] && break; sleep 0.2; done
    where=$(cat "$dir/endpoint")
  fi
  $PSQL -c "DROP SCHEMA IF EXISTS mem_bench CASCADE"
  out=$dir/$KIND
  flock /tmp/bench.lock /usr/bin/time -f "%M" -o "$out.time" java ${JAVA_OPTS:-} -Xlog:gc*:file="$out.gc.log" \
    -XX:NativeMemoryTracking=summary -cp "$CP" io.insightflow.sync.SyncBench sync "$KIND" "$where" mem_bench "$THREADS" \
    >"$out.result" 2>"$out.log" &
  job=$!
  # the JVM is time's child, started once flock holds the lock
  jvm=""
  while [ -z "$jvm" ] && kill -0 $job 2>/dev/null; do jvm=$(pgrep -f "^java .*SyncBench sync $KIND .* mem_bench" || true); sleep 0.2; done
  sampler=""
  [ -z "$jvm" ] || { peak_sample "$jvm" "$out.nmt" & sampler=$!; }
  wait $job
  [ -z "$sampler" ] || wait $sampler
  [ "$KIND" = s3 ] && kill "$proxy"
  $PSQL -c "DROP SCHEMA IF EXISTS mem_bench CASCADE"
  # G1's lines: "Pause Young (Normal) (G1 Evacuation Pause) 150M->12M(256M)": before->after(committed)
  gc=$(grep -o 'Pause [^)]*)[^>]*->[0-9]*M([0-9]*M)' "$out.gc.log" | sed 's/.* \([0-9]*\)M->\([0-9]*\)M(\([0-9]*\)M)/\1 \2 \3/' \
    | awk '{n++; if ($2 > live) live = $2; if ($3 > com) com = $3} END {printf "gcs=%d max_after_gc=%dM max_committed=%dM", n, live, com}')
  echo "scale=$scale kind=$KIND rows=$rows objects=$(( (rows + PART_ROWS - 1) / PART_ROWS )) $(grep -o 'ms=[0-9]*' "$out.result") peak_rss=$(( $(cat "$out.time") / 1024 ))M $gc"
  grep -E '^(VmRSS|Java heap resident|Total|-  *(Java Heap|Class|Thread|Code|GC|Internal|Other|Metaspace|Symbol|Arena))' "$out.nmt" \
    | sed 's/^/    /' || true
done
