package io.insightflow.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The replace tables of a sync ({@link WriteMode#REPLACE}): for each, the newest run with an object
 * to load, loaded whole (every part, in one transaction), and the older objects to load that it
 * supersedes. A run is one manifest and its parts; runs are ordered by their {@link Position}.
 */
final class ReplaceRuns {

  private ReplaceRuns() {}

  /**
   * Where a run stands in lake order: its partition time, then its manifest key (two runs in one
   * folder, or one time in two layouts, still have an order every worker agrees on).
   */
  record Position(Instant partitionTime, String manifestKey) implements Comparable<Position> {
    static Position of(LakeObject o) {
      return new Position(o.partitionTime(), o.manifestKey());
    }

    @Override
    public int compareTo(Position other) {
      int byTime = partitionTime.compareTo(other.partitionTime);
      return byTime != 0 ? byTime : manifestKey.compareTo(other.manifestKey);
    }

    @Override
    public String toString() {
      return manifestKey;
    }
  }

  /**
   * One replace table's work in one sync.
   *
   * @param table the target table
   * @param run every part of the newest run that has an object to load, by key
   * @param older the objects to load of older runs: recorded as superseded, never loaded
   * @param pending the keys of those objects that the sync counts (the parts of {@code run} already
   *     loaded in their version were counted as such when listed)
   */
  record Work(String table, List<LakeObject> run, List<LakeObject> older, Set<String> pending) {
    Position position() {
      return Position.of(run.get(0));
    }

    /** Every object of the work: the run's, then the older ones. */
    List<LakeObject> objects() {
      List<LakeObject> all = new ArrayList<>(run);
      all.addAll(older);
      return all;
    }

    long bytes() {
      return run.stream().mapToLong(LakeObject::bytes).sum();
    }
  }

  /** Whether {@code o} loads into a replace table. */
  static boolean replaces(SyncOptions options, LakeObject o) {
    return options.writeMode(o.table()) == WriteMode.REPLACE;
  }

  /**
   * The work of each replace table that has objects in {@code toLoad}, whose runs are completed from
   * the complete objects of {@code scans}.
   */
  static List<Work> group(List<LakeScanner.Scan> scans, List<LakeObject> toLoad, SyncOptions options) {
    Map<String, List<LakeObject>> pendingByTable = toLoad.stream().filter(o -> replaces(options, o))
        .collect(Collectors.groupingBy(LakeObject::table, TreeMap::new, Collectors.toList()));
    List<Work> out = new ArrayList<>();
    pendingByTable.forEach((table, pending) -> {
      Position newest = pending.stream().map(Position::of).max(Comparator.naturalOrder()).orElseThrow();
      List<LakeObject> run = scans.stream().flatMap(s -> s.complete.stream())
          .filter(o -> o.table().equals(table) && Position.of(o).equals(newest))
          .sorted(Comparator.comparing(LakeObject::key)).toList();
      List<LakeObject> older = pending.stream().filter(o -> Position.of(o).compareTo(newest) < 0).toList();
      out.add(new Work(table, run, older, pending.stream().map(LakeObject::key).collect(Collectors.toSet())));
    });
    return out;
  }
}
