package io.insightflow.sync;

import io.insightflow.config.InsightflowProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What every object of one sync is held to while it loads, since whoever wrote it is untrusted:
 * how far a compressed object may inflate, how long a JSON line or CSV record may be, and when
 * loading must stop (the caller's deadline: an object still loading then is rolled back and stays
 * pending).
 *
 * @param maxInflation decoded bytes allowed per stored byte of a compressed object
 *     ({@code insightflow.sync.maxInflation}); below {@link #INFLATION_GRACE} decoded bytes any ratio passes
 * @param maxLineBytes longest JSON line, or CSV record of an object other writers delivered ({@link CsvGuard}), in
 *     bytes ({@code insightflow.sync.maxLineBytes})
 * @param deadline when loading stops, or null for never
 * @param clock what "now" is read from
 */
record LoadLimits(long maxInflation, long maxLineBytes, Instant deadline, Clock clock) {

  /** Decoded bytes any compressed object may have, whatever its ratio: tiny repetitive files compress far beyond 100. */
  static final long INFLATION_GRACE = 1L << 20;

  /** The defaults, with no deadline (the PostgreSQL sink of an ingest). */
  static final LoadLimits DEFAULT = new LoadLimits(InsightflowProperties.SYNC_MAX_INFLATION.defaultValue(),
      InsightflowProperties.SYNC_MAX_LINE_BYTES.defaultValue(), null, Clock.systemUTC());

  LoadLimits {
    Objects.requireNonNull(clock, "clock");
  }

  /** Decoded bytes a compressed object of {@code storedBytes} may have. */
  long maxDecodedBytes(long storedBytes) {
    double limit = Math.max(INFLATION_GRACE, (double) maxInflation * Math.max(0, storedBytes));
    return limit >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) limit;
  }

  /** Milliseconds until the deadline (negative once past), or {@link Long#MAX_VALUE} without one. */
  long millisLeft() {
    return deadline == null ? Long.MAX_VALUE : Duration.between(clock.instant(), deadline).toMillis();
  }

  /** Whether the deadline has passed. */
  boolean pastDeadline() {
    return deadline != null && !clock.instant().isBefore(deadline);
  }
}
