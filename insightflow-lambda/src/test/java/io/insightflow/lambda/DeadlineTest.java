package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  private static final Instant NOW = Instant.parse("2024-05-07T09:30:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** A context whose remaining time is fixed, so the arithmetic is exact. */
  private static TestContext remaining(long millis) {
    return new TestContext(Duration.ofMillis(millis)) {
      @Override
      public int getRemainingTimeInMillis() {
        return (int) millis;
      }
    };
  }

  @Test
  void of_longInvocation_keepsTheWholeMargin() {
    assertThat(Deadline.of(remaining(900_000), Duration.ofSeconds(30), CLOCK)).isEqualTo(NOW.plusSeconds(870));
  }

  @Test
  void of_shortInvocation_keepsAtMostHalf() {
    assertThat(Deadline.of(remaining(3_000), Duration.ofSeconds(30), CLOCK)).isEqualTo(NOW.plusMillis(1_500));
  }

  @Test
  void of_noTimeLeft_isNow() {
    assertThat(Deadline.of(remaining(0), Duration.ofSeconds(30), CLOCK)).isEqualTo(NOW);
    assertThat(Deadline.budget(remaining(0), Duration.ofSeconds(30), CLOCK)).isZero();
  }
}
