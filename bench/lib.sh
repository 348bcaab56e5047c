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
