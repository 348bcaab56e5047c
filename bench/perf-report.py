#!/usr/bin/env python3
"""Turns bench/perf.sh's results.tsv into report.md (figures, targets, per-row cost) and report.svg
(the ratios against their targets, per scale). Medians of the runs of each measure."""
import csv
import statistics
import sys
from collections import defaultdict
from pathlib import Path

RESULTS, OUT = Path(sys.argv[1]), Path(sys.argv[2])

# name, numerator, denominator, target, better ("min": ratio must be at least target, "max": at most)
RATIOS = [
    ("ingest DuckDB (native / goal)", "duck_native", "duck_ingest", 0.8, "min"),
    # The same target against the raw tool in a fresh JVM: whether 0.8 is within a Java program's reach.
    ("raw limit: DuckDB's per-part COPYs in a fresh JVM (native / raw)", "duck_native", "duck_chunks_jvm", 0.8, "min"),
    ("ingest PostgreSQL (psql / goal)", "pg_native", "pg_ingest", 1.0, "min"),
    ("sync local (goal / psql)", "sync_local", "sync_native", 0.70, "max"),
    ("sync S3 (goal / psql)", "sync_s3", "sync_native", 1.0, "max"),
    ("JSON lines vs CSV objects (CSV / JSON lines)", "sync_csvext", "sync_jsonl", 0.8, "min"),
]
GOALS = ["duck_ingest", "pg_ingest", "sync_local", "sync_local_t1", "sync_local_t4", "sync_s3", "sync_jsonl",
         "sync_csvext"]
# The loads whose server CPU is compared with psql's CSV load of the user's columns (issue 24).
LOADS = ["sync_native", "sync_native_bin", "sync_native_prov", "sync_raw", "sync_local_t1", "sync_local",
         "sync_local_t4", "sync_s3", "sync_csvext", "sync_jsonl"]
SERVER_TARGET = ("sync_local", 1.00)
RSS_LIMIT_MB = 300

seconds = defaultdict(list)
rss = defaultdict(list)
server = defaultdict(list)
rows = {}
with RESULTS.open() as f:
    for r in csv.DictReader(f, delimiter="\t"):
        key = (r["scale"], r["measure"])
        seconds[key].append(float(r["seconds"]))
        if r["rss_kb"]:
            rss[key].append(int(r["rss_kb"]))
        if r.get("server_s"):
            server[key].append(float(r["server_s"]))
        rows[r["scale"]] = int(r["rows"])
scales = sorted(rows, key=float)


def med(scale, measure, net=False):
    value = statistics.median(seconds[(scale, measure)])
    goal, ab, _ = measure.partition("@ab")
    if net and goal in GOALS:
        value -= statistics.median(seconds[(scale, "mvn_startup" + ab)])
    return value


def verdict(ratio, target, better):
    ok = ratio >= target if better == "min" else ratio <= target
    return "met" if ok else "**missed**"


lines = ["# insightflow performance through the Maven goals", "",
         f"Medians of {len(seconds[(scales[0], 'duck_ingest')])} interleaved runs per measure; "
         "\"goal\" includes the JVM and Maven start-up, \"net\" subtracts the median of `mvn insightflow:help`.", ""]
lines += ["| scale | rows | measure | median s | runs (s) | peak RSS MB | server CPU s |", "|---|---|---|---|---|---|---|"]
for s in scales:
    for m in ["duck_native", "duck_chunks", "duck_chunks_jvm", "duck_ingest", "duck_ingest@ab", "pg_native", "pg_copyout_jvm",
              "pg_ingest", "pg_ingest@ab",
              "sync_native", "sync_native_bin", "sync_native_prov", "sync_raw", "sync_local", "sync_local@ab",
              "sync_local_t1", "sync_local_t4", "sync_s3", "sync_s3@ab", "sync_csvext", "sync_jsonl", "mvn_startup",
              "mvn_startup@ab"]:
        if (s, m) not in seconds:
            continue
        peak = max(rss[(s, m)]) // 1024 if rss[(s, m)] else ""
        cpu = f"{statistics.median(server[(s, m)]):.2f}" if server[(s, m)] else ""
        lines.append(f"| {s} | {rows[s]:,} | {m} | {med(s, m):.2f} | "
                     f"{', '.join(f'{v:.2f}' for v in seconds[(s, m)])} | {peak} | {cpu} |")
lines += ["", "## Ratios against the targets", "",
          "| scale | ratio | goal | net of Maven start | target | verdict (goal) |", "|---|---|---|---|---|---|"]
for s in scales:
    for name, num, den, target, better in RATIOS:
        if (s, num) not in seconds or (s, den) not in seconds:
            continue
        full = med(s, num) / med(s, den)
        net = med(s, num, net=True) / med(s, den, net=True)
        lines.append(f"| {s} | {name} | {full:.2f} | {net:.2f} | {'≥' if better == 'min' else '≤'} {target} | "
                     f"{verdict(full, target, better)} |")
# What each load costs the database: server CPU (every postgres process, through a CHECKPOINT after
# the load) per million rows, against psql's CSV load of the user's columns.
lines += ["", "## Server CPU per million rows (medians)", "",
          "| scale | load | server CPU s | s per million rows | × psql CSV | runs (s) |", "|---|---|---|---|---|---|"]
for s in scales:
    if not server[(s, "sync_native")]:
        continue
    base = statistics.median(server[(s, "sync_native")])
    for m in LOADS + [m + "@ab" for m in LOADS]:
        if server[(s, m)]:
            cpu = statistics.median(server[(s, m)])
            lines.append(f"| {s} | {m} | {cpu:.2f} | {cpu / rows[s] * 1e6:.3f} | {cpu / base:.2f} | "
                         f"{', '.join(f'{v:.2f}' for v in server[(s, m)])} |")
    goal, target = SERVER_TARGET
    if server[(s, goal)]:
        ratio = statistics.median(server[(s, goal)]) / base
        lines.append(f"\nScale {s}: {goal} costs the server {ratio:.2f} × psql CSV (target ≤ {target}): "
                     f"{verdict(ratio, target, 'max')}.")
# Where each goal's time goes, next to the raw limit of the same work without insightflow: a fresh
# JVM running the goal's per-part COPY statements on one DuckDB connection, a fresh JVM reading the PostgreSQL
# table's two halves through pgjdbc at once, and two psql loading halves at once into a table with sync's
# provenance column.
DISTANCE = [("ingest DuckDB", "duck_ingest", "duck_chunks_jvm", "duck_native"),
            ("ingest PostgreSQL", "pg_ingest", "pg_copyout_jvm", "pg_native"),
            ("sync local", "sync_local", "sync_raw", "sync_native")]
lines += ["", "## Where the time goes (medians, seconds)", "",
          "| scale | goal | goal wall | Maven start | insightflow above the raw limit | raw limit | native | raw limit / native |",
          "|---|---|---|---|---|---|---|---|"]
for s in scales:
    for name, goal, raw, native in DISTANCE:
        if all((s, m) in seconds for m in (goal, raw, native, "mvn_startup")):
            above = med(s, goal, net=True) - med(s, raw)
            lines.append(f"| {s} | {name} | {med(s, goal):.2f} | {med(s, 'mvn_startup'):.2f} | {above:.2f} | "
                         f"{med(s, raw):.2f} ({raw}) | {med(s, native):.2f} | {med(s, raw) / med(s, native):.2f} |")
lines += ["", "## Memory (peak RSS of the goal's JVM, no -Xmx)", "", "| scale | " + " | ".join(GOALS) + " |",
          "|---|" + "---|" * len(GOALS)]
for s in scales:
    cells = [f"{max(rss[(s, g)]) // 1024}" if rss[(s, g)] else "" for g in GOALS]
    lines.append(f"| {s} | " + " | ".join(cells) + " |")
# The raw limit of the PostgreSQL ingest's memory: pgjdbc reading the table in a JVM of its own (no Maven),
# beside Maven's own start (`mvn insightflow:help`); the goal pays both.
for s in scales:
    if rss[(s, "pg_copyout_jvm")] and rss[(s, "mvn_startup")]:
        lines.append(f"\nScale {s}: pgjdbc's COPY out alone in a fresh JVM (pg_copyout_jvm) peaks at "
                     f"{max(rss[(s, 'pg_copyout_jvm')]) // 1024} MB (runs: "
                     f"{', '.join(str(v // 1024) for v in rss[(s, 'pg_copyout_jvm')])}), Maven's start alone at "
                     f"{max(rss[(s, 'mvn_startup')]) // 1024} MB.")
worst = max((max(v) for (s, m), v in rss.items() if m in GOALS and v), default=0) // 1024
lines.append(f"\nLargest: {worst} MB (limit {RSS_LIMIT_MB} MB): {'met' if worst <= RSS_LIMIT_MB else '**missed**'}.")
if len(scales) > 1:
    # Per-row cost of the net time, and the same time split by a least-squares line into a fixed
    # cost (start-up that does not grow with the table: JVM class loading, the DuckDB library,
    # connections) and a cost per row; "grows linearly" holds when the per-row cost between
    # consecutive scales (marginal) stays within 10 %.
    lines += ["", "## Cost per row (goals net of Maven start; native tools and raw limits below them)", "",
              "| measure | " + " | ".join(f"scale {s} ns/row" for s in scales)
              + " | spread | fit: fixed s + ns/row | marginal ns/row between scales | marginal spread |",
              "|---|" + "---|" * (len(scales) + 4)]
    # The native tools and raw limits too: where their own cost per row grows with the table
    # (disk write-back, checkpoints), the goals' cannot be flatter.
    for m in GOALS + ["duck_native", "duck_chunks", "duck_chunks_jvm", "pg_native", "sync_native", "sync_raw"]:
        if not all((s, m) in seconds for s in scales):
            continue
        xs = [rows[s] for s in scales]
        ys = [med(s, m, net=True) for s in scales]
        costs = [y / x * 1e9 for x, y in zip(xs, ys)]
        spread = (max(costs) - min(costs)) / min(costs)
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        fixed = my - slope * mx
        marginal = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) * 1e9 for i in range(len(xs) - 1)]
        mspread = (max(marginal) - min(marginal)) / min(marginal) if len(marginal) > 1 and min(marginal) > 0 else 0
        lines.append(f"| {m} | " + " | ".join(f"{c:.1f}" for c in costs)
                     + f" | {spread:.0%} | {fixed:.2f} s + {slope * 1e9:.1f} | "
                     + ", ".join(f"{c:.1f}" for c in marginal)
                     + f" | {mspread:.0%} {'(within 10%)' if mspread <= 0.10 else '**(over 10%)**'} |")
# AB=<ref>: the same goals by the build of that commit, interleaved with this one's.
if any(m.endswith("@ab") for _, m in seconds):
    lines += ["", "## This build against the AB build (medians of interleaved runs, seconds)", "",
              "| scale | goal | AB build | this build | this / AB | net of Maven start: AB | this | this / AB |",
              "|---|---|---|---|---|---|---|---|"]
    for s in scales:
        for g in GOALS + ["mvn_startup"]:
            if (s, g) in seconds and (s, g + "@ab") in seconds:
                a, b = med(s, g + "@ab"), med(s, g)
                na, nb = med(s, g + "@ab", net=True), med(s, g, net=True)
                lines.append(f"| {s} | {g} | {a:.2f} | {b:.2f} | {b / a:.3f} | {na:.2f} | {nb:.2f} | "
                             f"{nb / na if na > 0 else float('nan'):.3f} |")
(OUT / "report.md").write_text("\n".join(lines) + "\n")

# report.svg: one group of bars per ratio, one bar per scale, the target as a dashed line.
width, height, top, bottom, left = 760, 360, 40, 70, 50
plot_h = height - top - bottom
groups = [r for r in RATIOS if all((s, r[1]) in seconds and (s, r[2]) in seconds for s in scales)]
ymax = max([1.4] + [med(s, n) / med(s, d) * 1.1 for _, n, d, _, _ in groups for s in scales])
y = lambda v: top + plot_h - v / ymax * plot_h
colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759"]
group_w = (width - left - 20) / max(1, len(groups))
bar_w = group_w * 0.7 / max(1, len(scales))
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
       f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">insightflow through the Maven goals: ratios vs targets (medians)</text>']
for tick in [0, 0.5, 1.0, 1.5, 2.0]:
    if tick <= ymax:
        svg.append(f'<line x1="{left}" x2="{width - 20}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#ddd"/>'
                   f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.1f}</text>')
for g, (name, num, den, target, better) in enumerate(groups):
    x0 = left + g * group_w + group_w * 0.15
    for i, s in enumerate(scales):
        v = med(s, num) / med(s, den)
        ok = v >= target if better == "min" else v <= target
        x = x0 + i * bar_w
        svg.append(f'<rect x="{x:.1f}" y="{y(v):.1f}" width="{bar_w * 0.9:.1f}" height="{y(0) - y(v):.1f}" '
                   f'fill="{colors[i % len(colors)]}" stroke="{"#000" if not ok else "none"}"/>'
                   f'<text x="{x + bar_w * 0.45:.1f}" y="{y(v) - 3:.1f}" text-anchor="middle">{v:.2f}</text>')
    svg.append(f'<line x1="{x0 - 5:.1f}" x2="{x0 + bar_w * len(scales) + 5:.1f}" y1="{y(target):.1f}" '
               f'y2="{y(target):.1f}" stroke="#c00" stroke-dasharray="4 3"/>'
               f'<text x="{x0 + bar_w * len(scales) / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">{name}</text>'
               f'<text x="{x0 + bar_w * len(scales) / 2:.1f}" y="{height - bottom + 30}" text-anchor="middle" fill="#c00">'
               f'target {"≥" if better == "min" else "≤"} {target}</text>')
for i, s in enumerate(scales):
    svg.append(f'<rect x="{left + i * 110}" y="{height - 22}" width="10" height="10" fill="{colors[i % len(colors)]}"/>'
               f'<text x="{left + i * 110 + 14}" y="{height - 13}">scale {s} ({rows[s]:,} rows)</text>')
svg.append("</svg>")
(OUT / "report.svg").write_text("\n".join(svg) + "\n")
print("\n".join(lines))
print(f"\nwrote {OUT / 'report.md'} and {OUT / 'report.svg'}")
