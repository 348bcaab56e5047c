package io.insightflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves on by {@code step} every time it is read, so that time budgets and deadlines
 * run out after a known number of looks at the clock, however fast the machine. Thread-safe.
 */
public final class SteppingClock extends Clock {

  private final Instant first;
  private final Duration step;
  private final AtomicLong readings = new AtomicLong();

  /** The first reading gives {@code first}, each later one {@code step} more. */
  public SteppingClock(Instant first, Duration step) {
    this.first = first;
    this.step = step;
  }

  @Override
  public Instant instant() {
    return first.plus(step.multipliedBy(readings.getAndIncrement()));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
