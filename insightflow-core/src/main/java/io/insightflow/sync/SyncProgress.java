package io.insightflow.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What one sync has done so far: per-table counts, failures, the outcome of every object tried and
 * the objects left for the next sync. The workers of the sync update it concurrently; every table
 * is known before they start.
 */
final class SyncProgress {

  private final Map<String, Counts> counts = new TreeMap<>();
  private final List<ObjectFailure> failures = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, ObjectLoader.Kind> outcomes = new ConcurrentHashMap<>();
  private final List<String> remaining = Collections.synchronizedList(new ArrayList<>());

  /** Starts from the listing: its problems count as failed, objects already loaded as skipped. */
  SyncProgress(PendingObjects pending) {
    for (ObjectFailure problem : pending.problems()) {
      failures.add(problem);
      table(problem.table()).failed.incrementAndGet();
    }
    pending.upToDate().forEach(o -> table(o.table()).skipped.incrementAndGet());
    pending.toLoad().forEach(o -> table(o.table()));
  }

  private Counts table(String table) {
    return counts.computeIfAbsent(table, Counts::new);
  }

  /** Counts what loading {@code o} did. */
  void record(LakeObject o, ObjectLoader.Outcome outcome) {
    outcomes.put(o.key(), outcome.kind());
    Counts table = counts.get(o.table());
    switch (outcome.kind()) {
      case LOADED -> {
        table.loaded.incrementAndGet();
        table.rows.addAndGet(outcome.rows());
        table.bytes.addAndGet(o.bytes());
        table.rejected.addAndGet(outcome.rejected());
      }
      case SKIPPED, SUPERSEDED -> table.skipped.incrementAndGet();
      case BUSY -> table.busy.incrementAndGet();
      case FAILED -> {
        table.failed.incrementAndGet();
        failures.add(outcome.failure());
      }
      case REMAINING -> leftForNextSync(o);
    }
  }

  /** Counts {@code o} as left, untried or rolled back, for the next sync. */
  void leftForNextSync(LakeObject o) {
    remaining.add(o.key());
    counts.get(o.table()).remaining.incrementAndGet();
  }

  /**
   * Once the workers are done: whether an object key must be tried again by the next sync (it
   * failed, another worker held it, or it was left), which holds the table's watermark back.
   */
  Predicate<String> unfinished() {
    Set<String> left = Set.copyOf(remaining);
    return key -> left.contains(key) || outcomes.get(key) == ObjectLoader.Kind.FAILED
        || outcomes.get(key) == ObjectLoader.Kind.BUSY;
  }

  /** The result of the sync, which took {@code duration}. */
  SyncResult result(Duration duration) {
    List<SyncResult.TableResult> tables = counts.values().stream().map(Counts::result).toList();
    List<String> left = new ArrayList<>(remaining);
    Collections.sort(left);
    return new SyncResult(tables, failures, left, duration);
  }

  /** Per-table counters, updated by the workers. */
  private static final class Counts {
    final String table;
    final AtomicLong loaded = new AtomicLong();
    final AtomicLong rows = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong busy = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong remaining = new AtomicLong();

    Counts(String table) {
      this.table = table;
    }

    SyncResult.TableResult result() {
      return new SyncResult.TableResult(table, loaded.get(), rows.get(), rejected.get(), skipped.get(),
          busy.get(), failed.get(), remaining.get(), bytes.get());
    }
  }
}
