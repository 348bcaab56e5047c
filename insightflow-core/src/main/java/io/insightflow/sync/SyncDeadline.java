package io.insightflow.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a sync must stop, and whether the next object still fits before then at the speed this sync
 * has observed per connection, so an object that cannot finish is left for the next sync instead of
 * being rolled back at the deadline. Thread-safe: the workers of one sync share it.
 */
final class SyncDeadline {

  private final Instant deadline;
  private final Clock clock;
  private final AtomicLong bytesDone = new AtomicLong();
  private final AtomicLong millisDone = new AtomicLong();

  /** The earlier of {@link SyncOptions#deadline()} and {@link SyncOptions#timeBudget()} from now; null for none. */
  static Instant effective(SyncOptions options, Clock clock) {
    Instant deadline = options.deadline();
    if (options.timeBudget() != null) {
      Instant budget = clock.instant().plus(options.timeBudget());
      deadline = deadline == null || budget.isBefore(deadline) ? budget : deadline;
    }
    return deadline;
  }

  /** A deadline of {@code limits}, read from their clock. */
  SyncDeadline(LoadLimits limits) {
    this.deadline = limits.deadline();
    this.clock = limits.clock();
  }

  /** Adds a loaded object to the observed speed. */
  void loaded(long bytes, long millis) {
    bytesDone.addAndGet(bytes);
    millisDone.addAndGet(Math.max(1, millis));
  }

  /**
   * Whether {@code o} must wait for the next sync: the deadline has passed, or loading it at the
   * observed speed would end after the deadline.
   */
  boolean tooLateFor(LakeObject o) {
    return tooLateFor(o.bytes());
  }

  /** {@link #tooLateFor(LakeObject)} for work of {@code workBytes} bytes (a replace's run). */
  boolean tooLateFor(long workBytes) {
    if (deadline == null) {
      return false;
    }
    long bytes = bytesDone.get();
    long millis = millisDone.get();
    Instant now = clock.instant();
    if (!now.isBefore(deadline)) {
      return true;
    }
    if (bytes == 0) {
      return false;
    }
    long estimate = workBytes * millis / bytes;
    return now.plusMillis(estimate).isAfter(deadline);
  }
}
