package io.insightflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.ingest.IngestOptions;
import io.insightflow.spi.TableName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an {@link IngestCall}'s overrides combine with the configured ingest. */
class IngestServiceTest {

  private static final Map<String, String> SETTINGS = Map.of("insightflow.source.url",
      "jdbc:postgresql://127.0.0.1:5432/test", "insightflow.tables", "orders", "insightflow.ingest.timeBudget", "10m");

  @Test
  void options_configured_areTheSettings() {
    IngestOptions options = IngestService.options(SETTINGS, null, IngestCall.configured());

    assertThat(options.tables()).extracting(TableName::name).containsExactly("orders");
    assertThat(options.triggerTime()).isNull();
    assertThat(options.timeBudget()).isEqualTo(Duration.ofMinutes(10));
    assertThat(options.source().passwordSupplier()).isEmpty();
  }

  @Test
  void options_callOverrides_replaceTablesTimeAndPassword() {
    Instant time = Instant.parse("2024-05-07T09:30:00Z");

    IngestOptions options = IngestService.options(SETTINGS, () -> "s3cret",
        IngestCall.builder().tables(List.of("products", "aisles")).triggerTime(time).build());

    assertThat(options.tables()).extracting(TableName::name).containsExactly("products", "aisles");
    assertThat(options.triggerTime()).isEqualTo(time);
    assertThat(options.source().passwordSupplier()).get().extracting(p -> p.get()).isEqualTo("s3cret");
  }

  @Test
  void options_deadline_isTheBudgetUnlessTheConfiguredOneEndsFirst() {
    Instant now = Instant.now();

    Duration soon = IngestService.options(SETTINGS, null,
        IngestCall.builder().deadline(now.plus(Duration.ofMinutes(2))).build()).timeBudget();
    Duration late = IngestService.options(SETTINGS, null,
        IngestCall.builder().deadline(now.plus(Duration.ofHours(1))).build()).timeBudget();
    Duration past = IngestService.options(SETTINGS, null,
        IngestCall.builder().deadline(now.minusSeconds(1)).build()).timeBudget();

    assertThat(soon).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(2));
    assertThat(late).isEqualTo(Duration.ofMinutes(10));
    assertThat(past).isEqualTo(Duration.ofMillis(1));
  }
}
