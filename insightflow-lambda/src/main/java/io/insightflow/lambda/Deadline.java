package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When an invocation must stop taking new work: its remaining time minus a safety margin for the
 * work in flight and the reply. The margin is at most half the remaining time, so an invocation
 * with little time left still makes progress.
 */
final class Deadline {

  private Deadline() {}

  /**
   * @param context the invocation (its remaining time)
   * @param margin {@code insightflow.lambda.safetyMargin}
   * @param clock "now"
   */
  static Instant of(Context context, Duration margin, Clock clock) {
    long remaining = Math.max(0, context.getRemainingTimeInMillis());
    long kept = Math.min(margin.toMillis(), remaining / 2);
    return clock.instant().plusMillis(remaining - kept);
  }

  /** {@code insightflow.lambda.safetyMargin} of the container's settings. */
  static Duration margin(Insightflow flow) {
    return InsightflowProperties.LAMBDA_SAFETY_MARGIN.value(flow.settings());
  }

  /** {@link #of} on the system clock. */
  static Instant of(Context context, Duration margin) {
    return of(context, margin, Clock.systemUTC());
  }

  /** {@link #of} as a budget counted from now. */
  static Duration budget(Context context, Duration margin, Clock clock) {
    return Duration.between(clock.instant(), of(context, margin, clock));
  }
}
