# Shared by the bench scripts (sourced, not run).

# Seconds of CPU of every postgres process: live ones and the exited backends the postmaster collected
# (after "pid (comm) " in /proc/<pid>/stat, utime stime cutime cstime are fields 12-15 of what remains).
server_cpu() {
  local total=0 pid fields ticks
  ticks=$(getconf CLK_TCK)
  for pid in $(pgrep -x postgres); do
    fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    total=$((total + $(echo "$fields" | awk '{print $12 + $13 + $14 + $15}')))
  done
  echo "scale=2; $total / $ticks" | bc
}

# The median of column COLUMN over the rows of $RESULTS (tab-separated) whose second column is MEASURE.
median() {  # MEASURE COLUMN
  awk -F'\t' -v m="$1" -v c="$2" '$2 == m {print $c}' "$RESULTS" | sort -g \
    | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}

# Builds insightflow-core and copies its classes into WORK (compiling in the working tree during a
# benchmark cannot change them), then compiles the given bench/ sources into WORK/bin; sets CP.
# DEPS: a file holding the test classpath, for when maven-dependency-plugin cannot resolve offline.
build_copy() {  # ROOT WORK SOURCE...
  local root=$1 work=$2
  shift 2
  if [ -n "${DEPS:-}" ]; then
    mvn -B -q -o -f "$root/insightflow-core/pom.xml" test-compile && cp "$DEPS" "$work/deps"
  else
    mvn -B -q -o -f "$root/insightflow-core/pom.xml" test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$work/deps"
  fi
  cp -r "$root/insightflow-core/target/classes" "$work/classes"
  cp -r "$root/insightflow-core/target/test-classes" "$work/test-classes"
  CP="$work/test-classes:$work/classes:$(cat "$work/deps")"
  [ $# = 0 ] || { mkdir -p "$work/bin" && javac -d "$work/bin" -cp "$CP" "$@"; }
}

# The COPY statements (DuckDB) that write TABLE's rows as OBJECTS external objects of OBJECT_ROWS rows
# each, once as JSON lines and once as headed CSV, into WORK/lake-<format>/data/stream/TABLE/FOLDER with
# Firehose-like names (<stream>-1-<time>-<n>), and each folder's _schema.json; sets the array STATEMENTS.
external_objects() {  # WORK TABLE FOLDER OBJECTS OBJECT_ROWS
  local work=$1 table=$2 folder=$3 objects=$4 object_rows=$5 format dir header options i
  local columns='[{"name":"order_id","type":"integer"},{"name":"product_id","type":"integer"},{"name":"add_to_cart_order","type":"integer"},{"name":"reordered","type":"integer"}]'
  STATEMENTS=()
  for format in jsonl csv; do
    dir=$work/lake-$format/data/stream/$table
    mkdir -p "$dir/$folder"
    header=$([ "$format" = csv ] && echo '"header":true,' || true)
    echo "{\"format\":\"$format\",$header\"partitioned\":true,\"columns\":$columns}" > "$dir/_schema.json"
    options=$([ "$format" = csv ] && echo "FORMAT csv, HEADER true" || echo "FORMAT json")
    for ((i = 0; i < objects; i++)); do
      STATEMENTS+=("COPY (SELECT * FROM $table WHERE rowid >= $((i * object_rows)) AND rowid < $(((i + 1) * object_rows))) TO '$dir/$folder/$(printf '%s-1-2024-05-07-09-30-00-%05d' "$table" "$i").$format' ($options)")
    done
  done
}
