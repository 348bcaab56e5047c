package io.insightflow.sync;

import io.insightflow.api.Evolving;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link LakeSync#sync} did.
 *
 * @param tables per-table counts, in table order
 * @param failures objects that did not load (nothing of them committed), with key and reason
 * @param remaining keys of objects not started because the deadline came; the next sync continues
 *     with them
 * @param elapsed wall time of the sync
 */
@Evolving
public record SyncResult(List<TableResult> tables, List<ObjectFailure> failures, List<String> remaining,
    Duration elapsed) {

  public SyncResult {
    tables = List.copyOf(tables);
    failures = List.copyOf(failures);
    remaining = List.copyOf(remaining);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** True when no object failed (objects left for a deadline are not failures). */
  public boolean successful() {
    return failures.isEmpty();
  }

  /** True when the deadline stopped the sync before every object was loaded. */
  public boolean deadlineReached() {
    return !remaining.isEmpty();
  }

  /** Objects loaded by this sync, over all tables. */
  public long objectsLoaded() {
    return tables.stream().mapToLong(TableResult::objectsLoaded).sum();
  }

  /** Rows loaded by this sync, over all tables. */
  public long rowsLoaded() {
    return tables.stream().mapToLong(TableResult::rowsLoaded).sum();
  }

  /** Bytes of the objects loaded by this sync (their listed sizes), over all tables. */
  public long bytesLoaded() {
    return tables.stream().mapToLong(TableResult::bytesLoaded).sum();
  }

  /** Rows written to rejects by this sync, over all tables. */
  public long rowsRejected() {
    return tables.stream().mapToLong(TableResult::rowsRejected).sum();
  }

  /** One line for logs: {@code objects=3 rows=3000000 skipped=0 failed=0 remaining=0 ms=812}. */
  public String summary() {
    return "objects=" + objectsLoaded() + " rows=" + rowsLoaded() + " rejected=" + rowsRejected()
        + " skipped=" + tables.stream().mapToLong(TableResult::objectsSkipped).sum()
        + " busy=" + tables.stream().mapToLong(TableResult::objectsBusy).sum()
        + " failed=" + failures.size() + " remaining=" + remaining.size() + " ms=" + elapsed.toMillis();
  }

  /**
   * Counts for one target table.
   *
   * @param table the target table
   * @param objectsLoaded objects loaded (or replaced) by this sync
   * @param rowsLoaded rows loaded by this sync
   * @param rowsRejected rows written to rejects by this sync ({@link OnError#REJECT})
   * @param objectsSkipped objects already loaded with the same content
   * @param objectsBusy objects being loaded by another worker at the same time
   * @param objectsFailed objects that failed
   * @param objectsRemaining objects left for the next sync by the deadline
   * @param bytesLoaded bytes of the objects loaded by this sync (their listed sizes) [#23]
   */
  public record TableResult(String table, long objectsLoaded, long rowsLoaded, long rowsRejected,
      long objectsSkipped, long objectsBusy, long objectsFailed, long objectsRemaining, long bytesLoaded) {}
}
