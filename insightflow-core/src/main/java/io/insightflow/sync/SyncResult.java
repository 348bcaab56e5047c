package io.insightflow.sync;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a sync did.
 *
 * @param loaded per table: objects and rows loaded by this call
 * @param skipped objects already loaded with the same content, or being loaded by another worker
 * @param failures objects that failed; nothing of them committed
 * @param remaining objects left because the deadline passed; the next call continues with them
 * @param elapsed wall time
 */
public record SyncResult(Map<String, TableLoad> loaded, int skipped, List<SyncFailure> failures, int remaining,
    Duration elapsed) {

  public SyncResult {
    loaded = Map.copyOf(loaded);
    failures = List.copyOf(failures);
  }

  /** True when no object failed (objects left by a deadline are not failures). */
  public boolean success() {
    return failures.isEmpty();
  }

  /** Rows loaded over all tables. */
  public long rows() {
    return loaded.values().stream().mapToLong(TableLoad::rows).sum();
  }

  /** Objects loaded over all tables. */
  public int objects() {
    return loaded.values().stream().mapToInt(TableLoad::objects).sum();
  }

  /**
   * Loads into one table.
   *
   * @param objects objects loaded
   * @param rows rows loaded
   */
  public record TableLoad(int objects, long rows) {}
}
