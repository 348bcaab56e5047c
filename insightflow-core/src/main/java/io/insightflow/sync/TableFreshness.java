package io.insightflow.sync;

import io.insightflow.api.Evolving;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How stale one table is: the newest partition time sync loaded into it, the newest complete
 * partition in the lake, and how far each lies behind "now" (the {@link java.time.Clock} of the
 * {@link LakeSync}). {@code loadedLag} is what an operator alarms on; {@code lakeLag} tells whether
 * the lag comes from ingest (the lake is stale too) or from sync (the lake is ahead). [#23]
 *
 * @param table the target table
 * @param newestLoaded newest partition time among the objects whose rows the table holds, or null when none
 * @param newestInLake newest partition time of a complete run (or external object) in the lake, or null when none
 * @param loadedLag {@code now - newestLoaded}, or null when nothing is loaded (never negative)
 * @param lakeLag {@code now - newestInLake}, or null when the lake holds nothing complete (never negative)
 */
@Evolving
public record TableFreshness(String table, Instant newestLoaded, Instant newestInLake, Duration loadedLag,
    Duration lakeLag) {

  public TableFreshness {
    Objects.requireNonNull(table, "table");
  }

  /** The freshness of {@code table} at {@code now}; a partition time after {@code now} has lag zero. */
  public static TableFreshness of(String table, Instant newestLoaded, Instant newestInLake, Instant now) {
    Objects.requireNonNull(now, "now");
    return new TableFreshness(table, newestLoaded, newestInLake, lag(newestLoaded, now), lag(newestInLake, now));
  }

  private static Duration lag(Instant time, Instant now) {
    return time == null ? null : time.isAfter(now) ? Duration.ZERO : Duration.between(time, now);
  }
}
